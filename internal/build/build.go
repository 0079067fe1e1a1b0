// Package build turns a site folder into a published site: it loads the
// pages, links them, converts their Markdown, renders their layouts in
// parallel, checks every link, and writes the output atomically. A Builder
// keeps what it learnt, so that a rebuild after an edit redoes only the work
// the edit affects, and its output is always the same as a full build's.
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"plansite/internal/assets"
	"plansite/internal/check"
	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/feed"
	"plansite/internal/markdown"
	"plansite/internal/render"
	"plansite/internal/site"
	"plansite/internal/theme"
)

// Options say what to build and where.
type Options struct {
	Src  string // the site folder
	Dest string // the output folder; SRC/public when empty
	// BaseURL overrides site.toml's baseURL.
	BaseURL   string
	Drafts    bool
	Minify    bool
	Strict    bool // warnings fail the build
	CleanDest bool // replace a DEST holding files plansite did not write
	// Server is the preview's mode: assets keep their names (no
	// fingerprints), and templates see .Site.IsServer.
	Server bool
	// InMemory keeps the output in memory instead of writing DEST.
	InMemory bool
	Workers  int
}

// Result is what a build did.
type Result struct {
	// Diagnostics are every error and warning, sorted.
	Diagnostics []diag.Diagnostic
	Pages       int // pages in the site
	Rendered    int // pages rendered by this build
	// Changed lists the output files that differ from the last good build
	// (slash paths relative to DEST), for live reload.
	Changed []string
	// Full is true when the build redid everything.
	Full bool
	// Published is true when the output was written (or, in memory,
	// became the site served).
	Published bool
	strict    bool
}

// Failed reports whether the build has errors (or, with --strict, warnings).
func (r *Result) Failed() bool {
	for _, d := range r.Diagnostics {
		if d.Severity == diag.Error || r.strict {
			return true
		}
	}
	return false
}

// Builder builds one site, and rebuilds it after changes. Its methods must
// not be called concurrently.
type Builder struct {
	opts Options
	seed maphash.Seed

	cfg    *config.Config
	theme  *theme.FS
	md     *markdown.Converter
	assets *assets.Set
	tpls   *render.Templates

	pages map[string]*pageState // by content path
	files []string              // the other files of content/
	site  *site.Site
	sigs  signatures
	// rendered holds each page's last render, by page key.
	rendered map[string]*rendered
	// current is every output file of the current sources, by path, as a
	// hash; pending holds the bytes of those that differ from the last
	// published output (all of them after a full build).
	current map[string]uint64
	pending map[string][]byte
	// published is the output last published: its hashes, and in memory
	// its bytes.
	published map[string]uint64
	mem       map[string][]byte
	outMu     sync.Mutex
	stage     *staging
	// siteDiags are the diagnostics of linking the site.
	siteDiags []diag.Diagnostic
	built     bool
	// layoutFiles are the site's own layout files, as of the last build.
	layoutFiles map[string]bool
}

// pageState is what the builder knows of one content file.
type pageState struct {
	sum   [32]byte
	src   *content.Page
	diags []diag.Diagnostic
	conv  *markdown.Result
	// The page's summary, worked out once per conversion.
	summary   template.HTML
	truncated bool
}

// rendered is what the builder knows of one rendered page.
type rendered struct {
	out  string // the output file
	deps *render.Deps
	doc  check.Doc
	err  []diag.Diagnostic // the render's error, when it failed
}

// New makes a builder.
func New(opts Options) *Builder {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Src, "public")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Builder{opts: opts, seed: maphash.MakeSeed()}
}

// Output is the last published output, by slash path relative to DEST, when
// the builder keeps it in memory. The map is never changed: a rebuild makes
// a new one, so a server may keep serving it while the next build runs.
func (b *Builder) Output() map[string][]byte { return b.mem }

// Site is the last linked site.
func (b *Builder) Site() *site.Site { return b.site }

// Options are the builder's options.
func (b *Builder) Options() Options { return b.opts }

// Build builds the whole site. It returns an error for failures of the
// machine (a folder that cannot be written); the site's own problems are in
// the result's diagnostics, and a build with errors publishes nothing.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	res := &Result{Full: true, strict: b.opts.Strict}
	if err := b.loadConfig(); err != nil {
		if ds, ok := diag.AsList(err); ok {
			res.Diagnostics = ds
			b.built = false
			return res, nil
		}
		return nil, err
	}
	if !b.opts.InMemory {
		if err := checkDest(b.opts.Src, b.opts.Dest, b.opts.CleanDest); err != nil {
			return nil, err
		}
	}
	if err := b.loadTheme(); err != nil {
		return nil, err
	}
	b.listLayouts()
	paths, others, err := content.Files(b.opts.Src)
	if err != nil {
		return nil, err
	}
	b.files = others
	states := make([]*pageState, len(paths))
	err = parallel(ctx, b.opts.Workers, len(paths), func(i int) error {
		st, err := b.load(paths[i])
		states[i] = st
		return err
	})
	if err != nil {
		return nil, err
	}
	b.pages = make(map[string]*pageState, len(paths))
	for i, p := range paths {
		b.pages[p] = states[i]
	}
	b.rendered = map[string]*rendered{}
	b.current = map[string]uint64{}
	b.pending = map[string][]byte{}
	b.sigs = signatures{}
	if b.stage != nil {
		b.stage.discard()
		b.stage = nil
	}
	return b.assemble(ctx, res, plan{all: true, convertAll: true})
}

// loadConfig reads site.toml and applies --base-url.
func (b *Builder) loadConfig() error {
	cfg, err := config.Load(b.opts.Src)
	if err != nil {
		return err
	}
	if b.opts.BaseURL != "" {
		base, err := config.NormalizeBaseURL(b.opts.BaseURL)
		if err != nil {
			return fmt.Errorf("--base-url: %w", err)
		}
		cfg.BaseURL = base
	}
	b.cfg = cfg
	b.theme = theme.New(b.opts.Src)
	b.md = markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe})
	return nil
}

// loadTheme loads the assets and prepares the templates, which depend on them.
func (b *Builder) loadTheme() error {
	as, err := assets.Load(b.theme, b.cfg.BasePath(), b.cfg.BaseURL, assets.Options{
		Fingerprint: !b.opts.Server,
		Transform:   b.minifier(),
	})
	if err != nil {
		return err
	}
	b.assets = as
	b.tpls = render.NewTemplates(b.theme, b.cfg, as, b.md)
	return nil
}

// load reads and parses one content file.
func (b *Builder) load(rel string) (*pageState, error) {
	raw, err := os.ReadFile(filepath.Join(b.opts.Src, content.Dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	src, ds := content.Parse(rel, raw, b.cfg)
	return &pageState{sum: sha256.Sum256(raw), src: src, diags: ds}, nil
}

// plan is the work a build must do beyond what its changes imply.
type plan struct {
	all        bool            // render every page
	convertAll bool            // convert every page's Markdown
	convert    map[string]bool // content paths to convert
	layouts    map[string]bool // changed theme files ("layouts/page.html")
	files      map[string]bool // files of content/ that appeared, went or changed
}

// assemble links the loaded pages, converts and renders what the plan and
// the changes require, checks the result and publishes it.
func (b *Builder) assemble(ctx context.Context, res *Result, pl plan) (*Result, error) {
	srcs := make([]*content.Page, 0, len(b.pages))
	for _, st := range sortedStates(b.pages) {
		srcs = append(srcs, st.src)
	}
	s, ds := site.New(b.cfg, srcs, b.files, site.Options{Drafts: b.opts.Drafts})
	b.siteDiags = ds
	b.site = s
	res.Pages = len(s.All)

	// What changed in the graph: pages, lists, references.
	newSigs := computeSignatures(s)
	delta := b.sigs.diff(newSigs)
	b.sigs = newSigs
	for f := range pl.files {
		delta.urls[f] = true
	}

	// Convert Markdown: new and edited pages, and pages whose links lead to
	// pages whose URL changed, or that appeared or went.
	special := b.specialFiles()
	var toConvert []*site.Page
	for _, p := range s.All {
		if p.Src == nil {
			continue
		}
		st := b.pages[p.Src.Path]
		if pl.convertAll || st.conv == nil || pl.convert[p.Src.Path] || linksInto(st.conv, delta.urls) {
			toConvert = append(toConvert, p)
		}
	}
	err := parallel(ctx, b.opts.Workers, len(toConvert), func(i int) error {
		p := toConvert[i]
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
		st.summary, st.truncated = b.summarize(p.Src, conv)
		// The Markdown is not needed again unless the page changes.
		p.Src.Body = nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range s.All {
		if p.Src == nil {
			continue
		}
		st := b.pages[p.Src.Path]
		p.Content = template.HTML(bytes.TrimSpace(st.conv.HTML))
		p.Headings, p.Links = st.conv.Headings, st.conv.Links
		p.Summary, p.Truncated = st.summary, st.truncated
	}
	for _, p := range toConvert {
		delta.pages[p.Key] = true
	}

	// Render what depends on what changed.
	r := render.New(b.tpls, s, render.Options{Server: b.opts.Server})
	var toRender []*site.Page
	for _, p := range s.All {
		if pl.all || b.mustRender(p, delta, pl.layouts) {
			toRender = append(toRender, p)
		}
	}
	notFound := b.notFoundPage(s)
	if notFound != nil && (pl.all || b.mustRender(notFound, delta, pl.layouts)) {
		toRender = append(toRender, notFound)
	}
	results := make([]*rendered, len(toRender))
	err = parallel(ctx, b.opts.Workers, len(toRender), func(i int) error {
		p := toRender[i]
		deps := render.NewDeps()
		html, err := r.Render(p, deps)
		if err != nil {
			ds, ok := diag.AsList(err)
			if !ok {
				return err
			}
			results[i] = &rendered{out: p.Out, deps: deps, err: ds}
			return nil
		}
		results[i] = &rendered{out: p.Out, deps: deps, doc: check.Scan(html)}
		return b.setOutput(p.Out, html)
	})
	if err != nil {
		return nil, err
	}
	res.Rendered = len(toRender)
	for i, p := range toRender {
		b.rendered[p.Key] = results[i]
	}

	// Forget what the current sources no longer make.
	live := map[string]bool{}
	for _, p := range s.All {
		live[p.Key] = true
	}
	if notFound != nil {
		live[notFound.Key] = true
	}
	liveOut := map[string]bool{}
	for key, rd := range b.rendered {
		if !live[key] {
			delete(b.rendered, key)
			continue
		}
		liveOut[rd.out] = true
	}
	if err := b.extras(s, liveOut); err != nil {
		return nil, err
	}
	for name := range b.current {
		if !liveOut[name] {
			delete(b.current, name)
			delete(b.pending, name)
		}
	}

	// Every diagnostic of the current sources.
	var diags diag.List
	for _, st := range b.pages {
		diags.Add(st.diags...)
	}
	diags.Add(b.siteDiags...)
	diags.Add(b.renderErrors()...)
	diags.Add(b.checkLinks(s)...)
	res.Diagnostics = diags.Items()
	b.built = true
	if res.Failed() {
		return res, nil
	}
	res.Changed = b.changedSincePublished()
	if err := b.publish(); err != nil {
		return nil, err
	}
	res.Published = true
	return res, nil
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
	for _, rd := range b.rendered {
		for _, d := range rd.err {
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

// summarize works out a page's summary: its front matter's, the part
// before <!--more-->, or the first paragraphs, as Hugo does.
func (b *Builder) summarize(src *content.Page, conv *markdown.Result) (template.HTML, bool) {
	switch {
	case src.Meta.Summary != "":
		sum, err := b.md.Convert([]byte(src.Meta.Summary), nil)
		if err != nil {
			return "", true
		}
		return template.HTML(render.TrimParagraph(bytes.TrimSpace(sum.HTML))), true
	case conv.Summary != nil:
		return template.HTML(conv.Summary), true
	}
	sum, truncated := autoSummary(string(bytes.TrimSpace(conv.HTML)), b.cfg.SummaryLength)
	return template.HTML(strings.TrimSpace(sum)), truncated
}

// mustRender reports whether a page's output may have changed.
func (b *Builder) mustRender(p *site.Page, d delta, layouts map[string]bool) bool {
	prev := b.rendered[p.Key]
	if prev == nil || prev.err != nil || prev.out != p.Out || d.pages[p.Key] {
		return true
	}
	deps := prev.deps
	if deps.All && d.all {
		return true
	}
	for k := range d.pages {
		if _, ok := deps.Pages[k]; ok {
			return true
		}
	}
	for k := range d.lists {
		if _, ok := deps.Lists[k]; ok {
			return true
		}
	}
	for k := range d.refs {
		if _, ok := deps.Refs[k]; ok {
			return true
		}
	}
	for l := range layouts {
		if _, ok := deps.Layouts[l]; ok {
			return true
		}
	}
	return false
}

// notFoundPage is the site's 404 page, when the theme has a layout for it.
func (b *Builder) notFoundPage(s *site.Site) *site.Page {
	if !b.theme.Exists("layouts/404.html") {
		return nil
	}
	return &site.Page{Kind: "404", Title: "Page not found", LinkTitle: "Page not found",
		Path: "404.html", Out: "404.html", URL: s.BasePath + "404.html", Parent: s.Home, Key: "404.html"}
}

// setOutput records an output file of the current sources. When it differs
// from what the builder had, it is kept for publishing: in memory, or
// written at once to the staging folder. It is safe for concurrent use.
func (b *Builder) setOutput(name string, data []byte) error {
	h := maphash.Bytes(b.seed, data)
	b.outMu.Lock()
	old, ok := b.current[name]
	b.current[name] = h
	b.outMu.Unlock()
	if ok && old == h {
		return nil
	}
	if b.opts.InMemory {
		b.outMu.Lock()
		b.pending[name] = data
		b.outMu.Unlock()
		return nil
	}
	st, err := b.staging()
	if err != nil {
		return err
	}
	return st.put(name, data)
}

// staging is the folder the next publication is written to, made on first use.
func (b *Builder) staging() (*staging, error) {
	b.outMu.Lock()
	defer b.outMu.Unlock()
	if b.stage == nil {
		st, err := newStaging(b.opts.Dest)
		if err != nil {
			return nil, err
		}
		b.stage = st
	}
	return b.stage, nil
}

// Close removes what an unpublished build left beside DEST.
func (b *Builder) Close() error {
	if b.stage != nil {
		b.stage.discard()
		b.stage = nil
	}
	return nil
}

// specialFiles are the files a build writes besides pages and the files of
// content/, by site-relative path: links to them are fine.
func (b *Builder) specialFiles() map[string]bool {
	m := map[string]bool{"sitemap.xml": true, "index.xml": true, "robots.txt": true}
	if b.theme.Exists("layouts/404.html") {
		m["404.html"] = true
	}
	for _, a := range b.assets.All {
		m[a.Out] = true
	}
	return m
}

// extras records what a site has besides its pages: sitemap, feed,
// robots.txt, assets and the files of content/. It adds each to live.
func (b *Builder) extras(s *site.Site, live map[string]bool) error {
	set := func(name string, data []byte) error {
		live[name] = true
		return b.setOutput(name, data)
	}
	if err := set("sitemap.xml", feed.Sitemap(s)); err != nil {
		return err
	}
	if err := set("index.xml", feed.Atom(s)); err != nil {
		return err
	}
	if err := set("robots.txt", feed.Robots(s)); err != nil {
		return err
	}
	builtIn := b.usesBuiltInLayouts()
	for _, a := range b.assets.All {
		if a.BuiltIn && !builtIn {
			continue // a site with a theme of its own does not get ours
		}
		if err := set(a.Out, a.Bytes); err != nil {
			return err
		}
	}
	for _, f := range s.Files {
		raw, err := os.ReadFile(filepath.Join(b.opts.Src, content.Dir, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		if err := set(strings.TrimPrefix(s.FileURL[f], s.BasePath), raw); err != nil {
			return err
		}
	}
	return nil
}

// usesBuiltInLayouts reports whether any page was rendered with a layout
// of the default theme.
func (b *Builder) usesBuiltInLayouts() bool {
	seen := map[string]bool{}
	for _, rd := range b.rendered {
		for l := range rd.deps.Layouts {
			builtIn, ok := seen[l]
			if !ok {
				builtIn = b.theme.BuiltIn(l)
				seen[l] = builtIn
			}
			if builtIn {
				return true
			}
		}
	}
	return false
}

// changedSincePublished lists the outputs that differ from the published ones.
func (b *Builder) changedSincePublished() []string {
	var out []string
	for name, h := range b.current {
		if old, ok := b.published[name]; !ok || old != h {
			out = append(out, name)
		}
	}
	for name := range b.published {
		if _, ok := b.current[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// publish makes the current output the published one: in memory, or by
// completing the staging folder and swapping it in for DEST.
func (b *Builder) publish() error {
	if b.opts.InMemory {
		mem := make(map[string][]byte, len(b.current))
		for name := range b.current {
			if data, ok := b.pending[name]; ok {
				mem[name] = data
			} else {
				mem[name] = b.mem[name]
			}
		}
		b.mem = mem
		b.pending = map[string][]byte{}
	} else if err := b.commit(); err != nil {
		return err
	}
	b.published = make(map[string]uint64, len(b.current))
	for name, h := range b.current {
		b.published[name] = h
	}
	return nil
}

// commit completes the staging folder with the unchanged files, taken from
// the published DEST by hard link, and swaps it in.
func (b *Builder) commit() error {
	st, err := b.staging()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(b.current))
	for n := range b.current {
		if !st.has(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	err = parallel(context.Background(), b.opts.Workers, len(names), func(i int) error {
		return st.link(filepath.Join(b.opts.Dest, filepath.FromSlash(names[i])), names[i])
	})
	if err == nil {
		err = st.commit(b.opts.Dest, b.current)
	}
	b.stage = nil
	if err != nil {
		st.discard()
		return err
	}
	return nil
}

func sortStrings(s []string) { sort.Strings(s) }

func sortedStates(m map[string]*pageState) []*pageState {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*pageState, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// parallel runs f for 0..n-1 on workers goroutines, stopping at the first
// error or when ctx is done.
func parallel(ctx context.Context, workers, n int, f func(i int) error) error {
	if n == 0 {
		return ctx.Err()
	}
	workers = max(1, min(workers, n))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     int
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr != nil || next >= n {
			return 0, false
		}
		if err := ctx.Err(); err != nil {
			firstErr = err
			return 0, false
		}
		i := next
		next++
		return i, true
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	return firstErr
}
