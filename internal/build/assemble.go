package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"plansite/internal/check"
	"plansite/internal/diag"
	"plansite/internal/feed"
	"plansite/internal/folders"
	"plansite/internal/markdown"
	"plansite/internal/output"
	"plansite/internal/parallel"
	"plansite/internal/render"
	"plansite/internal/site"
	"plansite/internal/translations"
)

// plan is the work a build must do beyond what its changes imply.
type plan struct {
	all        bool            // render every page
	convertAll bool            // convert every page's Markdown
	convert    map[string]bool // content paths to convert
	layouts    map[string]bool // changed theme files ("layouts/page.html")
	data       bool            // the data files changed
	files      map[string]bool // files of content/ that appeared, went or changed
	// shortcodes says a shortcode's template appeared or went, or the
	// strings changed: every page with shortcodes is converted again.
	shortcodes bool
	// keepGraph says that only the Markdown of existing pages changed,
	// not their front matter, so the site need not be linked again.
	keepGraph bool
}

// assemble links the loaded pages, converts and renders what the plan and
// the changes require, checks the result and publishes it. Every step does
// work in proportion to what changed, except linking, which a change of
// front matter requires and an edit of text does not.
func (b *Builder) assemble(ctx context.Context, res *Result, pl plan) (*Result, error) {
	s, d := b.link(pl)
	res.Pages = len(s.All)
	if note := feed.RobotsNote(s); note != "" {
		res.Notes = append(res.Notes, note)
	}

	converted, err := b.convert(ctx, s, pl, d)
	if err != nil {
		return nil, err
	}
	for _, p := range converted {
		d.Pages[p.Key] = true
	}
	renderedNow, err := b.renderPages(ctx, s, pl, d)
	if err != nil {
		return nil, err
	}
	res.Rendered = len(renderedNow)
	// Forget what the current sources no longer make; when only text
	// changed, of the files besides pages only the feed can change, and
	// the copies of images, when pages show others.
	copies := b.copyOuts(s)
	if err := b.extras(s, !pl.keepGraph || !sameKeys(copies, b.copies), copies); err != nil {
		return nil, err
	}
	b.checkLinks(s, pl, converted, renderedNow)

	var diags diag.List
	b.src.diagnostics(&diags)
	diags.Add(b.dataSet.Diags...)
	diags.Add(b.in.stringDiags...)
	diags.Add(b.siteDiags...)
	diags.Add(b.cmsDiags...)
	diags.Add(b.renders.diagnostics()...)
	diags.Add(b.links.Diagnostics()...)
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
	res.Changed = b.out.Changed()
	if err := b.out.Publish(); err != nil {
		if !errors.As(err, new(*output.LeftoverError)) {
			return nil, err
		}
		res.Notices = append(res.Notices, err.Error())
	}
	res.Published = true
	return res, nil
}

// link makes the site's graph, or keeps it when only text changed, and says
// what changed in it.
func (b *Builder) link(pl plan) (*site.Site, site.Delta) {
	if pl.keepGraph {
		// Only the text of pages changed, not their front matter: the
		// graph stands, and the pages take their new sources.
		d := site.NewDelta()
		for path := range pl.convert {
			src := b.src.pages[path].src
			if p := b.site.PageOf(src); p != nil {
				p.Src = src
				d.Pages[p.Key] = true
			}
		}
		return b.site, d
	}
	srcs := b.src.srcs()
	s, ds := site.New(b.in.cfg, srcs, b.src.files, site.Options{Drafts: b.opts.Drafts})
	b.siteDiags = append(ds, b.checkClaimed(s)...)
	b.siteDiags = append(b.siteDiags, translations.Check(s, srcs)...)
	b.siteDiags = append(b.siteDiags, b.applyData(s)...)
	b.site = s
	if !b.opts.Incremental {
		return s, site.NewDelta() // a one-off build renders everything anyway
	}
	sigs := s.Signatures()
	d := b.sigs.Diff(sigs)
	b.sigs = sigs
	for f := range pl.files {
		d.URLs[f] = true
	}
	return s, d
}

// checkClaimed reports pages that would be published where a file the
// build writes itself, or a file of content/, is: one would silently
// replace the other. It notes their outputs in b.claimed, so that they are
// not written: the build fails anyway, and the writer refuses some of
// those names (the manifest's) with an error that would stop the build
// before it could report this one and the others. It also reports files
// of content/ published where the build puts a download of its own (an
// actions.csv of content/, where the tracker's table of actions goes).
func (b *Builder) checkClaimed(s *site.Site) []diag.Diagnostic {
	taken := b.in.specialFiles()
	downloads := b.in.downloadNames()
	var inDownloads []diag.Diagnostic
	for _, f := range s.Files {
		name := strings.TrimPrefix(s.FileURL[f], s.BasePath)
		taken[name] = folders.Content + "/" + f
		for _, d := range downloads {
			if name == d.name {
				inDownloads = append(inDownloads, diag.Errorf(folders.Config, d.at.Line, d.at.Col, "%s/%s is published at %s, where the build puts %s: rename one of them", folders.Content, f, d.name, d.what))
			}
		}
	}
	b.claimed = map[string]bool{}
	var out []diag.Diagnostic
	for _, p := range s.All {
		what, ok := taken[p.Out]
		if !ok || p.Src == nil {
			continue
		}
		b.claimed[p.Out] = true
		at := p.AddressPos()
		out = append(out, diag.Errorf(p.Src.File, at.Line, at.Col, "%s would be published at %s, where %s is: give it another slug or url", p.Src.File, p.URL, what))
	}
	for _, a := range s.Aliases {
		if what, ok := taken[a.Out]; ok {
			b.claimed[a.Out] = true
			out = append(out, diag.Errorf(a.Page.Src.File, a.Pos.Line, a.Pos.Col, "alias %s is where %s is published: remove the alias", a.URL, what))
		}
	}
	return append(out, inDownloads...)
}

// convert converts the Markdown of new and edited pages, and of pages whose
// links lead to pages whose URL changed, or that appeared or went; then it
// gives every page of a newly linked site its content.
func (b *Builder) convert(ctx context.Context, s *site.Site, pl plan, d site.Delta) ([]*site.Page, error) {
	var todo []*site.Page
	if pl.keepGraph {
		for path := range pl.convert {
			if p := s.PageOf(b.src.pages[path].src); p != nil {
				todo = append(todo, p)
			}
		}
	} else {
		for _, p := range s.All {
			if p.Src == nil {
				continue
			}
			st := b.src.pages[p.Src.Path]
			if pl.convertAll || st.conv == nil || pl.convert[p.Src.Path] || linksInto(st.conv, d.URLs) || shortcodesAffected(st.sc, pl, d) {
				todo = append(todo, p)
			}
		}
	}
	special := b.in.specialFiles()
	r := render.New(b.in.tpls, s)
	err := parallel.Each(ctx, b.opts.Workers, len(todo), func(w, i int) error {
		return b.convertPage(ctx, r, w, s, todo[i], special)
	})
	if err != nil {
		return nil, err
	}
	apply := func(p *site.Page) {
		st := b.src.pages[p.Src.Path]
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

// convertPage converts one page's Markdown, expanding its shortcodes with
// the templates of worker w and resolving its links.
func (b *Builder) convertPage(ctx context.Context, r *render.Renderer, w int, s *site.Site, p *site.Page, special map[string]string) error {
	st := b.src.pages[p.Src.Path]
	body := p.Src.Body
	if body == nil {
		// Converted before and released: read it again.
		fresh, err := b.src.load(p.Src.Path)
		if err != nil {
			return err
		}
		body = fresh.src.Body
	}
	in, sc := b.expand(ctx, r, w, p, body, s.Resolver(p, special))
	st.sc = sc
	conv, err := b.in.md.ConvertPage(in)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Src.File, err)
	}
	st.conv = conv
	st.content = template.HTML(strings.TrimSpace(conv.HTML))
	st.summary, st.truncated = site.Summarize(p.Src, conv, string(st.content), b.in.md, b.in.cfg.SummaryLength)
	// The page keeps its HTML as st.content; the summary's bytes are
	// copied into st.summary and not needed again.
	conv.Summary = nil
	// The Markdown is not needed again unless the page changes.
	p.Src.Body = nil
	return nil
}

// linksInto reports whether a converted page links to (or tried to link to)
// one of the given pages or files, whose URLs have changed.
func linksInto(conv *markdown.Result, targets map[string]bool) bool {
	if len(targets) == 0 || conv == nil {
		return false
	}
	for _, l := range conv.Links {
		if targets[l.Target.Page] || targets[l.Target.File] {
			return true
		}
		if l.Target.Problem != "" {
			// It may resolve now.
			return true
		}
	}
	return false
}

// toRender lists the pages whose output may have changed: every page, or
// those the changes touched and those whose last render read something that
// changed, found through the index of readers.
func (b *Builder) toRender(s *site.Site, pl plan, d site.Delta) []*site.Page {
	notFound := b.in.notFoundPages(s)
	var todo []*site.Page
	if pl.all {
		todo = append(todo, s.All...)
		return append(todo, notFound...)
	}
	keys := b.renders.readers.affected(d, pl.layouts)
	if pl.data {
		maps.Copy(keys, b.renders.readers.data)
	}
	for k := range b.renders.failed {
		keys[k] = true
	}
	// A page shares its own image with that image's size: an edit of the
	// image may change it.
	for _, p := range s.All {
		if len(pl.files) > 0 && p.Src != nil && p.Src.Meta.Image != "" && pl.files[strings.TrimPrefix(path.Clean("/"+p.Src.Meta.Image), "/")] {
			keys[p.Key] = true
		}
	}
	if !pl.keepGraph {
		// New pages, and pages whose URL changed.
		for _, p := range s.All {
			if rd := b.renders.byKey[p.Key]; rd == nil || rd.Out != p.Out {
				keys[p.Key] = true
			}
		}
		for _, nf := range notFound {
			if b.renders.byKey[nf.Key] == nil {
				keys[nf.Key] = true
			}
		}
	}
	for k := range keys {
		if i := slices.IndexFunc(notFound, func(nf *site.Page) bool { return nf.Key == k }); i >= 0 {
			todo = append(todo, notFound[i])
		} else if p := s.ByContentPath(k); p != nil {
			todo = append(todo, p)
		}
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].Key < todo[j].Key })
	return todo
}

// renderPages renders the pages whose output may have changed, and puts
// their HTML in the output.
func (b *Builder) renderPages(ctx context.Context, s *site.Site, pl plan, d site.Delta) ([]*site.Page, error) {
	todo := b.toRender(s, pl, d)
	r := render.New(b.in.tpls, s)
	results := make([]*rendered, len(todo))
	err := parallel.Each(ctx, b.opts.Workers, len(todo), func(w, i int) error {
		rd, err := b.renderPage(ctx, r, w, todo[i])
		results[i] = rd
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, rd := range results {
		b.renders.record(rd)
	}
	return todo, nil
}

// renderPage renders one page, and puts its HTML in the output.
func (b *Builder) renderPage(ctx context.Context, r *render.Renderer, w int, p *site.Page) (*rendered, error) {
	deps := render.NewLayoutDeps()
	if b.opts.Incremental {
		deps = render.NewDeps()
	}
	buf := b.bufs.Get().(*bytes.Buffer)
	defer b.bufs.Put(buf)
	buf.Reset()
	rd := &rendered{Render: check.Render{Key: p.Key, Out: p.Out}, deps: deps}
	warns, err := r.RenderTo(ctx, w, buf, p, deps)
	rd.Layouts, rd.warns = deps.LayoutNames(), warns
	if err != nil {
		ds, ok := diag.AsList(err)
		if !ok {
			return nil, err // cancelled
		}
		rd.Failed, rd.errs = true, ds
		return rd, nil
	}
	html := buf.Bytes()
	// Scanned as rendered, before minifying: the checks report positions
	// in it, and it is the HTML the preview serves.
	doc := check.Scan(html)
	rd.Links, rd.IDs = doc.Links, doc.IDs
	html, err = b.in.minify("text/html", html)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Where(), err)
	}
	if b.claimed[p.Out] {
		return rd, nil // another file's place: reported, never written
	}
	return rd, b.out.Put(p.Out, html, true)
}

// checkLinks checks the links of the pages this build changed, and of the
// pages that link to outputs this build changed; after a new linking, of
// every page.
func (b *Builder) checkLinks(s *site.Site, pl plan, converted, rendered []*site.Page) {
	keys := map[string]bool{}
	if !pl.keepGraph {
		for _, p := range s.All {
			keys[p.Key] = true
		}
		for _, nf := range b.in.notFoundPages(s) {
			keys[nf.Key] = true
		}
	} else {
		for _, p := range converted {
			keys[p.Key] = true
		}
		for _, p := range rendered {
			keys[p.Key] = true
		}
		b.links.LinkingTo(b.out.Touched(), keys)
	}
	b.links.Check(b.checkEnv(), keys, !pl.keepGraph)
}

// sameKeys reports whether two sets of outputs name the same files: the
// names of images' copies carry a hash of their bytes.
func sameKeys(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}
