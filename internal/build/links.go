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
	"plansite/internal/folders"
	"plansite/internal/site"
)

// pageCheck is what checking one page's links found.
type pageCheck struct {
	// markdown are the problems of its Markdown links, at their positions.
	markdown []diag.Diagnostic
	// output are the links in its HTML that lead nowhere.
	output []outputProblem
	// targets are the outputs it links to (there or not), so that a change
	// to one of them checks the page again.
	targets []string
	// mdURLs are its Markdown links as published, counted in Builder.mdURLs.
	mdURLs []string
}

// outputProblem is a link in a page's HTML that leads nowhere.
type outputProblem struct {
	url string
	d   diag.Diagnostic
}

// check checks the links of the pages this build changed, and of the pages
// that link to outputs this build changed; after a new linking, of every page.
func (b *Builder) check(s *site.Site, pl plan, converted, rendered []*site.Page) {
	keys := map[string]bool{}
	if !pl.keepGraph {
		for _, p := range s.All {
			keys[p.Key] = true
		}
		if nf := b.notFoundPage(s); nf != nil {
			keys[nf.Key] = true
		}
		for k := range b.checks {
			if !keys[k] {
				b.forgetChecks(k)
			}
		}
	} else {
		for _, p := range converted {
			keys[p.Key] = true
		}
		for _, p := range rendered {
			keys[p.Key] = true
		}
		for out := range b.touched {
			for k := range b.linkedBy[out] {
				keys[k] = true
			}
		}
	}
	for k := range keys {
		b.checkPage(s, k)
	}
}

// checkPage checks one page's links and indexes what it links to.
func (b *Builder) checkPage(s *site.Site, key string) {
	b.forgetChecks(key)
	pc := &pageCheck{}
	p := s.ByContentPath(key)
	if p != nil && p.Src != nil {
		b.checkMarkdown(s, p, pc)
	}
	if rd := b.rendered[key]; rd != nil && rd.err == nil {
		pageURL := s.BasePath + strings.TrimSuffix(rd.out, "index.html")
		b.checkStructure(p, rd, pageURL, pc)
		for _, l := range rd.page.links {
			target, problem := b.checkOutputLink(s, pageURL, rd.out, l)
			if target != "" {
				pc.targets = append(pc.targets, target)
			}
			if problem != "" {
				file, line, col := b.locate(rd, l)
				pc.output = append(pc.output, outputProblem{url: l,
					d: diag.Errorf(file, line, col, "%s (on %s)", problem, pageURL)})
			}
		}
	}
	if b.opts.Incremental {
		for _, t := range pc.targets {
			set := b.linkedBy[t]
			if set == nil {
				set = map[string]bool{}
				b.linkedBy[t] = set
			}
			set[key] = true
		}
	} else {
		pc.targets = nil // only rebuilds look them up
	}
	for _, u := range pc.mdURLs {
		b.mdURLs[u]++
	}
	b.checks[key] = pc
	if len(pc.markdown) > 0 || len(pc.output) > 0 {
		b.problems[key] = true
	}
}

// forgetChecks drops what checking a page found, and its index entries.
func (b *Builder) forgetChecks(key string) {
	pc := b.checks[key]
	if pc == nil {
		return
	}
	for _, t := range pc.targets {
		if set := b.linkedBy[t]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(b.linkedBy, t)
			}
		}
	}
	for _, u := range pc.mdURLs {
		if b.mdURLs[u]--; b.mdURLs[u] <= 0 {
			delete(b.mdURLs, u)
		}
	}
	delete(b.checks, key)
	delete(b.problems, key)
}

// checkMarkdown checks the links written in a page's Markdown: resolved at
// conversion, with #anchors checked against the target's published IDs.
func (b *Builder) checkMarkdown(s *site.Site, p *site.Page, pc *pageCheck) {
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
			if l.Target.Fragment == "" {
				break
			}
			frag, _ := url.PathUnescape(l.Target.Fragment)
			if ids := b.idsOf(tp.Out); !contains(ids, frag) {
				pc.markdown = append(pc.markdown, diag.Errorf(p.Src.File, line, col, "%s %q: %s has no heading or element with id %q%s", what, l.Dest, pageName(tp), frag, diag.Hint(frag, ids)))
			}
		}
		if !l.Target.External {
			// Checked here, with its position; not again in the HTML.
			pc.mdURLs = append(pc.mdURLs, l.Target.URL)
		}
		if l.Image && strings.TrimSpace(l.Text) == "" {
			pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, line, col, "image %q has no alt text: describe it between the brackets, ![like this](%s)", l.Dest, l.Dest))
		}
		if !l.Image && strings.TrimSpace(l.Text) == "" {
			pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, line, col, "link to %q has no text: a screen reader has nothing to announce", l.Dest))
		}
		if !l.Image && check.VagueLinkText(l.Text) {
			pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, line, col, "link text %q says nothing about where the link goes: name the destination, as in [the accessibility statement](…)", l.Text))
		}
	}
	for _, h := range check.ContentHeadings(p.Headings) {
		pc.markdown = append(pc.markdown, diag.Warnf(p.Src.File, p.Src.BodyLine+h.Line-1, 1, "%s", h.Message))
	}
}

// checkStructure checks a published page as a whole: each ID used once, or
// #anchors and labels go astray.
func (b *Builder) checkStructure(p *site.Page, rd *rendered, pageURL string, pc *pageCheck) {
	file := folders.Layouts
	if p != nil && p.Src != nil {
		file = p.Src.File
	} else if names := rd.deps.LayoutNames(); len(names) > 0 {
		file = b.theme.Origin(names[0])
	}
	for _, id := range check.DuplicateIDs(rd.page.ids) {
		pc.markdown = append(pc.markdown, diag.Errorf(file, 0, 0, "%s has the id %q more than once: give a heading another name, or an id of its own with {#another-id}", pageURL, id))
	}
}

// idsOf lists the IDs of a published page.
func (b *Builder) idsOf(out string) []string {
	if rd := b.byOut[out]; rd != nil && rd.err == nil {
		return rd.page.ids
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkDiagnostics gathers what the checks found. A broken link in a
// partial is on every page: it is reported once per layout file and link,
// naming the first page it is on. A link written in Markdown is reported
// where it was written, not again as it appears in the HTML.
func (b *Builder) checkDiagnostics() []diag.Diagnostic {
	keys := make([]string, 0, len(b.problems))
	for k := range b.problems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []diag.Diagnostic
	type spot struct{ file, url string }
	seen := map[spot]bool{}
	for _, k := range keys {
		pc := b.checks[k]
		out = append(out, pc.markdown...)
		for _, op := range pc.output {
			if b.mdURLs[op.url] > 0 {
				continue
			}
			sp := spot{op.d.File, op.url}
			if seen[sp] {
				continue
			}
			seen[sp] = true
			out = append(out, op.d)
		}
	}
	return out
}

// checkOutputLink checks a link found in a page's HTML. It returns the
// output the link leads to (when it is internal) and what is wrong with it.
func (b *Builder) checkOutputLink(s *site.Site, pageURL, pageOut, raw string) (target, problem string) {
	if raw == "" {
		return "", "a link with an empty href"
	}
	if strings.HasPrefix(raw, "#") {
		frag, _ := url.PathUnescape(raw[1:])
		if frag != "" && !contains(b.idsOf(pageOut), frag) {
			return pageOut, fmt.Sprintf("link to %q: this page has no element with id %q", raw, frag)
		}
		return pageOut, ""
	}
	var u *url.URL
	if plainPath(raw) {
		// Most links are plain site paths: no need to parse them.
		u = &url.URL{Path: raw}
	} else {
		var err error
		if u, err = url.Parse(raw); err != nil {
			return "", fmt.Sprintf("link to %q is not a valid URL", raw)
		}
	}
	if own := b.ownPath(u); own != "" {
		// An absolute link to the site itself (canonical, og:url) is checked
		// as the page it names.
		u.Scheme, u.Host, u.Path = "", "", own
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(raw, "//") {
		return "", ""
	}
	target = pageOut
	if u.Path != "" {
		full := u.Path
		if !strings.HasPrefix(full, "/") {
			full = path.Join(path.Dir("/"+strings.TrimPrefix(pageURL, "/")+"x"), full)
			if strings.HasSuffix(u.Path, "/") {
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
		case b.exists(rel):
			target = rel
		case b.exists(rel + "/index.html"):
			target = rel + "/index.html"
		default:
			target = rel
		}
		if !b.exists(target) {
			return target, fmt.Sprintf("link to %q goes nowhere: the site has no /%s", raw, rel)
		}
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") {
		if !contains(b.idsOf(target), u.Fragment) {
			return target, fmt.Sprintf("link to %q: /%s has no element with id %q", raw, strings.TrimSuffix(target, "index.html"), u.Fragment)
		}
	}
	return target, ""
}

// exists reports whether the site has an output. A page that failed to
// render counts: its own error says what is wrong, and links to it are not.
func (b *Builder) exists(name string) bool {
	if _, ok := b.current[name]; ok {
		return true
	}
	_, ok := b.byOut[name]
	return ok
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
	return folders.Layouts, 0, 0
}

func pageName(p *site.Page) string {
	if p.Src != nil {
		return p.Src.File
	}
	return p.URL
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
		for _, l := range r.page.links {
			u, err := url.Parse(l)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || seen[l] || b.ownPath(u) != "" {
				continue
			}
			seen[l] = true
			file, line, col := b.locate(r, l)
			out = append(out, check.ExternalLink{URL: l, File: file, Line: line, Col: col})
		}
	}
	return out
}

// ownPath is the path, base path included, of an absolute URL that points
// into the site itself (its base URL), or "".
func (b *Builder) ownPath(u *url.URL) string {
	p, ok := ownPath(b.cfg.BaseURL, u)
	if !ok {
		return ""
	}
	return b.cfg.BasePath() + strings.TrimPrefix(p, "/")
}

// plainPath reports whether a link is a path with nothing for a URL parser
// to find: no scheme, host, query, fragment or escapes.
func plainPath(raw string) bool {
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") {
		return false
	}
	return !strings.ContainsAny(raw, "?#%:\\ ")
}
