package site

import (
	"net/url"
	"path"
	"sort"
	"strings"

	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/markdown"
)

// Resolver resolves the links and images of one page's Markdown: a link may
// name another page's source file ("../objectives/skills.md#anchor") or its
// URL ("/objectives/skills/"), or a file of content/ ("chart.png"); each is
// published as the target's URL, base path included.
type Resolver struct {
	s    *Site
	page *Page
	// special are other files the build writes (sitemap.xml, index.xml…),
	// by site-relative path.
	special map[string]string
}

// Resolver makes the resolver of a page's links. special lists the files
// the build writes besides pages and the files of content/, by
// site-relative path.
func (s *Site) Resolver(p *Page, special map[string]string) Resolver {
	return Resolver{s: s, page: p, special: special}
}

// Resolve finds where a link or image of the page leads.
func (r Resolver) Resolve(dest string, image bool) markdown.Target {
	if dest == "" {
		return markdown.Target{Problem: "the link has no destination"}
	}
	if strings.HasPrefix(dest, "#") {
		return markdown.Target{URL: dest, Page: r.page.Key, Fragment: dest[1:]}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return markdown.Target{URL: dest, Problem: "it is not a valid URL"}
	}
	// A full address of the site itself is checked as the page it names,
	// where it was written, and published as written; it is not another
	// site's, to be fetched by plansite check --external.
	own, isOwn := r.s.OwnPath(u)
	if !isOwn && (u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//")) {
		return markdown.Target{URL: dest, External: true}
	}
	p := u.Path
	if isOwn {
		p = own
	}
	frag := u.Fragment
	suffix := ""
	if u.RawQuery != "" {
		suffix += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		suffix += "#" + u.EscapedFragment()
	}

	dir := ""
	if r.page.Src != nil {
		dir = path.Dir(r.page.Src.Path)
		if r.page.Kind == content.Section {
			dir = strings.TrimSuffix(r.page.Src.Dir, "/")
		}
	}

	toPage := func(tp *Page) markdown.Target {
		return written(markdown.Target{URL: tp.URL + suffix, Page: tp.Key, Fragment: frag}, dest, isOwn)
	}
	if content.IsMarkdown(p) {
		target := p
		if !strings.HasPrefix(p, "/") {
			target = path.Join(dir, p)
		}
		target = strings.TrimPrefix(path.Clean("/"+target), "/")
		tp := r.s.ByContentPath(target)
		if tp == nil {
			if d, b := path.Split(target); strings.TrimSuffix(b, path.Ext(b)) == "_index" {
				tp = r.s.ByContentPath(d)
			}
		}
		if tp == nil {
			return markdown.Target{URL: dest, Page: target, Fragment: frag, Problem: "there is no page " + folders.Content + "/" + target + r.hintPage(target, p)}
		}
		return toPage(tp)
	}

	var rel string
	if strings.HasPrefix(p, "/") {
		rel = strings.TrimPrefix(path.Clean(p), "/")
	} else {
		rel = strings.TrimPrefix(path.Clean("/"+path.Join(dir, p)), "/")
	}
	if r.page.Src == nil && !strings.HasPrefix(p, "/") {
		rel = strings.TrimPrefix(path.Clean("/"+r.page.Path+p), "/")
	}
	// A file of content/ (an image beside the page).
	if fu, ok := r.s.FileURL[rel]; ok && !strings.HasSuffix(p, "/") {
		return written(markdown.Target{URL: fu + suffix, File: rel}, dest, isOwn)
	}
	if tp := r.pageAt(rel, p); tp != nil {
		return toPage(tp)
	}
	if _, ok := r.special[rel]; ok {
		return written(markdown.Target{URL: r.s.BasePath + rel + suffix, File: rel}, dest, isOwn)
	}
	what := "page"
	if image {
		what = "image"
	}
	return markdown.Target{URL: dest, File: rel, Problem: "there is no " + what + " at /" + rel + r.hintURL(rel)}
}

// pageAt finds the page a link's path p (rel once cleaned) leads to: by its
// URL, or by one of its old addresses, an alias, which is linked as the
// page's own so that readers are not sent through the redirect.
func (r Resolver) pageAt(rel, p string) *Page {
	if strings.HasSuffix(p, "/") || p == "" || path.Ext(p) == "" {
		if tp := r.s.ByURLPath(rel + "/"); tp != nil {
			return tp
		}
	}
	if tp := r.s.ByURLPath(rel); tp != nil {
		return tp
	}
	return r.s.ByAlias(rel)
}

// written keeps the address a writer gave in full, for a link to the site
// itself: it was made to be absolute (for a feed, a copy elsewhere).
func written(t markdown.Target, dest string, own bool) markdown.Target {
	if own {
		t.URL = dest
	}
	return t
}

// hintPage suggests the nearest existing page for a mistyped .md link,
// written the way the writer wrote theirs (relative or from the root).
func (r Resolver) hintPage(target, written string) string {
	var cands []string
	for _, p := range r.s.All {
		if p.Src != nil {
			cands = append(cands, p.Src.Path)
		}
	}
	c, ok := diag.Closest(target, cands)
	if !ok {
		return ""
	}
	if strings.HasPrefix(written, "/") {
		return ` (did you mean "/` + c + `"?)`
	}
	from := "."
	if r.page.Src != nil {
		from = path.Dir(r.page.Src.Path)
	}
	return ` (did you mean "` + relativePath(from, c) + `"?)`
}

func (r Resolver) hintURL(rel string) string {
	var cands []string
	for _, p := range r.s.All {
		cands = append(cands, p.Path)
	}
	for f := range r.s.FileURL {
		cands = append(cands, f)
	}
	sort.Strings(cands)
	if c, ok := diag.Closest(rel, cands); ok && c != rel {
		return ` (did you mean "/` + c + `"?)`
	}
	return ""
}

// relativePath is the relative path from folder from to file to, both
// slash paths relative to the same root.
func relativePath(from, to string) string {
	if from == "." || from == "" {
		return to
	}
	fp := strings.Split(from, "/")
	tp := strings.Split(to, "/")
	i := 0
	for i < len(fp) && i < len(tp)-1 && fp[i] == tp[i] {
		i++
	}
	return strings.Repeat("../", len(fp)-i) + strings.Join(tp[i:], "/")
}
