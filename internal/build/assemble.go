package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"plansite/internal/check"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/markdown"
	"plansite/internal/render"
	"plansite/internal/site"
)

// assemble links the loaded pages, converts and renders what the plan and
// the changes require, checks the result and publishes it. Every step does
// work in proportion to what changed, except linking, which a change of
// front matter requires and an edit of text does not.
func (b *Builder) assemble(ctx context.Context, res *Result, pl plan) (*Result, error) {
	b.touched = map[string]bool{}
	s, d := b.link(pl)
	res.Pages = len(s.All)

	converted, err := b.convert(ctx, s, pl, d)
	if err != nil {
		return nil, err
	}
	for _, p := range converted {
		d.pages[p.Key] = true
	}

	renderedNow, err := b.renderPages(ctx, s, pl, d)
	if err != nil {
		return nil, err
	}
	res.Rendered = len(renderedNow)

	if !pl.keepGraph {
		// Forget what the current sources no longer make.
		if err := b.sweep(s); err != nil {
			return nil, err
		}
	} else if err := b.extras(s, nil, false); err != nil {
		return nil, err
	}

	b.check(s, pl, converted, renderedNow)

	var diags diag.List
	for _, st := range b.pages {
		diags.Add(st.diags...)
	}
	for _, d := range b.skipped {
		diags.Add(d)
	}
	diags.Add(b.siteDiags...)
	diags.Add(b.renderErrors()...)
	diags.Add(b.checkDiagnostics()...)
	res.Diagnostics = diags.Items()
	b.built = true
	if res.Failed() {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		// Interrupted after the last step that looks at ctx: still
		// publish nothing, so that DEST stays as it was.
		return nil, err
	}
	res.Changed = b.changedSincePublished()
	if err := b.publish(); err != nil {
		return nil, err
	}
	res.Published = true
	return res, nil
}

// link makes the site's graph, or keeps it when only text changed, and says
// what changed in it.
func (b *Builder) link(pl plan) (*site.Site, delta) {
	if pl.keepGraph {
		// Only the text of pages changed, not their front matter: the
		// graph stands, and the pages take their new sources.
		d := newDelta()
		for path := range pl.convert {
			src := b.pages[path].src
			if p := b.site.PageOf(src); p != nil {
				p.Src = src
				d.pages[p.Key] = true
			}
		}
		return b.site, d
	}
	srcs := make([]*content.Page, 0, len(b.pages))
	for _, st := range sortedStates(b.pages) {
		srcs = append(srcs, st.src)
	}
	s, ds := site.New(b.cfg, srcs, b.files, site.Options{Drafts: b.opts.Drafts})
	b.siteDiags = append(ds, b.checkClaimed(s)...)
	b.site = s
	if !b.opts.Incremental {
		return s, newDelta() // a one-off build renders everything anyway
	}
	sigs := computeSignatures(s)
	d := b.sigs.diff(sigs)
	b.sigs = sigs
	for f := range pl.files {
		d.urls[f] = true
	}
	return s, d
}

// checkClaimed reports pages that would be published where a file the
// build writes itself, or a file of content/, is: one would silently
// replace the other.
func (b *Builder) checkClaimed(s *site.Site) []diag.Diagnostic {
	taken := b.specialFiles()
	for _, f := range s.Files {
		taken[strings.TrimPrefix(s.FileURL[f], s.BasePath)] = folders.Content + "/" + f
	}
	var out []diag.Diagnostic
	for _, p := range s.All {
		what, ok := taken[p.Out]
		if !ok || p.Src == nil {
			continue
		}
		at := p.AddressPos()
		out = append(out, diag.Errorf(p.Src.File, at.Line, at.Col, "%s would be published at %s, where %s is: give it another slug or url", p.Src.File, p.URL, what))
	}
	for _, a := range s.Aliases {
		if what, ok := taken[a.Out]; ok {
			out = append(out, diag.Errorf(a.Page.Src.File, a.Pos.Line, a.Pos.Col, "alias %s is where %s is published: remove the alias", a.URL, what))
		}
	}
	return out
}

// convert converts the Markdown of new and edited pages, and of pages whose
// links lead to pages whose URL changed, or that appeared or went; then it
// gives every page of a newly linked site its content.
func (b *Builder) convert(ctx context.Context, s *site.Site, pl plan, d delta) ([]*site.Page, error) {
	var todo []*site.Page
	if pl.keepGraph {
		for path := range pl.convert {
			if p := s.PageOf(b.pages[path].src); p != nil {
				todo = append(todo, p)
			}
		}
	} else {
		for _, p := range s.All {
			if p.Src == nil {
				continue
			}
			st := b.pages[p.Src.Path]
			if pl.convertAll || st.conv == nil || pl.convert[p.Src.Path] || linksInto(st.conv, d.urls) {
				todo = append(todo, p)
			}
		}
	}
	special := b.specialFiles()
	err := parallel(ctx, b.opts.Workers, len(todo), func(i int) error {
		p := todo[i]
		st := b.pages[p.Src.Path]
		body := p.Src.Body
		if body == nil {
			// Converted before and released: read it again.
			fresh, err := b.load(p.Src.Path)
			if err != nil {
				return err
			}
			body = fresh.src.Body
		}
		conv, err := b.md.Convert(body, resolver{s: s, page: p, special: special})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Src.File, err)
		}
		st.conv = conv
		st.content = template.HTML(strings.TrimSpace(conv.HTML))
		st.summary, st.truncated = b.summarize(p.Src, conv, string(st.content))
		// The page keeps its HTML as st.content; the summary's bytes
		// are copied into st.summary and not needed again.
		conv.Summary = nil
		// The Markdown is not needed again unless the page changes.
		p.Src.Body = nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	apply := func(p *site.Page) {
		st := b.pages[p.Src.Path]
		p.SetContent(st.content, st.summary, st.truncated)
		p.Headings, p.Links = st.conv.Headings, st.conv.Links
	}
	if pl.keepGraph {
		for _, p := range todo {
			apply(p)
		}
	} else {
		for _, p := range s.All {
			if p.Src != nil {
				apply(p)
			}
		}
	}
	return todo, nil
}

// summarize works out a page's summary and whether it leaves anything
// out, as Hugo 0.166 does: the part before <!--more-->, unless that is
// empty; then the front matter's summary, which counts as truncated only
// when an empty part before <!--more--> stands above content; then the
// first paragraphs.
func (b *Builder) summarize(src *content.Page, conv *markdown.Result, content string) (template.HTML, bool) {
	switch {
	case len(conv.Summary) > 0:
		return template.HTML(conv.Summary), string(conv.Summary) != content
	case src.Meta.Summary != "":
		sum, err := b.md.Convert([]byte(src.Meta.Summary), nil)
		if err != nil {
			return "", false
		}
		return template.HTML(render.TrimParagraph(strings.TrimSpace(sum.HTML))), conv.Summary != nil && content != ""
	case conv.Summary != nil:
		return "", content != ""
	}
	sum, truncated := autoSummary(content, b.cfg.SummaryLength)
	return template.HTML(strings.TrimSpace(sum)), truncated
}

// renderPages renders the pages whose output may have changed: those the
// changes touched and those whose last render read something that changed,
// found through the index of readers.
func (b *Builder) renderPages(ctx context.Context, s *site.Site, pl plan, d delta) ([]*site.Page, error) {
	notFound := b.notFoundPage(s)
	var todo []*site.Page
	if pl.all {
		todo = append(todo, s.All...)
		if notFound != nil {
			todo = append(todo, notFound)
		}
	} else {
		keys := b.readers.affected(d, pl.layouts)
		for k := range b.failed {
			keys[k] = true
		}
		if !pl.keepGraph {
			// New pages, and pages whose URL changed.
			for _, p := range s.All {
				if rd := b.rendered[p.Key]; rd == nil || rd.out != p.Out {
					keys[p.Key] = true
				}
			}
			if notFound != nil && b.rendered[notFound.Key] == nil {
				keys[notFound.Key] = true
			}
		}
		for k := range keys {
			if notFound != nil && k == notFound.Key {
				todo = append(todo, notFound)
			} else if p := s.ByContentPath(k); p != nil {
				todo = append(todo, p)
			}
		}
		sort.Slice(todo, func(i, j int) bool { return todo[i].Key < todo[j].Key })
	}

	r := render.New(b.tpls, s, render.Options{Server: b.opts.Server})
	results := make([]*rendered, len(todo))
	err := parallel(ctx, b.opts.Workers, len(todo), func(i int) error {
		p := todo[i]
		deps := render.NewLayoutDeps()
		if b.opts.Incremental {
			deps = render.NewDeps()
		}
		buf := b.bufs.Get().(*bytes.Buffer)
		defer b.bufs.Put(buf)
		buf.Reset()
		if err := r.RenderTo(buf, p, deps); err != nil {
			ds, ok := diag.AsList(err)
			if !ok {
				return err
			}
			results[i] = &rendered{key: p.Key, out: p.Out, deps: deps, err: ds}
			return nil
		}
		html := buf.Bytes()
		// Scanned as rendered, before minifying: the checks report
		// positions in it, and it is the HTML the preview serves.
		results[i] = &rendered{key: p.Key, out: p.Out, deps: deps, page: slim(check.Scan(html))}
		html, err := b.minify("text/html", html)
		if err != nil {
			return fmt.Errorf("%s: %w", pageName(p), err)
		}
		return b.setOutput(p.Out, html, true)
	})
	if err != nil {
		return nil, err
	}
	for _, rd := range results {
		b.record(rd)
	}
	return todo, nil
}

// record keeps a page's render, and indexes what it read.
func (b *Builder) record(rd *rendered) {
	if old := b.rendered[rd.key]; old != nil {
		b.readers.remove(old.key, old.deps)
		if b.byOut[old.out] == old {
			delete(b.byOut, old.out)
		}
	}
	b.rendered[rd.key] = rd
	b.byOut[rd.out] = rd
	b.readers.add(rd.key, rd.deps)
	if rd.err != nil {
		b.failed[rd.key] = true
	} else {
		delete(b.failed, rd.key)
	}
}

// forget drops a page that is no longer part of the site.
func (b *Builder) forget(key string) {
	rd := b.rendered[key]
	if rd == nil {
		return
	}
	b.readers.remove(key, rd.deps)
	if b.byOut[rd.out] == rd {
		delete(b.byOut, rd.out)
	}
	delete(b.rendered, key)
	delete(b.failed, key)
	b.forgetChecks(key)
}

// sweep forgets pages that are gone and outputs no page or file makes.
func (b *Builder) sweep(s *site.Site) error {
	live := make(map[string]bool, len(s.All)+1)
	for _, p := range s.All {
		live[p.Key] = true
	}
	if nf := b.notFoundPage(s); nf != nil {
		live[nf.Key] = true
	}
	for key := range b.rendered {
		if !live[key] {
			b.forget(key)
		}
	}
	liveOut := make(map[string]bool, len(b.rendered)+16)
	for _, rd := range b.rendered {
		liveOut[rd.out] = true
	}
	if err := b.extras(s, liveOut, true); err != nil {
		return err
	}
	for name := range b.current {
		if !liveOut[name] {
			b.dropOutput(name)
		}
	}
	return nil
}

// renderErrors are the errors of the pages that failed to render. One fault
// in a layout breaks every page that uses it: it is reported once, naming
// the first page and how many more.
func (b *Builder) renderErrors() []diag.Diagnostic {
	type fault struct {
		d     diag.Diagnostic
		pages []string
	}
	byFault := map[diag.Diagnostic]*fault{}
	var order []diag.Diagnostic
	for key := range b.failed {
		for _, d := range b.rendered[key].err {
			page := ""
			if i := strings.LastIndex(d.Message, " (rendering "); i >= 0 {
				page = strings.TrimSuffix(d.Message[i+len(" (rendering "):], ")")
				d.Message = d.Message[:i]
			}
			f := byFault[d]
			if f == nil {
				f = &fault{d: d}
				byFault[d] = f
				order = append(order, d)
			}
			f.pages = append(f.pages, page)
		}
	}
	out := make([]diag.Diagnostic, 0, len(order))
	for _, k := range order {
		f := byFault[k]
		sort.Strings(f.pages)
		d := f.d
		switch n := len(f.pages); {
		case f.pages[0] == "":
		case n == 1:
			d.Message += " (rendering " + f.pages[0] + ")"
		default:
			d.Message += fmt.Sprintf(" (rendering %s and %d more %s)", f.pages[0], n-1, map[bool]string{true: "page", false: "pages"}[n == 2])
		}
		out = append(out, d)
	}
	return out
}

// notFoundPage is the site's 404 page, when the theme has a layout for it.
func (b *Builder) notFoundPage(s *site.Site) *site.Page {
	if !b.theme.Exists(folders.Layouts + "/404.html") {
		return nil
	}
	return &site.Page{Kind: content.NotFound, Title: "Page not found", LinkTitle: "Page not found",
		Path: "404.html", Out: "404.html", URL: s.BasePath + "404.html", Parent: s.Home, Key: "404.html"}
}

// readers is the reverse of every page's render record: for each thing a
// render can read, the keys of the pages whose last render read it. A
// change then finds the pages to re-render without looking at the others.
type readers struct {
	pages, lists, refs, layouts map[string]map[string]bool
	all                         map[string]bool
}

func newReaders() readers {
	return readers{pages: map[string]map[string]bool{}, lists: map[string]map[string]bool{},
		refs: map[string]map[string]bool{}, layouts: map[string]map[string]bool{}, all: map[string]bool{}}
}

func (r readers) add(key string, d *render.Deps) {
	index := func(m map[string]map[string]bool, read map[string]struct{}) {
		for k := range read {
			set := m[k]
			if set == nil {
				set = map[string]bool{}
				m[k] = set
			}
			set[key] = true
		}
	}
	index(r.pages, d.Pages)
	index(r.lists, d.Lists)
	index(r.refs, d.Refs)
	index(r.layouts, d.Layouts)
	if d.All {
		r.all[key] = true
	}
}

func (r readers) remove(key string, d *render.Deps) {
	unindex := func(m map[string]map[string]bool, read map[string]struct{}) {
		for k := range read {
			if set := m[k]; set != nil {
				delete(set, key)
				if len(set) == 0 {
					delete(m, k)
				}
			}
		}
	}
	unindex(r.pages, d.Pages)
	unindex(r.lists, d.Lists)
	unindex(r.refs, d.Refs)
	unindex(r.layouts, d.Layouts)
	delete(r.all, key)
}

// affected lists the pages to render after a change: the changed pages and
// every page whose last render read what changed.
func (r readers) affected(d delta, layouts map[string]bool) map[string]bool {
	out := map[string]bool{}
	add := func(set map[string]bool) {
		for k := range set {
			out[k] = true
		}
	}
	for k := range d.pages {
		out[k] = true
		add(r.pages[k])
	}
	for k := range d.lists {
		add(r.lists[k])
	}
	for k := range d.refs {
		add(r.refs[k])
	}
	for l := range layouts {
		add(r.layouts[l])
	}
	if d.all {
		add(r.all)
	}
	return out
}
