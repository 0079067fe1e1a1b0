// Package build turns a site folder into a published site. It orchestrates
// the stages: it reads the sources, has the site linked, converts the
// Markdown, renders the layouts in parallel, has every link checked, and
// hands the output to be published. A Builder keeps what it learnt, so that
// a rebuild after an edit redoes only the work the edit affects, and its
// output is always the same as a full build's.
package build

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"plansite/internal/check"
	"plansite/internal/data"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/images"
	"plansite/internal/output"
	"plansite/internal/site"
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
	// fingerprints), and templates see .Site.IsServer and hugo.IsServer.
	Server bool
	// InMemory keeps the output in memory instead of writing DEST.
	InMemory bool
	// Incremental keeps what rebuilds need (what each page's render read,
	// which pages link where): for plansite serve and build --watch.
	Incremental bool
	// CMSBackend, when set, is the address of the preview's CMS backend,
	// which the CMS configuration written for a site with [cms] then
	// names, so that the CMS saves to the site folder through the preview.
	// plansite build never sets it: no published site names it.
	CMSBackend string
	Workers    int
	// PDFs are the whole plan printed (by build --pdf), one for each
	// language it is in, to publish as plan.pdf (cy/plan.pdf) and show to
	// layouts as .Site.Downloads.plan on the pages of its language.
	PDFs []*PDF
	// ImageCache is the folder that keeps images' copies between builds:
	// plansite/images in the user's cache folder when empty.
	ImageCache string
	// Listed, when set, is told how many content files a full build found,
	// before it reads them: the command uses it to fit garbage collection
	// to the site's size.
	Listed func(files int)
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
	// Notices are what went wrong after the output was published, which
	// the build survives: the folder the output replaced, left beside DEST
	// because it could not be removed.
	Notices []string
	// Notes say what a build did not do and why, for the user to know:
	// they are neither errors nor warnings, so --strict ignores them.
	Notes  []string
	strict bool
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
	in   *inputs  // configuration, theme, templates, assets
	src  *sources // the files of content/
	// data reads data/, and dataSet is what it last read.
	data    *data.Loader
	dataSet *data.Set
	// site is the last linked site, sigs what its pages show, and
	// siteDiags the problems linking it found.
	site      *site.Site
	sigs      site.Signatures
	siteDiags []diag.Diagnostic
	// cmsDiags are the problems of the CMS's configuration the last
	// full extras found.
	cmsDiags []diag.Diagnostic
	// claimed are the outputs of pages and aliases that would take the
	// place of another file: reported, and never written.
	claimed map[string]bool
	renders *renders
	links   *check.Links
	out     *output.Store
	// imgs sizes images and keeps their copies; copies are the outputs
	// of the copies last published.
	imgs   *siteImages
	copies map[string][]byte
	// cards are the share cards last published, drawn, by output.
	cards map[string][]byte
	// bufs are reused for rendering pages.
	bufs  sync.Pool
	built bool
}

// New makes a builder.
func New(opts Options) *Builder {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Src, folders.Public)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Builder{
		opts: opts,
		out: output.New(output.Options{Src: opts.Src, Dest: opts.Dest, CleanDest: opts.CleanDest,
			InMemory: opts.InMemory, Workers: opts.Workers}),
		bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }},
		imgs: &siteImages{src: opts.Src, proc: images.New(images.Defaults(), images.OpenCache(opts.ImageCache))},
	}
}

// Dest is the folder the builder publishes to, unless it builds in memory.
func (b *Builder) Dest() string { return b.opts.Dest }

// Output is the last published output, by slash path relative to DEST, when
// the builder keeps it in memory. The map is never changed: a rebuild makes
// a new one, so a server may keep serving it while the next build runs.
func (b *Builder) Output() map[string][]byte { return b.out.Files() }

// Build builds the whole site. It returns an error for failures of the
// machine (a folder that cannot be written); the site's own problems are in
// the result's diagnostics, and a build with errors publishes nothing.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.built = false
	res := &Result{Full: true, strict: b.opts.Strict}
	in, err := loadInputs(b.opts, b.imgs)
	if err != nil {
		if ds, ok := diag.AsList(err); ok {
			res.Diagnostics = ds
			return res, nil
		}
		return nil, err
	}
	b.in = in
	if err := b.out.Stage(true); err != nil {
		return nil, err
	}
	b.loadData()
	b.src = newSources(b.opts.Src, in.cfg)
	paths, err := b.src.list()
	if err != nil {
		return nil, err
	}
	if b.opts.Listed != nil {
		b.opts.Listed(len(paths))
	}
	if err := b.src.loadAll(ctx, b.opts.Workers, paths); err != nil {
		return nil, err
	}
	b.renders = newRenders()
	b.links = check.NewLinks(b.opts.Incremental)
	b.sigs = site.Signatures{}
	return b.assemble(ctx, res, plan{all: true, convertAll: true})
}

// Close removes what an unpublished build left beside DEST.
func (b *Builder) Close() error { return b.out.Close() }

// ExternalLinks lists the links to other sites in the last build: those
// written in Markdown at their position, those of the layouts once each.
func (b *Builder) ExternalLinks() []check.ExternalLink {
	if b.site == nil {
		return nil
	}
	keys := make([]string, 0, len(b.renders.byKey))
	for k := range b.renders.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rs := make([]*check.Render, len(keys))
	for i, k := range keys {
		rs[i] = &b.renders.byKey[k].Render
	}
	return check.ExternalLinks(b.checkEnv(), rs)
}

// checkEnv is what link checks look at.
func (b *Builder) checkEnv() check.Env {
	return check.Env{Site: b.site, Theme: b.in.theme, Out: builtOutput{b.renders, b.out}}
}
