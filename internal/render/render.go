// Package render executes a site's html/template layouts: it finds the layout
// for each page with Hugo's lookup order (baseof, home, section, page, 404,
// SECTION/page, SECTION/section, _partials), gives templates Hugo's page and
// site fields and functions, and records what each page's render read.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"plansite/internal/assets"
	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/markdown"
	"plansite/internal/site"
	"plansite/internal/theme"
)

// Options change how pages are rendered.
type Options struct {
	// Server is true in plansite serve; templates see it as .Site.IsServer.
	Server bool
}

// Templates are a theme's layouts, compiled on first use. They depend on the
// theme, the configuration and the assets, and are kept across rebuilds
// that change only content.
type Templates struct {
	theme  *theme.FS
	cfg    *config.Config
	assets *assets.Set
	md     *markdown.Converter
	funcs  template.FuncMap

	mu       sync.Mutex
	compiled map[string]*compiled // by layout file name
	lookups  map[string]string    // lookup key → layout file name, "" when none
	partials map[string]*compiled
}

type compiled struct {
	once  sync.Once
	tpl   *template.Template
	entry string   // the template to execute
	files []string // theme files it is made of
	err   error
}

// NewTemplates prepares a theme's templates.
func NewTemplates(th *theme.FS, cfg *config.Config, as *assets.Set, md *markdown.Converter) *Templates {
	t := &Templates{
		theme: th, cfg: cfg, assets: as, md: md,
		compiled: map[string]*compiled{},
		lookups:  map[string]string{},
		partials: map[string]*compiled{},
	}
	t.funcs = t.funcMap()
	return t
}

// Renderer renders the pages of one linked site with a set of templates.
type Renderer struct {
	t    *Templates
	site *site.Site
	opts Options
	// renders counts page renders, for tests of incremental rebuilds.
	renders atomic.Int64
}

// New makes a renderer for a site.
func New(t *Templates, s *site.Site, opts Options) *Renderer {
	return &Renderer{t: t, site: s, opts: opts}
}

// Renders is how many pages this renderer has rendered.
func (r *Renderer) Renders() int64 { return r.renders.Load() }

// Render renders a page to HTML. deps, when not nil, records what the render
// read. Errors are diagnostics naming the layout file and line.
func (r *Renderer) Render(p *site.Page, deps *Deps) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.RenderTo(&buf, p, deps); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RenderTo renders a page into buf, which the caller owns and may reuse.
func (r *Renderer) RenderTo(buf *bytes.Buffer, p *site.Page, deps *Deps) error {
	r.renders.Add(1)
	name, err := r.t.lookup(p)
	if err != nil {
		return err
	}
	c := r.t.compile(name, r.t.baseFor(name, p.Type()))
	if c.err != nil {
		return c.err
	}
	for _, f := range c.files {
		deps.addLayout(f)
	}
	x := &execution{r: r, deps: deps}
	if err := c.tpl.ExecuteTemplate(buf, c.entry, x.page(p)); err != nil {
		return r.t.templateError(err, p)
	}
	return nil
}

// lookup finds the layout file for a page, in Hugo's order: the page's own
// layout, then by kind, first in the folder of its type, then at the root.
func (t *Templates) lookup(p *site.Page) (string, error) {
	typ, layout := p.Type(), ""
	if p.Src != nil {
		layout = p.Src.Meta.Layout
	}
	key := string(p.Kind) + "|" + typ + "|" + layout
	t.mu.Lock()
	name, ok := t.lookups[key]
	t.mu.Unlock()
	if !ok {
		for _, cand := range candidates(p.Kind, typ, layout) {
			if t.theme.Exists(folders.Layouts + "/" + cand) {
				name = folders.Layouts + "/" + cand
				break
			}
		}
		t.mu.Lock()
		t.lookups[key] = name
		t.mu.Unlock()
	}
	if name == "" {
		file := ""
		if p.Src != nil {
			file = p.Src.File
		}
		want := candidates(p.Kind, typ, layout)
		if len(want) > 4 {
			want = want[:4]
		}
		return "", diag.Errors{diag.Errorf(orDefault(file, folders.Layouts), 0, 0, "no layout for the %s at %s: add layouts/%s", p.Kind, p.URL, strings.Join(want, " or layouts/"))}
	}
	return name, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
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
func (t *Templates) compile(name, base string) *compiled {
	t.mu.Lock()
	c := t.compiled[name+"|"+base]
	if c == nil {
		c = &compiled{}
		t.compiled[name+"|"+base] = c
	}
	t.mu.Unlock()
	c.once.Do(func() {
		src, err := t.theme.ReadFile(name)
		if err != nil {
			c.err = err
			return
		}
		inner, err := template.New(name).Funcs(t.funcs).Parse(string(src))
		if err != nil {
			c.err = t.templateError(err, nil)
			return
		}
		c.files = []string{name}
		if base == "" || !onlyDefines(inner) {
			c.tpl, c.entry = inner, name
			return
		}
		baseSrc, err := t.theme.ReadFile(base)
		if err != nil {
			c.err = err
			return
		}
		outer, err := template.New(base).Funcs(t.funcs).Parse(string(baseSrc))
		if err != nil {
			c.err = t.templateError(err, nil)
			return
		}
		for _, d := range inner.Templates() {
			if d.Name() == name || d.Tree == nil {
				continue
			}
			if _, err := outer.AddParseTree(d.Name(), d.Tree); err != nil {
				c.err = t.templateError(err, nil)
				return
			}
		}
		c.tpl, c.entry = outer, base
		c.files = append(c.files, base)
	})
	return c
}

// baseFor finds the baseof.html a layout fills for a page of type typ: the
// type's own first, then the layout's folder's, then the root's, as Hugo.
func (t *Templates) baseFor(name, typ string) string {
	key := "base|" + name + "|" + typ
	t.mu.Lock()
	base, ok := t.lookups[key]
	t.mu.Unlock()
	if ok {
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
	for _, d := range dirs {
		if cand := folders.Layouts + "/" + d + "baseof.html"; t.theme.Exists(cand) {
			base = cand
			break
		}
	}
	t.mu.Lock()
	t.lookups[key] = base
	t.mu.Unlock()
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

// partial renders layouts/_partials/NAME with data.
func (t *Templates) partial(name string, data any) (template.HTML, error) {
	t.mu.Lock()
	c := t.partials[name]
	if c == nil {
		c = &compiled{}
		t.partials[name] = c
	}
	t.mu.Unlock()
	c.once.Do(func() {
		clean := strings.TrimPrefix(name, "/")
		if !strings.HasSuffix(clean, ".html") && !t.theme.Exists(folders.Layouts+"/_partials/"+clean) {
			clean += ".html"
		}
		file := ""
		for _, cand := range []string{folders.Layouts + "/_partials/" + clean, folders.Layouts + "/partials/" + clean} {
			if t.theme.Exists(cand) {
				file = cand
				break
			}
		}
		if file == "" {
			c.err = fmt.Errorf("partial %q does not exist: add layouts/_partials/%s", name, clean)
			return
		}
		src, err := t.theme.ReadFile(file)
		if err != nil {
			c.err = err
			return
		}
		tpl, err := template.New(file).Funcs(t.funcs).Parse(string(src))
		if err != nil {
			c.err = t.templateError(err, nil)
			return
		}
		c.tpl, c.entry, c.files = tpl, file, []string{file}
	})
	if c.err != nil {
		return "", c.err
	}
	if v, ok := data.(Page); ok {
		v.x.deps.addLayout(c.entry)
		if v.x.depth.Add(1) > 50 {
			return "", fmt.Errorf("partial %q calls itself too deeply", name)
		}
		defer v.x.depth.Add(-1)
	}
	var buf bytes.Buffer
	if err := c.tpl.ExecuteTemplate(&buf, c.entry, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// Render404 renders the site's 404 page, when the theme has a 404.html.
func (r *Renderer) Render404(p *site.Page, deps *Deps) ([]byte, bool, error) {
	if !r.t.theme.Exists(folders.Layouts + "/404.html") {
		return nil, false, nil
	}
	b, err := r.Render(p, deps)
	return b, err == nil, err
}

// Position of a template error in Go's messages: "template: NAME:LINE:COL: ".
var tplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns a template parse or execution error into a diagnostic
// naming the layout file and line (the innermost one, for a partial).
func (t *Templates) templateError(err error, p *site.Page) error {
	var ds diag.Errors
	if errors.As(err, &ds) {
		return err
	}
	msg := err.Error()
	file, line, col := folders.Layouts, 0, 0
	// Errors from a partial arrive wrapped in the caller's message; the
	// last position is the innermost.
	all := strings.Split(msg, "template: ")
	if m := tplErrRE.FindStringSubmatch("template: " + all[len(all)-1]); m != nil {
		file = m[1]
		line, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			// Go counts the column from 0; editors from 1.
			col, _ = strconv.Atoi(m[3])
			col++
		}
		msg = m[4]
	}
	msg = strings.NewReplacer("render.Page", "page", "render.Site", "site", "*render.Page", "page").Replace(msg)
	if strings.HasPrefix(file, folders.Layouts+"/") {
		file = t.theme.Origin(file)
	}
	if p != nil && p.Src != nil {
		msg += " (rendering " + p.Src.File + ")"
	} else if p != nil {
		msg += " (rendering " + p.URL + ")"
	}
	return diag.Errors{diag.Errorf(file, line, col, "%s", msg)}
}

// Exists reports whether the theme has a file; used for optional layouts.
func (t *Templates) Exists(name string) bool { return t.theme.Exists(name) }
