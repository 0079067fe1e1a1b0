// Package feed writes the files a site publishes besides its pages, mostly
// for machines: sitemap.xml, an Atom feed of its pages, robots.txt naming
// the sitemap (for a site at the root of its host), the pages at old addresses that send readers on, and the
// _headers file that lets hosts cache assets.
package feed

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strings"
	"time"

	"plansite/internal/cms"
	"plansite/internal/site"
)

// Sitemap lists every page of the site, in every language, with its
// absolute URL and the date it last changed, and a page's translations as
// its alternates, as search engines read them. It is written by hand, not
// by encoding/xml's reflection, because a preview rewrites it after edits
// to large sites.
func Sitemap(s *site.Site) []byte {
	var b bytes.Buffer
	b.Grow(len(s.All) * 96)
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	if len(s.Languages) > 1 {
		b.WriteString(` xmlns:xhtml="http://www.w3.org/1999/xhtml"`)
	}
	b.WriteString(">\n")
	for _, p := range s.All {
		b.WriteString("  <url>\n    <loc>")
		escape(&b, s.AbsURL(p.Path))
		b.WriteString("</loc>\n")
		if !p.Lastmod.IsZero() {
			b.WriteString("    <lastmod>")
			b.WriteString(p.Lastmod.UTC().Format(time.RFC3339))
			b.WriteString("</lastmod>\n")
		}
		alternates(&b, s, p)
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Atom is an Atom 1.0 feed of the site's newest regular pages: of one
// language's, on a multilingual site, at the language's root.
func Atom(s *site.Site, limit int) []byte {
	updated := s.Home.Lastmod
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	author := s.Config.Title
	if a, ok := s.Config.Params["author"].(string); ok && a != "" {
		author = a
	}
	pages := append([]*site.Page(nil), s.Regular...)
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Date.After(pages[j].Date) })
	if limit > 0 && len(pages) > limit {
		pages = pages[:limit]
	}

	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom"`)
	if s.Config.LanguageCode != "" {
		b.WriteString(` xml:lang="`)
		escape(&b, s.Config.LanguageCode)
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	element(&b, "  ", "title", s.Config.Title)
	element(&b, "  ", "id", s.AbsURL(s.LangPrefix))
	link(&b, "  ", s.AbsURL(s.LangPrefix+"index.xml"), "self", "application/atom+xml")
	link(&b, "  ", s.AbsURL(s.LangPrefix), "alternate", "text/html")
	element(&b, "  ", "updated", updated.UTC().Format(time.RFC3339))
	b.WriteString("  <author>\n")
	element(&b, "    ", "name", author)
	b.WriteString("  </author>\n")
	element(&b, "  ", "generator", "plansite")
	for _, p := range pages {
		when := p.Lastmod
		if when.IsZero() {
			when = updated
		}
		b.WriteString("  <entry>\n")
		element(&b, "    ", "title", p.Title)
		link(&b, "    ", s.AbsURL(p.Path), "alternate", "text/html")
		element(&b, "    ", "id", s.AbsURL(p.Path))
		element(&b, "    ", "updated", when.UTC().Format(time.RFC3339))
		if p.Summary != "" {
			b.WriteString(`    <summary type="html">`)
			escape(&b, string(p.Summary))
			b.WriteString("</summary>\n")
		}
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// alternates writes a page's translations, itself included, as the
// sitemap's alternates of its entry, and the default language's as the
// one for readers whose language the site does not have (x-default).
func alternates(b *bytes.Buffer, s *site.Site, p *site.Page) {
	ts := p.AllTranslations()
	for _, t := range ts {
		alternate(b, t.Language().Locale(), s.AbsURL(t.Path))
	}
	for _, t := range ts {
		if t.Language().IsDefault() {
			alternate(b, "x-default", s.AbsURL(t.Path))
		}
	}
}

func alternate(b *bytes.Buffer, lang, href string) {
	b.WriteString(`    <xhtml:link rel="alternate" hreflang="`)
	escape(b, lang)
	b.WriteString(`" href="`)
	escape(b, href)
	b.WriteString("\"/>\n")
}

func element(b *bytes.Buffer, indent, name, text string) {
	b.WriteString(indent + "<" + name + ">")
	escape(b, text)
	b.WriteString("</" + name + ">\n")
}

func link(b *bytes.Buffer, indent, href, rel, typ string) {
	b.WriteString(indent + `<link href="`)
	escape(b, href)
	b.WriteString(`" rel="` + rel + `" type="` + typ + `"></link>` + "\n")
}

// escape writes text escaped for XML character data and attribute values.
func escape(b *bytes.Buffer, s string) {
	if err := xml.EscapeText(b, []byte(s)); err != nil {
		panic(err) // a bytes.Buffer does not fail
	}
}

// Robots allows every crawler and names the sitemap, for a site at the
// root of its host. A site under a path gets none (nil): crawlers read
// robots.txt only at a host's root, so one under the path would look as
// if it worked and be ignored.
// A site with a CMS keeps crawlers out of its admin pages.
func Robots(s *site.Site) []byte {
	if s.BasePath != "/" {
		return nil
	}
	rules := "Allow: /\n"
	if s.Config.CMS != nil {
		rules += "Disallow: /" + cms.Dir + "\n"
	}
	return []byte("User-agent: *\n" + rules + "\nSitemap: " + s.AbsURL("sitemap.xml") + "\n")
}

// RobotsNote says why a site under a path has no robots.txt and what to
// do instead, or is empty for a site at the root of its host.
func RobotsNote(s *site.Site) string {
	if s.BasePath == "/" {
		return ""
	}
	root := strings.TrimSuffix(s.AbsURL(""), strings.TrimPrefix(s.BasePath, "/")) + "robots.txt"
	note := "robots.txt is not written: the base URL " + s.AbsURL("") + " has a path, and crawlers read robots.txt only at the root of a host (" +
		root + "). To point them to the sitemap, add \"Sitemap: " + s.AbsURL("sitemap.xml") + "\" to that file."
	if s.Config.CMS != nil {
		// The admin page says noindex itself; only the host's robots.txt
		// can keep crawlers from fetching it.
		note += " To keep crawlers out of the CMS's admin pages, which are marked noindex, add \"Disallow: " + s.BasePath + cms.Dir + "\" too."
	}
	return note
}
