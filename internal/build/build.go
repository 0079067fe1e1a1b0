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
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"

	"plansite/internal/assets"
	"plansite/internal/check"
	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/feed"
	"plansite/internal/folders"
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
	// Incremental keeps what rebuilds need (what each page's render read,
	// which pages link where): for plansite serve and build --watch.
	Incremental bool
	Workers     int
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
	// min minifies the output, with --minify (never in the preview).
	min *minify.M

	cfg    *config.Config
	theme  *theme.FS
	md     *markdown.Converter
	assets *assets.Set
	tpls   *render.Templates

	pages map[string]*pageState // by content path
	files []string              // the other files of content/
	// skipped are the warnings for what content/ holds that is not
	// published (links leading outside the site…), by content path.
	skipped map[string]diag.Diagnostic
	site    *site.Site
	sigs    signatures
	// rendered holds each page's last render, by page key and by output;
	// failed the keys of those that failed; readers indexes what each read.
	rendered map[string]*rendered
	byOut    map[string]*rendered
	failed   map[string]bool
	readers  readers
	// checks holds what checking each page's links found, by page key;
	// problems the keys of those with problems; linkedBy indexes which
	// pages link to each output; mdURLs counts the URLs of Markdown links.
	checks   map[string]*pageCheck
	problems map[string]bool
	linkedBy map[string]map[string]bool
	mdURLs   map[string]int
	// current is every output file of the current sources, by path, as a
	// hash; pending holds the bytes of those that differ from the last
	// published output (all of them after a full build).
	current map[string]uint64
	pending map[string][]byte
	// published is the output last published: its hashes, and in memory
	// its bytes.
	published map[string]uint64
	mem       map[string][]byte
	// touched are the outputs this build changed; changed those that
	// changed since the last publication.
	touched map[string]bool
	changed map[string]bool
	outMu   sync.Mutex
	stage   *staging
	// bufs are reused for rendering pages.
	bufs sync.Pool
	// dest is the folder the output replaces, found by the last full build.
	dest string
	// siteDiags are the diagnostics of linking the site.
	siteDiags []diag.Diagnostic
	built     bool
	// layoutFiles are the site's own layout files, as of the last build;
	// assetLayouts the default theme's layouts the site uses that link assets.
	layoutFiles  map[string]bool
	assetLayouts map[string]bool
}

// pageState is what the builder knows of one content file.
type pageState struct {
	sum   [32]byte
	src   *content.Page
	diags []diag.Diagnostic
	conv  *markdown.Result
	// The page's content and summary, worked out once per conversion.
	content   template.HTML
	summary   template.HTML
	truncated bool
}

// rendered is what the builder knows of one rendered page.
type rendered struct {
	key  string // the page's key
	out  string // the output file
	deps *render.Deps
	page scanned
	err  []diag.Diagnostic // the render's error, when it failed
}

// scanned is what the checks need of a rendered page: the URLs it links to
// and the IDs it has (kept for every page, so kept small).
type scanned struct {
	links, ids []string
}

func slim(d check.Doc) scanned {
	s := scanned{links: make([]string, len(d.Links)), ids: d.IDs}
	for i, l := range d.Links {
		s.links[i] = l.URL
	}
	return s
}

// New makes a builder.
func New(opts Options) *Builder {
	if opts.Dest == "" {
		opts.Dest = filepath.Join(opts.Src, "public")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	b := &Builder{opts: opts, seed: maphash.MakeSeed(), bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
	if opts.Minify && !opts.Server {
		b.min = newMinifier()
	}
	return b
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
		b.dest = destDir(b.opts.Dest)
		if err := checkDest(b.opts.Src, b.opts.Dest, b.opts.CleanDest); err != nil {
			return nil, err
		}
	}
	if err := b.loadTheme(); err != nil {
		return nil, err
	}
	b.listLayouts()
	paths, others, skipped, err := content.Files(b.opts.Src)
	if err != nil {
		return nil, err
	}
	b.files = others
	b.setSkipped(skipped)
	if b.opts.Listed != nil {
		b.opts.Listed(len(paths))
	}
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
	b.byOut = map[string]*rendered{}
	b.failed = map[string]bool{}
	b.readers = newReaders()
	b.checks = map[string]*pageCheck{}
	b.problems = map[string]bool{}
	b.linkedBy = map[string]map[string]bool{}
	b.mdURLs = map[string]int{}
	b.current = map[string]uint64{}
	b.pending = map[string][]byte{}
	b.changed = map[string]bool{}
	b.published = nil
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
		Fingerprint: b.fingerprinted(),
		Transform:   b.minifier(),
	})
	if err != nil {
		return err
	}
	b.assets = as
	b.tpls = render.NewTemplates(b.theme, b.cfg, as, b.md)
	return b.findAssetLayouts()
}

// load reads and parses one content file.
func (b *Builder) load(rel string) (*pageState, error) {
	raw, err := os.ReadFile(filepath.Join(b.opts.Src, folders.Content, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	src, ds := content.Parse(rel, raw, b.cfg)
	return &pageState{sum: sha256.Sum256(raw), src: src, diags: ds}, nil
}

// setSkipped records the warnings of a listing of content/.
func (b *Builder) setSkipped(ds []diag.Diagnostic) {
	b.skipped = make(map[string]diag.Diagnostic, len(ds))
	for _, d := range ds {
		b.skipped[strings.TrimPrefix(d.File, folders.Content+"/")] = d
	}
}

// plan is the work a build must do beyond what its changes imply.
type plan struct {
	all        bool            // render every page
	convertAll bool            // convert every page's Markdown
	convert    map[string]bool // content paths to convert
	layouts    map[string]bool // changed theme files (folders.Layouts + "/page.html")
	files      map[string]bool // files of content/ that appeared, went or changed
	// keepGraph says that only the Markdown of existing pages changed,
	// not their front matter, so the site need not be linked again.
	keepGraph bool
}

// setOutput records an output file of the current sources. When it differs
// from what the builder had, it is kept for publishing: in memory, or
// written at once to the staging folder. It is safe for concurrent use.
//
// reused says the caller will reuse data's memory once setOutput returns:
// data kept in memory is then copied.
func (b *Builder) setOutput(name string, data []byte, reused bool) error {
	h := maphash.Bytes(b.seed, data)
	b.outMu.Lock()
	old, ok := b.current[name]
	b.current[name] = h
	if !ok || old != h {
		b.touched[name] = true
		b.changed[name] = true
	}
	b.outMu.Unlock()
	if ok && old == h {
		return nil
	}
	if b.opts.InMemory {
		if reused {
			data = bytes.Clone(data)
		}
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

// dropOutput forgets an output the current sources no longer make.
func (b *Builder) dropOutput(name string) {
	delete(b.current, name)
	delete(b.pending, name)
	b.touched[name] = true
	b.changed[name] = true
}

// staging is the folder the next publication is written to, made on first use.
func (b *Builder) staging() (*staging, error) {
	b.outMu.Lock()
	defer b.outMu.Unlock()
	if b.stage == nil {
		st, err := newStaging(b.dest)
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
// content/, by site-relative path, each with what it is: links to them are
// fine, and no page may be published where one is.
func (b *Builder) specialFiles() map[string]string {
	m := map[string]string{"sitemap.xml": "the sitemap", "index.xml": "the Atom feed", "robots.txt": "robots.txt"}
	if b.fingerprinted() {
		m[HeadersName] = "the " + HeadersName + " file"
	}
	if b.theme.Exists(folders.Layouts + "/404.html") {
		m["404.html"] = "the 404 page"
	}
	for _, a := range b.assets.All {
		m[a.Out] = "the asset assets/" + a.Name
	}
	return m
}

// extras records what a site has besides its pages: sitemap, feed,
// robots.txt, assets and the files of content/, adding each to live. When
// only pages' text changed (full is false), only the feed can change.
func (b *Builder) extras(s *site.Site, live map[string]bool, full bool) error {
	set := func(name string, data []byte) error {
		if live != nil {
			live[name] = true
		}
		return b.setOutput(name, data, false)
	}
	// minified sets an output made here, minified when the build minifies.
	minified := func(name, file string, data []byte) error {
		data, err := b.minify(assets.MediaType(name), data)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return set(name, data)
	}
	if err := minified("index.xml", "index.xml", feed.Atom(s, b.cfg.FeedLimit)); err != nil {
		return err
	}
	if !full {
		return nil
	}
	if err := minified("sitemap.xml", "sitemap.xml", feed.Sitemap(s)); err != nil {
		return err
	}
	if err := set("robots.txt", feed.Robots(s)); err != nil {
		return err
	}
	for _, a := range s.Aliases {
		html, err := aliasHTML(s, a)
		if err != nil {
			return err
		}
		if err := minified(a.Out, a.Page.Src.File, html); err != nil {
			return err
		}
	}
	builtIn := b.usesBuiltInAssets()
	var published []*assets.Asset
	for _, a := range b.assets.All {
		if a.BuiltIn && !builtIn {
			continue // a site with a theme of its own does not get ours
		}
		published = append(published, a)
		if err := set(a.Out, a.Bytes); err != nil {
			return err
		}
	}
	var ownHeaders []byte
	for _, f := range s.Files {
		raw, err := os.ReadFile(filepath.Join(b.opts.Src, folders.Content, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(s.FileURL[f], s.BasePath)
		if name == HeadersName && b.fingerprinted() {
			ownHeaders = raw // the site's own rules come first in ours
			continue
		}
		if err := minified(name, path.Join(folders.Content, f), raw); err != nil {
			return err
		}
	}
	switch {
	case !b.fingerprinted():
	case len(published) > 0:
		return set(HeadersName, headers(ownHeaders, published))
	case ownHeaders != nil:
		return set(HeadersName, ownHeaders)
	}
	return nil
}

// fingerprinted reports whether assets carry a hash of their content in
// their names: always, except in the preview.
func (b *Builder) fingerprinted() bool { return !b.opts.Server }

// usesBuiltInAssets reports whether a page was rendered with a layout of
// the default theme that links its assets (its head, its baseof): only then
// are the default theme's stylesheets and images published.
func (b *Builder) usesBuiltInAssets() bool {
	for name := range b.assetLayouts {
		if len(b.readers.layouts[name]) > 0 {
			return true
		}
	}
	return false
}

// findAssetLayouts lists the default theme's layout files that the site
// uses (does not override) and that call for assets.
func (b *Builder) findAssetLayouts() error {
	b.assetLayouts = map[string]bool{}
	names, err := b.theme.Files(folders.Layouts)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !b.theme.BuiltIn(n) {
			continue
		}
		src, err := b.theme.ReadFile(n)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("asset ")) || bytes.Contains(src, []byte("resources.Get")) {
			b.assetLayouts[n] = true
		}
	}
	return nil
}

// changedSincePublished lists the outputs that differ from the published ones.
func (b *Builder) changedSincePublished() []string {
	var out []string
	for name := range b.changed {
		h, now := b.current[name]
		old, before := b.published[name]
		if now != before || h != old {
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
		// A new map, so that the server can keep serving the old one.
		mem := make(map[string][]byte, len(b.current))
		for name, data := range b.mem {
			if _, ok := b.current[name]; ok {
				mem[name] = data
			}
		}
		for name, data := range b.pending {
			mem[name] = data
		}
		b.mem = mem
		b.pending = map[string][]byte{}
	} else if err := b.commit(); err != nil {
		return err
	}
	if b.published == nil {
		b.published = make(map[string]uint64, len(b.current))
	}
	for name := range b.changed {
		if h, ok := b.current[name]; ok {
			b.published[name] = h
		} else {
			delete(b.published, name)
		}
	}
	b.changed = map[string]bool{}
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
		return st.link(filepath.Join(b.dest, filepath.FromSlash(names[i])), names[i])
	})
	if err == nil {
		err = st.commit(b.dest, b.current)
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
