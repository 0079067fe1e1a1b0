// Package render executes a site's html/template layouts: it finds the layout
// for each page with Hugo's lookup order (baseof, home, section, page, 404,
// SECTION/page, SECTION/section, _partials), gives templates Hugo's page and
// site fields and functions, and records what each page's render read.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/template/parse"

	"plansite/internal/assets"
	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/i18n"
	"plansite/internal/markdown"
	"plansite/internal/site"
	"plansite/internal/theme"
	"plansite/internal/tplfuncs"
)

// Options change how pages are rendered.
type Options struct {
	// Server is true in plansite serve; templates see it as .Site.IsServer
	// and hugo.IsServer.
	Server bool
	// Workers is how many goroutines render at once (1 when zero).
	Workers int
	// Strings are the theme's strings in each language, for i18n, and
	// the names of months and days, for dateFormat.
	Strings *i18n.Bundle
	// Images sizes the images of content/: a page's own share image.
	Images Images
}

// Templates are a theme's layouts. They depend on the theme, the
// configuration and the assets, and are kept across rebuilds that change
// only content. Each goroutine that renders has a set of its own, compiled
// on first use, whose functions (partial, warnf) know which page's render
// they take part in.
type Templates struct {
	theme  *theme.FS
	cfg    *config.Config
	assets *assets.Set
	md     *markdown.Converter
	opts   Options
	sets   []*set
	scNamesOnce
	card cardLayout
}

// set is one worker's copy of the templates. One render at a time uses it,
// so it needs no lock.
type set struct {
	t        *Templates
	funcs    template.FuncMap
	compiled map[string]*compiled // by layout file name, and its baseof
	lookups  map[string]string    // lookup key → layout file name, "" when none
	partials map[string]*compiled
	// shortcodes are the shortcodes' templates, by name, nil when the
	// theme has none of the name.
	shortcodes map[string]*scTemplate
	// x is the render in progress.
	x *execution
}

type compiled struct {
	tpl   *template.Template
	entry string   // the template to execute
	files []string // theme files it is made of
	err   error
}

// NewTemplates prepares a theme's templates.
func NewTemplates(th *theme.FS, cfg *config.Config, as *assets.Set, md *markdown.Converter, opts Options) *Templates {
	t := &Templates{theme: th, cfg: cfg, assets: as, md: md, opts: opts}
	for range max(1, opts.Workers) {
		s := &set{t: t, compiled: map[string]*compiled{}, lookups: map[string]string{}, partials: map[string]*compiled{},
			shortcodes: map[string]*scTemplate{}}
		s.funcs = s.funcMap()
		t.sets = append(t.sets, s)
	}
	return t
}

// Renderer renders the pages of one linked site with a set of templates.
type Renderer struct {
	t    *Templates
	site *site.Site
}

// New makes a renderer for a site.
func New(t *Templates, s *site.Site) *Renderer {
	return &Renderer{t: t, site: s}
}

// MaxPage is the most HTML one page may have: a page this long comes from
// a layout's loop that does not end, and stopping it keeps a build from
// taking all the machine's memory.
const MaxPage = 64 << 20

// errStopped ends a render whose build was cancelled.
var errStopped = errors.New("the build was stopped")

// RenderTo renders a page into buf, which the caller owns and may reuse,
// with the templates of worker w: no two goroutines may render as the same
// worker at once. deps, when not nil, records what the render read.
// Errors are diagnostics naming the layout file and line, except that a
// render stopped because ctx was cancelled returns ctx's error; warnings
// are what the templates warned of.
func (r *Renderer) RenderTo(ctx context.Context, w int, buf *bytes.Buffer, p *site.Page, deps *Deps) ([]diag.Diagnostic, error) {
	s := r.t.sets[w]
	name, err := s.lookup(p)
	if err != nil {
		return nil, err
	}
	c := s.compile(name, s.baseFor(name, p.Type()))
	if c.err != nil {
		return nil, c.err
	}
	// The page's language's title, menus and pages.
	x := &execution{r: r, deps: deps, page: p, site: siteOf(p, r.site), files: []string{c.files[0]}}
	for _, f := range c.files {
		deps.addLayout(f)
	}
	// Templates run Go code only through functions and methods, and write
	// only through out: both look at stopped, so that a loop in a layout
	// ends soon after Ctrl-C.
	stop := context.AfterFunc(ctx, func() { x.stopped.Store(true) })
	defer stop()
	s.x = x
	defer func() { s.x = nil }()
	out := &pageWriter{buf: buf, x: x}
	err = c.tpl.ExecuteTemplate(out, c.entry, x.view(p))
	switch {
	case ctx.Err() != nil:
		return x.warns, ctx.Err()
	case errors.Is(err, errTooLong):
		d := diag.Errorf(c.files[0], 0, 0, "the page's HTML is over %d MiB, so a loop in its layouts may never end: rendering stopped", MaxPage>>20)
		d.Origin, d.Page = r.t.theme.Origin(c.files[0]), p.Where()
		return x.warns, diag.Errors{d}
	case err != nil:
		return x.warns, r.t.templateError(err, p, c.files)
	}
	return x.warns, nil
}

var errTooLong = errors.New("the page is too long")

// pageWriter is where a page's HTML goes: a buffer that stops a render
// that was cancelled or has grown past MaxPage.
type pageWriter struct {
	buf *bytes.Buffer
	x   *execution
}

func (w *pageWriter) Write(b []byte) (int, error) {
	if w.x.stopped.Load() {
		return 0, errStopped
	}
	if w.buf.Len()+len(b) > MaxPage {
		return 0, errTooLong
	}
	return w.buf.Write(b)
}

// lookup finds the layout file for a page, in Hugo's order: the page's own
// layout, then by kind, first in the folder of its type, then at the root.
func (s *set) lookup(p *site.Page) (string, error) {
	typ, layout := p.Type(), ""
	if p.Src != nil {
		layout = p.Src.Meta.Layout
	}
	key := string(p.Kind) + "|" + typ + "|" + layout
	name, ok := s.lookups[key]
	if !ok {
		for _, cand := range candidates(p.Kind, typ, layout) {
			if s.t.theme.Exists(folders.Layouts + "/" + cand) {
				name = folders.Layouts + "/" + cand
				break
			}
		}
		s.lookups[key] = name
	}
	if name == "" {
		file := folders.Layouts
		if p.Src != nil {
			file = p.Src.File
		}
		want := candidates(p.Kind, typ, layout)
		if len(want) > 4 {
			want = want[:4]
		}
		return "", diag.Errors{diag.Errorf(file, 0, 0, "no layout for the %s at %s: add layouts/%s", p.Kind, p.URL, strings.Join(want, " or layouts/"))}
	}
	return name, nil
}

// candidates lists the layout files that may render a page, best first.
func candidates(kind content.Kind, typ, layout string) []string {
	var names []string
	switch kind {
	case content.Home:
		names = []string{"home.html", "index.html", "list.html", "all.html"}
	case content.Section:
		names = []string{"section.html", "list.html", "all.html"}
	case content.NotFound:
		return []string{"404.html"}
	default:
		names = []string{"page.html", "single.html", "all.html"}
	}
	var out []string
	dirs := []string{}
	if typ != "" {
		dirs = append(dirs, typ+"/")
	}
	dirs = append(dirs, "", "_default/")
	// A page's own layout outranks the section's folder, as in Hugo.
	if layout != "" {
		for _, d := range dirs {
			out = append(out, d+layout+".html")
		}
	}
	for _, d := range dirs {
		for _, n := range names {
			out = append(out, d+n)
		}
	}
	return out
}

// compile parses a layout, with the baseof.html it fills when it only
// defines blocks, once for each pair.
func (s *set) compile(name, base string) *compiled {
	key := name + "|" + base
	if c := s.compiled[key]; c != nil {
		return c
	}
	c := &compiled{}
	s.compiled[key] = c
	inner, err := s.parse(name)
	if err != nil {
		c.err = err
		return c
	}
	c.files = []string{name}
	if base == "" || !onlyDefines(inner) {
		c.tpl, c.entry = inner, name
		return c
	}
	outer, err := s.parse(base)
	if err != nil {
		c.err = err
		return c
	}
	for _, d := range inner.Templates() {
		if d.Name() == name || d.Tree == nil {
			continue
		}
		if _, err := outer.AddParseTree(d.Name(), d.Tree); err != nil {
			c.err = s.t.templateError(err, nil, nil)
			return c
		}
	}
	c.tpl, c.entry = outer, base
	c.files = append(c.files, base)
	return c
}

// parse reads and parses one theme file as a template.
func (s *set) parse(name string) (*template.Template, error) {
	src, err := s.t.theme.ReadFile(name)
	if err != nil {
		return nil, err
	}
	tpl, err := template.New(name).Funcs(s.funcs).Parse(string(src))
	if err != nil {
		return nil, s.t.templateError(err, nil, nil)
	}
	return tpl, nil
}

// baseFor finds the baseof.html a layout fills for a page of type typ: the
// type's own first, then the layout's folder's, then the root's, as Hugo.
func (s *set) baseFor(name, typ string) string {
	key := "base|" + name + "|" + typ
	if base, ok := s.lookups[key]; ok {
		return base
	}
	rel := strings.TrimPrefix(name, folders.Layouts+"/")
	var dirs []string
	if typ != "" {
		dirs = append(dirs, typ+"/")
	}
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		dirs = append(dirs, rel[:i+1])
	}
	dirs = append(dirs, "", "_default/")
	base := ""
	for _, d := range dirs {
		if cand := folders.Layouts + "/" + d + "baseof.html"; s.t.theme.Exists(cand) {
			base = cand
			break
		}
	}
	s.lookups[key] = base
	return base
}

// onlyDefines reports whether a parsed layout holds nothing but {{ define }}
// blocks (and blank text), so that it fills a baseof.html.
func onlyDefines(t *template.Template) bool {
	if t.Tree == nil || t.Tree.Root == nil {
		return true
	}
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if len(bytes.TrimSpace(n.Text)) > 0 {
				return false
			}
		case *parse.CommentNode:
		default:
			return false
		}
	}
	return len(t.Templates()) > 1
}

// maxPartialDepth bounds partials calling partials, so that a partial that
// calls itself ends the render with an error instead of the stack.
const maxPartialDepth = 50

// partial renders layouts/_partials/NAME with data, recording the file as
// one the page's render used, whatever the data.
func (s *set) partial(name string, data any) (template.HTML, error) {
	c := s.partials[name]
	if c == nil {
		c = s.compilePartial(name)
		s.partials[name] = c
	}
	if c.err != nil {
		return "", c.err
	}
	x := s.x
	if x != nil {
		if x.stopped.Load() {
			return "", errStopped
		}
		x.deps.addLayout(c.entry)
		if len(x.files) > maxPartialDepth {
			return "", fmt.Errorf("partials are called more than %d deep, so %q, or a partial it calls, calls it again without end", maxPartialDepth, name)
		}
		x.files = append(x.files, c.entry)
		defer func() { x.files = x.files[:len(x.files)-1] }()
	}
	var buf bytes.Buffer
	var out io.Writer = &buf
	if x != nil {
		out = &pageWriter{buf: &buf, x: x}
	}
	if err := c.tpl.ExecuteTemplate(out, c.entry, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// compilePartial finds and parses a partial by the name a template calls it.
func (s *set) compilePartial(name string) *compiled {
	clean := strings.TrimPrefix(name, "/")
	if !strings.HasSuffix(clean, ".html") && !s.t.theme.Exists(folders.Layouts+"/_partials/"+clean) {
		clean += ".html"
	}
	file := ""
	for _, cand := range []string{folders.Layouts + "/_partials/" + clean, folders.Layouts + "/partials/" + clean} {
		if s.t.theme.Exists(cand) {
			file = cand
			break
		}
	}
	if file == "" {
		return &compiled{err: fmt.Errorf("partial %q does not exist: add layouts/_partials/%s", name, clean)}
	}
	tpl, err := s.parse(file)
	if err != nil {
		return &compiled{err: err}
	}
	return &compiled{tpl: tpl, entry: file, files: []string{file}}
}

// seq is tplfuncs.Seq, which also ends a render that was cancelled: nested
// ranges over seq are how a layout loops without pages, and an empty loop
// writes nothing that would stop it.
func (s *set) seq(args ...any) ([]int, error) {
	if x := s.x; x != nil && x.stopped.Load() {
		return nil, errStopped
	}
	return tplfuncs.Seq(args...)
}

// warnf reports a warning from a template, as Hugo's warnf: at the layout
// file that called it, naming the page being rendered.
func (s *set) warnf(format string, args ...any) string {
	if x := s.x; x != nil {
		file := x.files[len(x.files)-1]
		d := diag.Warnf(file, 0, 0, format, args...)
		d.Origin, d.Page = s.t.theme.Origin(file), x.page.Where()
		x.warns = append(x.warns, d)
	}
	return ""
}
