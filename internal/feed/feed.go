// Package feed writes the files a site publishes for machines: sitemap.xml,
// an Atom feed of its pages, and robots.txt naming the sitemap.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"time"

	"plansite/internal/site"
)

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// Sitemap lists every page of the site with its absolute URL and the date
// it last changed.
func Sitemap(s *site.Site) []byte {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range s.All {
		u := sitemapURL{Loc: s.AbsURL(p.Path)}
		if !p.Lastmod.IsZero() {
			u.Lastmod = p.Lastmod.UTC().Format(time.RFC3339)
		}
		set.URLs = append(set.URLs, u)
	}
	return marshal(set)
}

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Links   []atomLink  `xml:"link"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Gen     string      `xml:"generator"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	Links   []atomLink `xml:"link"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Summary *atomText  `xml:"summary,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Atom is an Atom 1.0 feed of the site's regular pages, newest first.
func Atom(s *site.Site) []byte {
	updated := s.Home.Lastmod
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	author := s.Config.Title
	if a, ok := s.Config.Params["author"].(string); ok && a != "" {
		author = a
	}
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Lang: s.Config.LanguageCode,
		Title: s.Config.Title, ID: s.AbsURL(""),
		Links: []atomLink{
			{Href: s.AbsURL("index.xml"), Rel: "self", Type: "application/atom+xml"},
			{Href: s.AbsURL(""), Rel: "alternate", Type: "text/html"},
		},
		Updated: updated.UTC().Format(time.RFC3339),
		Author:  atomAuthor{Name: author},
		Gen:     "plansite",
	}
	pages := append([]*site.Page(nil), s.Regular...)
	sortNewest(pages)
	for _, p := range pages {
		when := p.Lastmod
		if when.IsZero() {
			when = updated
		}
		e := atomEntry{
			Title:   p.Title,
			Links:   []atomLink{{Href: s.AbsURL(p.Path), Rel: "alternate", Type: "text/html"}},
			ID:      s.AbsURL(p.Path),
			Updated: when.UTC().Format(time.RFC3339),
		}
		if p.Summary != "" {
			e.Summary = &atomText{Type: "html", Body: string(p.Summary)}
		}
		f.Entries = append(f.Entries, e)
	}
	return marshal(f)
}

// sortNewest orders pages by date, newest first, keeping the default order
// among equal dates.
func sortNewest(ps []*site.Page) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Date.After(ps[j].Date) })
}

// Robots allows every crawler and names the sitemap.
func Robots(s *site.Site) []byte {
	return []byte(fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.AbsURL("sitemap.xml")))
}

func marshal(v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		// The values are strings we built: encoding cannot fail.
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}
