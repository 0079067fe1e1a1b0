package check

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/images"
	"plansite/internal/site"
	"plansite/internal/theme"
)

// Render is what link checking needs of a page's last render.
type Render struct {
	Key, Out string
	// Links and IDs are what Scan found in the page's HTML.
	Links, IDs []string
	// Layouts are the theme files the render executed, sorted.
	Layouts []string
	Failed  bool
}

// Output is a built site as link checking sees it.
type Output interface {
	// Render is the last render of the page with a key, or nil.
	Render(key string) *Render
	// RenderAt is the last render written to an output file, or nil.
	RenderAt(out string) *Render
	// Has reports whether the build makes an output file.
	Has(name string) bool
}

// Env is what a check of links looks at: the site's pages, its theme's
// files (to say where in a layout a link was written), and its output.
type Env struct {
	Site  *site.Site
	Theme *theme.FS
	Out   Output
}

// Links checks the links and #anchors of a site's pages, those written in
// Markdown and those in the HTML, and keeps what it found for each page, so
// that after an edit only the pages concerned are checked again.
type Links struct {
	// track keeps which pages link to each output, for rebuilds.
	track    bool
	checks   map[string]*pageCheck
	problems map[string]bool            // keys of pages with problems
	linkedBy map[string]map[string]bool // output → keys of pages linking to it
	mdURLs   map[string]int             // URLs of Markdown links, counted
}

// pageCheck is what checking one page's links found.
type pageCheck struct {
	// markdown are the problems of its Markdown links, at their positions.
	markdown []diag.Diagnostic
	// output are the links in its HTML that lead nowhere.
	output []outputProblem
	// targets are the outputs it links to (there or not), so that a change
	// to one of them checks the page again.
	targets []string
	// mdURLs are its Markdown links as published, counted in Links.mdURLs.
	mdURLs []string
}

// outputProblem is a link in a page's HTML that leads nowhere.
type outputProblem struct {
	url string
	d   diag.Diagnostic
}

// NewLinks makes an empty record. With track, it indexes which pages link
// to each output, for LinkingTo.
func NewLinks(track bool) *Links {
	return &Links{track: track, checks: map[string]*pageCheck{}, problems: map[string]bool{},
		linkedBy: map[string]map[string]bool{}, mdURLs: map[string]int{}}
}

// Check checks the links of the pages with the given keys. With all, they
// are every page of the site, and what was found for others is forgotten.
func (c *Links) Check(env Env, keys map[string]bool, all bool) {
	if all {
		for k := range c.checks {
			if !keys[k] {
				c.Forget(k)
			}
		}
	}
	for k := range keys {
		c.checkPage(env, k)
	}
}

// LinkingTo adds to keys the pages whose last check found a link to one of
// outs (an output a rebuild changed, added or removed).
func (c *Links) LinkingTo(outs, keys map[string]bool) {
	for out := range outs {
		for k := range c.linkedBy[out] {
			keys[k] = true
		}
	}
}

// checkPage checks one page's links and indexes what it links to.
func (c *Links) checkPage(env Env, key string) {
	c.Forget(key)
	pc := &pageCheck{}
	p := env.Site.ByContentPath(key)
	if p != nil && p.Src != nil {
		markdownLinks(env, p, pc)
	}
	if r := env.Out.Render(key); r != nil && !r.Failed {
		pageURL := env.Site.BasePath + strings.TrimSuffix(r.Out, "index.html")
		file, origin := renderFile(env, p, r)
		for _, id := range DuplicateIDs(r.IDs) {
			pc.markdown = append(pc.markdown, diag.Diagnostic{File: file, Origin: origin, Severity: diag.Error,
				Message: fmt.Sprintf("%s has the id %q more than once: give a heading another name, or an id of its own with {#another-id}", pageURL, id)})
		}
		for _, l := range r.Links {
			target, problem := outputLink(env, pageURL, r.Out, l)
			if target != "" {
				pc.targets = append(pc.targets, target)
			}
			if problem != "" {
				d := locate(env, r, l)
				d.Severity, d.Message = diag.Error, fmt.Sprintf("%s (on %s)", problem, pageURL)
				pc.output = append(pc.output, outputProblem{url: l, d: d})
			}
		}
	}
	if c.track {
		for _, t := range pc.targets {
			set := c.linkedBy[t]
			if set == nil {
				set = map[string]bool{}
				c.linkedBy[t] = set
			}
			set[key] = true
		}
	} else {
		pc.targets = nil // only rebuilds look them up
	}
	for _, u := range pc.mdURLs {
		c.mdURLs[u]++
	}
	c.checks[key] = pc
	if len(pc.markdown) > 0 || len(pc.output) > 0 {
		c.problems[key] = true
	}
}

// Forget drops what checking a page found, and its index entries.
func (c *Links) Forget(key string) {
	pc := c.checks[key]
	if pc == nil {
		return
	}
	for _, t := range pc.targets {
		if set := c.linkedBy[t]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(c.linkedBy, t)
			}
		}
	}
	for _, u := range pc.mdURLs {
		if c.mdURLs[u]--; c.mdURLs[u] <= 0 {
			delete(c.mdURLs, u)
		}
	}
	delete(c.checks, key)
	delete(c.problems, key)
}

// Diagnostics are what the checks found. A broken link in a partial is on
// every page: it is reported once per layout file and link, naming the
// first page it is on. A link written in Markdown is reported where it was
// written, not again as it appears in the HTML.
func (c *Links) Diagnostics() []diag.Diagnostic {
	keys := make([]string, 0, len(c.problems))
	for k := range c.problems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []diag.Diagnostic
	type spot struct {
		file string
		o    diag.Origin
		url  string
	}
	seen := map[spot]bool{}
	for _, k := range keys {
		pc := c.checks[k]
		out = append(out, pc.markdown...)
		for _, op := range pc.output {
			if c.mdURLs[op.url] > 0 {
				continue
			}
			sp := spot{op.d.File, op.d.Origin, op.url}
			if seen[sp] {
				continue
			}
			seen[sp] = true
			out = append(out, op.d)
		}
	}
	return out
}

// markdownLinks checks the links written in a page's Markdown: resolved at
// conversion, with #anchors checked against the target's published IDs.
func markdownLinks(env Env, p *site.Page, pc *pageCheck) {
	s := env.Site
	for _, l := range p.Links {
		line, col := p.Src.BodyLine+l.Line-1, l.Col
		what := "link to"
		if l.Image {
			what = "image"
		}
		switch {
		case l.Target.External:
		case l.Target.Problem != "":
			pc.markdown = append(pc.markdown, diag.Errorf(p.Src.File, line, col, "%s %q: %s", what, l.Dest, l.Target.Problem))
		case l.Target.Page != "":
			tp := s.ByContentPath(l.Target.Page)
			if tp == nil {
				break
			}
			pc.targets = append(pc.targets, tp.Out)
			if twin := ownLanguage(p, tp); twin != nil {
				pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, line, col, "%s %q goes to the %s page %s, which has a %s version: link to its %s version %s",
					what, l.Dest, tp.Language().EnglishName(), tp.URL, p.Language().EnglishName(), p.Language().EnglishName(), twin.URL))
			}
			if l.Target.Fragment == "" {
				break
			}
			frag, _ := url.PathUnescape(l.Target.Fragment)
			if ids := idsOf(env, tp.Out); !slices.Contains(ids, frag) {
				pc.markdown = append(pc.markdown, diag.Errorf(p.Src.File, line, col, "%s %q: %s has no heading or element with id %q%s", what, l.Dest, tp.Where(), frag, diag.Hint(frag, ids)))
			}
		}
		if !l.Target.External {
			// Checked here, with its position; not again in the HTML.
			pc.mdURLs = append(pc.mdURLs, l.Target.URL)
		}
		pc.markdown = append(pc.markdown, linkText(p.Src.File, line, col, l.Dest, l.Text, l.Image)...)
		if l.Sized != nil && l.Sized.Served() > images.MaxServed {
			pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, line, col, "%s", images.TooBig(l.Sized)))
		}
	}
	for _, h := range ContentHeadings(p.Headings) {
		pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, p.Src.BodyLine+h.Line-1, 1, "%s", h.Message))
	}
}

// ownLanguage is the translation, in the language of page p, of the page
// tp that one of p's links leads to, when tp is in another language: a
// reader of a Welsh page follows its links in Welsh where they can.
func ownLanguage(p, tp *site.Page) *site.Page {
	if tp.Lang() == p.Lang() {
		return nil
	}
	return tp.TranslationIn(p.Lang())
}

// linkText checks what a screen reader announces for a link or an image.
func linkText(file string, line, col int, dest, text string, image bool) []diag.Diagnostic {
	switch {
	case image && strings.TrimSpace(text) == "":
		return []diag.Diagnostic{diag.Warnf(file, line, col, "image %q has no alt text: describe it between the brackets, ![like this](%s)", dest, dest)}
	case image && images.AltIsFileName(text):
		return []diag.Diagnostic{diag.Warnf(file, line, col, "image %q: its alt text %q is a file's name: say what the image shows", dest, text)}
	case image:
		return nil
	case strings.TrimSpace(text) == "":
		return []diag.Diagnostic{diag.Warnf(file, line, col, "link to %q has no text: a screen reader has nothing to announce", dest)}
	case VagueLinkText(text):
		return []diag.Diagnostic{diag.Warnf(file, line, col, "link text %q says nothing about where the link goes: name the destination, as in [the accessibility statement](…)", text)}
	}
	return nil
}

// renderFile names the file a problem of a whole rendered page is reported
// in: the page's own, or for a page without one, its layout.
func renderFile(env Env, p *site.Page, r *Render) (string, diag.Origin) {
	switch {
	case p != nil && p.Src != nil:
		return p.Src.File, diag.Site
	case len(r.Layouts) > 0:
		return r.Layouts[0], env.Theme.Origin(r.Layouts[0])
	}
	return folders.Layouts, diag.Site
}

// idsOf lists the IDs of a published page.
func idsOf(env Env, out string) []string {
	if r := env.Out.RenderAt(out); r != nil && !r.Failed {
		return r.IDs
	}
	return nil
}

// exists reports whether the site has an output. A page that failed to
// render counts: its own error says what is wrong, and links to it are not.
func exists(env Env, name string) bool {
	return env.Out.Has(name) || env.Out.RenderAt(name) != nil
}

// outputLink checks a link found in a page's HTML. It returns the output
// the link leads to (when it is internal) and what is wrong with it.
func outputLink(env Env, pageURL, pageOut, raw string) (target, problem string) {
	if raw == "" {
		return "", "a link with an empty href"
	}
	if strings.HasPrefix(raw, "#") {
		frag, _ := url.PathUnescape(raw[1:])
		if frag != "" && !slices.Contains(idsOf(env, pageOut), frag) {
			return pageOut, fmt.Sprintf("link to %q: this page has no element with id %q", raw, frag)
		}
		return pageOut, ""
	}
	u, ok := parseLink(env.Site, raw)
	if !ok {
		return "", fmt.Sprintf("link to %q is not a valid URL", raw)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(raw, "//") {
		return "", ""
	}
	target = pageOut
	if u.Path != "" {
		var problem string
		if target, problem = outputPath(env, pageURL, raw, u.Path); problem != "" {
			return target, problem
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") {
		if !slices.Contains(idsOf(env, target), u.Fragment) {
			return target, fmt.Sprintf("link to %q: /%s has no element with id %q", raw, strings.TrimSuffix(target, "index.html"), u.Fragment)
		}
	}
	return target, ""
}

// parseLink parses a link of a page's HTML. An absolute link to the site
// itself (canonical, og:url) is made the path of the page it names.
func parseLink(s *site.Site, raw string) (*url.URL, bool) {
	if plainPath(raw) {
		// Most links are plain site paths: no need to parse them.
		return &url.URL{Path: raw}, true
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false
	}
	if own, ok := s.OwnPath(u); ok {
		u.Scheme, u.Host, u.Path = "", "", s.BasePath+strings.TrimPrefix(own, "/")
	}
	return u, true
}

// outputPath finds the output a link's path p leads to, from the page at
// pageURL, and says what is wrong when there is none.
func outputPath(env Env, pageURL, raw, p string) (target, problem string) {
	s := env.Site
	full := p
	if !strings.HasPrefix(full, "/") {
		full = path.Join(path.Dir("/"+strings.TrimPrefix(pageURL, "/")+"x"), full)
		if strings.HasSuffix(p, "/") {
			full += "/"
		}
	}
	if !strings.HasPrefix(full, s.BasePath) {
		return "?" + full, fmt.Sprintf("link to %q leaves the site, whose base path is %s: make it with relURL or .RelPermalink", raw, s.BasePath)
	}
	rel := strings.TrimPrefix(full, s.BasePath)
	switch {
	case rel == "" || strings.HasSuffix(rel, "/"):
		target = rel + "index.html"
	case exists(env, rel):
		target = rel
	case exists(env, rel+"/index.html"):
		target = rel + "/index.html"
	default:
		target = rel
	}
	if !exists(env, target) {
		return target, fmt.Sprintf("link to %q goes nowhere: the site has no /%s", raw, rel)
	}
	return target, ""
}

// locate finds where in the layouts a page's link was written, by looking
// for its text in the files the page's render used.
func locate(env Env, r *Render, link string) diag.Diagnostic {
	at := func(name string, line, col int) diag.Diagnostic {
		return diag.Diagnostic{File: name, Line: line, Column: col, Origin: env.Theme.Origin(name)}
	}
	needles := []string{link}
	if u, err := url.Parse(link); err == nil && u.Path != "" {
		needles = append(needles, strings.TrimPrefix(u.Path, env.Site.BasePath))
	}
	for _, needle := range needles {
		for _, n := range r.Layouts {
			src, err := env.Theme.ReadFile(n)
			if err != nil {
				continue
			}
			if i := bytes.Index(src, []byte(needle)); i >= 0 && needle != "" {
				pos := diag.PosAt(src, i)
				return at(n, pos.Line, pos.Col)
			}
		}
	}
	// Made by an expression: name the page's layout.
	for _, n := range r.Layouts {
		if !strings.Contains(n, "/_partials/") && !strings.HasSuffix(n, "baseof.html") {
			return at(n, 0, 0)
		}
	}
	if len(r.Layouts) > 0 {
		return at(r.Layouts[0], 0, 0)
	}
	return diag.Diagnostic{File: folders.Layouts}
}

// plainPath reports whether a link is a path with nothing for a URL parser
// to find: no scheme, host, query, fragment or escapes.
func plainPath(raw string) bool {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") {
		return false
	}
	return !strings.ContainsAny(raw, "?#%:\\ ")
}

// ExternalLinks lists the links to other sites: those written in Markdown
// at their position, those of the layouts once each, from the renders
// given in order.
func ExternalLinks(env Env, renders []*Render) []ExternalLink {
	var out []ExternalLink
	seen := map[string]bool{}
	for _, p := range env.Site.All {
		if p.Src == nil {
			continue
		}
		for _, l := range p.Links {
			if l.Target.External {
				out = append(out, ExternalLink{URL: l.Dest, File: p.Src.File, Line: p.Src.BodyLine + l.Line - 1, Col: l.Col})
				seen[l.Dest] = true
			}
		}
	}
	for _, r := range renders {
		for _, l := range r.Links {
			u, err := url.Parse(l)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || seen[l] {
				continue
			}
			if _, own := env.Site.OwnPath(u); own {
				continue
			}
			seen[l] = true
			d := locate(env, r, l)
			out = append(out, ExternalLink{URL: l, File: d.File, Line: d.Line, Col: d.Column, Origin: d.Origin})
		}
	}
	return out
}
