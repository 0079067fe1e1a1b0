package build

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"plansite/internal/check"
	"plansite/internal/diag"
	"plansite/internal/site"
)

// checkLinks reports every internal link and #anchor that leads nowhere:
// those written in Markdown at their line and column, and those the layouts
// produce once per layout file and link.
func (b *Builder) checkLinks(s *site.Site) []diag.Diagnostic {
	var diags []diag.Diagnostic
	docs := make(map[string]*check.Doc, len(b.rendered))
	for _, rd := range b.rendered {
		if rd.err == nil {
			docs[rd.out] = &rd.doc
		}
	}
	idSets := map[string]map[string]bool{}
	idsOf := func(target string) map[string]bool {
		if set, ok := idSets[target]; ok {
			return set
		}
		set := map[string]bool{}
		if d := docs[target]; d != nil {
			for _, id := range d.IDs {
				set[id] = true
			}
		}
		idSets[target] = set
		return set
	}
	fromMarkdown := map[string]bool{}

	for _, p := range s.All {
		if p.Src == nil {
			continue
		}
		for _, l := range p.Links {
			line, col := p.Src.BodyLine+l.Line-1, l.Col
			what := "link to"
			if l.Image {
				what = "image"
			}
			switch {
			case l.Target.External:
			case l.Target.Problem != "":
				diags = append(diags, diag.Errorf(p.Src.File, line, col, "%s %q: %s", what, l.Dest, l.Target.Problem))
			case l.Target.Page != "" && l.Target.Fragment != "":
				tp := s.ByContentPath(l.Target.Page)
				if tp == nil {
					break
				}
				frag, _ := url.PathUnescape(l.Target.Fragment)
				if ids := idsOf(tp.Out); !ids[frag] {
					diags = append(diags, diag.Errorf(p.Src.File, line, col, "%s %q: %s has no heading or element with id %q%s", what, l.Dest, pageName(tp), frag, diag.Hint(frag, sortedSet(ids))))
				}
			}
			if !l.Target.External {
				// Checked here, with its position; not again in the HTML.
				fromMarkdown[l.Target.URL] = true
			}
			if l.Image && strings.TrimSpace(l.Text) == "" {
				diags = append(diags, diag.Warnf(p.Src.File, line, col, "image %q has no alt text: describe it between the brackets, ![like this](%s)", l.Dest, l.Dest))
			}
			if !l.Image && strings.TrimSpace(l.Text) == "" {
				diags = append(diags, diag.Warnf(p.Src.File, line, col, "link to %q has no text: a screen reader has nothing to announce", l.Dest))
			}
		}
	}

	// Links the layouts made. One broken link in a partial is on every
	// page: report it once per layout file, naming a page it is on.
	type spot struct{ file, url string }
	seen := map[spot]bool{}
	var found []diag.Diagnostic
	keys := make([]string, 0, len(b.rendered))
	for k := range b.rendered {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		r := b.rendered[key]
		if r.err != nil {
			continue
		}
		pageURL := s.BasePath + strings.TrimSuffix(r.out, "index.html")
		for _, l := range r.doc.Links {
			if fromMarkdown[l.URL] {
				continue
			}
			problem := b.checkOutputLink(s, pageURL, r.out, l.URL, idsOf)
			if problem == "" {
				continue
			}
			file, line, col := b.locate(r, l.URL)
			k := spot{file, l.URL}
			if seen[k] {
				continue
			}
			seen[k] = true
			found = append(found, diag.Errorf(file, line, col, "%s (on %s)", problem, pageURL))
		}
	}
	return append(diags, found...)
}

// checkOutputLink checks a link found in a page's HTML, returning what is
// wrong with it or "".
func (b *Builder) checkOutputLink(s *site.Site, pageURL, pageOut, raw string, idsOf func(string) map[string]bool) string {
	if raw == "" {
		return "a link with an empty href"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("link to %q is not a valid URL", raw)
	}
	if own := b.ownPath(u); own != "" {
		// An absolute link to the site itself (canonical, og:url) is checked
		// as the page it names.
		u.Scheme, u.Host, u.Path = "", "", own
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(raw, "//") {
		return ""
	}
	target := pageOut
	exists := func(name string) bool { _, ok := b.current[name]; return ok }
	if u.Path != "" {
		full := u.Path
		if !strings.HasPrefix(full, "/") {
			full = path.Join(path.Dir("/"+strings.TrimPrefix(pageURL, "/")+"x"), full)
			if strings.HasSuffix(u.Path, "/") {
				full += "/"
			}
		}
		if !strings.HasPrefix(full, s.BasePath) {
			return fmt.Sprintf("link to %q leaves the site, whose base path is %s: make it with relURL or .RelPermalink", raw, s.BasePath)
		}
		rel := strings.TrimPrefix(full, s.BasePath)
		switch {
		case rel == "" || strings.HasSuffix(rel, "/"):
			target = rel + "index.html"
		case exists(rel):
			target = rel
		case exists(rel + "/index.html"):
			target = rel + "/index.html"
		default:
			target = rel
		}
		if !exists(target) {
			return fmt.Sprintf("link to %q goes nowhere: the site has no /%s", raw, rel)
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") {
		if !idsOf(target)[u.Fragment] {
			return fmt.Sprintf("link to %q: /%s has no element with id %q", raw, strings.TrimSuffix(target, "index.html"), u.Fragment)
		}
	}
	return ""
}

// locate finds where in the layouts a page's link was written, by looking
// for its text in the files the page's render used.
func (b *Builder) locate(r *rendered, link string) (string, int, int) {
	names := r.deps.LayoutNames()
	needles := []string{link}
	if u, err := url.Parse(link); err == nil && u.Path != "" {
		needles = append(needles, strings.TrimPrefix(u.Path, b.site.BasePath))
	}
	for _, needle := range needles {
		for _, n := range names {
			src, err := b.theme.ReadFile(n)
			if err != nil {
				continue
			}
			if i := bytes.Index(src, []byte(needle)); i >= 0 && needle != "" {
				pos := diag.PosAt(src, i)
				return b.theme.Origin(n), pos.Line, pos.Col
			}
		}
	}
	// Made by an expression: name the page's layout.
	for _, n := range names {
		if !strings.Contains(n, "/_partials/") && !strings.HasSuffix(n, "baseof.html") {
			return b.theme.Origin(n), 0, 0
		}
	}
	if len(names) > 0 {
		return b.theme.Origin(names[0]), 0, 0
	}
	return "layouts", 0, 0
}

func pageName(p *site.Page) string {
	if p.Src != nil {
		return p.Src.File
	}
	return p.URL
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ExternalLinks lists the links to other sites in the last build: those
// written in Markdown at their position, those of the layouts once each.
func (b *Builder) ExternalLinks() []check.ExternalLink {
	var out []check.ExternalLink
	if b.site == nil {
		return nil
	}
	for _, p := range b.site.All {
		if p.Src == nil {
			continue
		}
		for _, l := range p.Links {
			if l.Target.External {
				out = append(out, check.ExternalLink{URL: l.Dest, File: p.Src.File, Line: p.Src.BodyLine + l.Line - 1, Col: l.Col})
			}
		}
	}
	seen := map[string]bool{}
	for _, l := range out {
		seen[l.URL] = true
	}
	keys := make([]string, 0, len(b.rendered))
	for k := range b.rendered {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r := b.rendered[k]
		for _, l := range r.doc.Links {
			u, err := url.Parse(l.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || seen[l.URL] || b.ownPath(u) != "" {
				continue
			}
			seen[l.URL] = true
			file, line, col := b.locate(r, l.URL)
			out = append(out, check.ExternalLink{URL: l.URL, File: file, Line: line, Col: col})
		}
	}
	return out
}

// ownPath is the path of an absolute URL that points into the site itself
// (its base URL), or "".
func (b *Builder) ownPath(u *url.URL) string {
	base, err := url.Parse(b.cfg.BaseURL)
	if err != nil || base.Host == "" || !strings.EqualFold(u.Host, base.Host) || u.Scheme != base.Scheme {
		return ""
	}
	if !strings.HasPrefix(u.Path, base.Path) && u.Path+"/" != base.Path {
		return ""
	}
	if u.Path == "" {
		return "/"
	}
	return u.Path
}
