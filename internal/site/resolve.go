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
	if p.site != nil {
		s = p.site // links name pages of the page's own language
	}
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
	l := link{dest: dest, path: u.Path, frag: u.Fragment, own: isOwn}
	if isOwn {
		l.path = own
	}
	if u.RawQuery != "" {
		l.suffix += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		l.suffix += "#" + u.EscapedFragment()
	}
	if content.IsMarkdown(l.path) {
		return r.toSource(l)
	}
	return r.toPath(l, image)
}

// link is a link of a page's Markdown, taken apart.
type link struct {
	dest string // as written
	// path is the path it names, from the site's root for a full address
	// of the site itself; frag its fragment; suffix its query and
	// fragment as they are published.
	path, frag, suffix string
	own                bool // a full address of the site itself
}

// toPage is a link's target when it leads to a page.
func (l link) toPage(tp *Page) markdown.Target {
	return written(markdown.Target{URL: tp.URL + l.suffix, Page: tp.Key, Fragment: l.frag}, l.dest, l.own)
}

// dir is the folder of content/ that relative links start from.
func (r Resolver) dir() string {
	switch {
	case r.page.Src == nil:
		return ""
	case r.page.Kind == content.Section:
		return strings.TrimSuffix(r.page.Src.Dir, "/")
	}
	return path.Dir(r.page.Src.Path)
}

// toSource resolves a link to a page's Markdown file.
func (r Resolver) toSource(l link) markdown.Target {
	target := l.path
	if !strings.HasPrefix(l.path, "/") {
		target = path.Join(r.dir(), l.path)
	}
	target = strings.TrimPrefix(path.Clean("/"+target), "/")
	// The page in the linking page's language, else in the default
	// language's, as one without a translation is read in that.
	tp := r.s.pageInOrDefault(func(ls *Site) *Page { return ls.bySource(target) })
	if tp == nil {
		return markdown.Target{URL: l.dest, Page: target, Fragment: l.frag, Problem: "there is no page " + folders.Content + "/" + target + r.hintPage(target, l.path)}
	}
	return l.toPage(tp)
}

// bySource finds the page of the site's language a link names by its
// file: by its path, with or without a language ("skills.cy.md" is
// "skills.md" in Welsh), or its folder's for an _index.md.
func (s *Site) bySource(target string) *Page {
	target, _ = content.SplitLang(target, s.Config)
	if tp := s.byPath[target]; tp != nil {
		return tp
	}
	if d, b := path.Split(target); strings.TrimSuffix(b, path.Ext(b)) == "_index" {
		return s.byPath[d]
	}
	return nil
}

// toPath resolves a link to an address: a file of content/, a page (or an
// old address of one), or a file the build writes itself.
func (r Resolver) toPath(l link, image bool) markdown.Target {
	p := l.path
	var rel string
	switch {
	case strings.HasPrefix(p, "/"):
		rel = strings.TrimPrefix(path.Clean(p), "/")
	case r.page.Src == nil:
		rel = strings.TrimPrefix(path.Clean("/"+r.page.Path+p), "/")
	default:
		rel = strings.TrimPrefix(path.Clean("/"+path.Join(r.dir(), p)), "/")
	}
	// A file of content/ (an image beside the page).
	if fu, ok := r.s.FileURL[rel]; ok && !strings.HasSuffix(p, "/") {
		return written(markdown.Target{URL: fu + l.suffix, File: rel}, l.dest, l.own)
	}
	if r.page.Src != nil && !strings.HasPrefix(p, "/") {
		// Relative to the page's folder in content/: in its language
		// first, where the page is published.
		if tp := r.pageAt(r.s.InLanguage(rel), p); tp != nil {
			return l.toPage(tp)
		}
	}
	if tp := r.pageAt(rel, p); tp != nil {
		return l.toPage(tp)
	}
	if _, ok := r.special[rel]; ok {
		return written(markdown.Target{URL: r.s.BasePath + rel + l.suffix, File: rel}, l.dest, l.own)
	}
	what := "page"
	if image {
		what = "image"
	}
	return markdown.Target{URL: l.dest, File: rel, Problem: "there is no " + what + " at /" + rel + r.hintURL(rel)}
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
	for _, p := range r.s.root.All {
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
	for _, p := range r.s.root.All {
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
