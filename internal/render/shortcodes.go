package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"sort"
	"strings"
	"sync"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/images"
	"plansite/internal/markdown"
	"plansite/internal/shortcode"
	"plansite/internal/site"
)

// ShortcodeEnv is what expanding a page's shortcodes needs besides the
// templates: the page's links and images, and the record of what the
// expansion read (nil in a one-off build).
type ShortcodeEnv struct {
	Resolver markdown.Resolver
	Images   markdown.Images
	Deps     *Deps
}

// Expansion is a page's Markdown with its shortcodes expanded, and what
// expanding them found.
type Expansion struct {
	*shortcode.Expanded
	// Diags are the mistakes in the shortcodes and their arguments, and
	// the warnings of their templates, at their places in the page.
	Diags []diag.Diagnostic
	// Lazy says a shortcode showed an image before the Markdown's first.
	Lazy bool
	// Images are the local images shortcodes showed, whose copies the
	// build publishes.
	Images []*images.Image
}

// ExpandShortcodes expands the shortcodes of a page's Markdown body with
// the templates of worker w, which no other goroutine may use meanwhile.
func (r *Renderer) ExpandShortcodes(ctx context.Context, w int, p *site.Page, body []byte, env ShortcodeEnv) *Expansion {
	sx := &scExec{r: r, s: r.t.sets[w], ctx: ctx, page: p, body: body, env: env, out: &Expansion{},
		views: map[*shortcode.Call]*Shortcode{}, firstMD: bytes.Index(body, []byte("!["))}
	calls, errs := shortcode.Parse(body)
	exp, more := shortcode.Expand(body, calls, sx.render, shortcode.Options{EscapeInner: !r.site.Config.Markup.Unsafe})
	sx.out.Expanded = exp
	lines := diag.NewLines(body)
	for _, e := range append(append(errs, more...), sx.errs...) {
		pos := lines.Pos(e.At)
		sev := diag.Error
		if e.Warning {
			sev = diag.Warning
		}
		sx.out.Diags = append(sx.out.Diags, diag.Diagnostic{File: p.Src.File, Line: p.Src.BodyLine + pos.Line - 1, Column: pos.Col, Severity: sev, Message: e.Msg})
	}
	return sx.out
}

// scExec is the expansion of one page's shortcodes.
type scExec struct {
	r       *Renderer
	s       *set
	ctx     context.Context
	page    *site.Page
	body    []byte
	env     ShortcodeEnv
	out     *Expansion
	views   map[*shortcode.Call]*Shortcode
	errs    []*shortcode.Error // warnings of templates (warnf)
	firstMD int                // where the Markdown's first image may be
	pics    bool               // a shortcode has shown an image
}

func errAt(at int, format string, args ...any) *shortcode.Error {
	return &shortcode.Error{At: at, Msg: fmt.Sprintf(format, args...)}
}

func warnAt(at int, format string, args ...any) *shortcode.Error {
	return &shortcode.Error{At: at, Msg: fmt.Sprintf(format, args...), Warning: true}
}

// render runs one call's template, once its arguments are checked.
func (sx *scExec) render(c *shortcode.Call, inner string) (string, []*shortcode.Error) {
	if sx.ctx.Err() != nil {
		return "", nil
	}
	sc := sx.s.shortcode(c.Name)
	if sc == nil {
		return "", []*shortcode.Error{errAt(c.NameAt, "unknown shortcode %q%s: add layouts/_shortcodes/%s.html", c.Name, diag.Hint(c.Name, sx.r.t.shortcodeNames()), c.Name)}
	}
	if sc.err != nil {
		return "", []*shortcode.Error{errAt(c.NameAt, "shortcode %q cannot be used: %s", c.Name, firstMessage(sc.err))}
	}
	// A {{% %}} template is run again with its inner text; its call was
	// checked, its arguments resolved and its images sized (and counted
	// for lazy loading) the first time.
	v := sx.views[c]
	var errs []*shortcode.Error
	if v == nil || !v.checked {
		v, errs = sx.view(c, sc)
		if shortcode.HasErrors(errs) {
			return "", errs
		}
		v.checked = true
	}
	v.inner = inner
	// The page's language's title and strings, as in RenderTo.
	x := &execution{r: sx.r, deps: sx.env.Deps, page: sx.page, site: siteOf(sx.page, sx.r.site), files: []string{sc.entry}, converting: true}
	x.deps.addLayout(sc.entry)
	v.x = x
	sx.s.x = x
	defer func() { sx.s.x = nil }()
	var b bytes.Buffer
	err := sc.tpl.ExecuteTemplate(&pageWriter{buf: &b, x: x}, sc.entry, v)
	for _, w := range x.warns {
		errs = append(errs, warnAt(c.Start, "shortcode %q: %s: %s", c.Name, w.Where(), w.Message))
	}
	if err != nil {
		d, _ := diag.AsList(sx.r.t.templateError(err, nil, []string{sc.entry}))
		return "", append(errs, errAt(c.Start, "shortcode %q failed: %s: %s", c.Name, d[0].Where(), d[0].Message))
	}
	return b.String(), errs
}

func firstMessage(err error) string {
	if ds, ok := diag.AsList(err); ok && len(ds) > 0 {
		return ds[0].Error()
	}
	return err.Error()
}

// scTemplate is a shortcode's template and declaration.
type scTemplate struct {
	*compiled
	decl *decl
	// usesInner says the template shows .Inner: without a declaration,
	// as in Hugo, such a shortcode must be closed.
	usesInner bool
}

// shortcode compiles layouts/_shortcodes/NAME.html (or Hugo's older
// layouts/shortcodes/), nil when the theme has neither.
func (s *set) shortcode(name string) *scTemplate {
	if sc, ok := s.shortcodes[name]; ok {
		return sc
	}
	var sc *scTemplate
	for _, dir := range []string{"_shortcodes", "shortcodes"} {
		file := folders.Layouts + "/" + dir + "/" + name + ".html"
		if !validName(name) || !s.t.theme.Exists(file) {
			continue
		}
		sc = &scTemplate{compiled: &compiled{entry: file, files: []string{file}}}
		src, err := s.t.theme.ReadFile(file)
		if err == nil {
			sc.usesInner = bytes.Contains(src, []byte(".Inner"))
			sc.decl, err = parseDecl(file, src)
		}
		if err == nil {
			sc.tpl, err = s.parse(file)
		}
		sc.err = err
		break
	}
	s.shortcodes[name] = sc
	return sc
}

func validName(name string) bool {
	return name != "" && !strings.Contains(name, "..") && !strings.HasPrefix(name, ".") && path.Clean(name) == name
}

// shortcodeNames lists the shortcodes the theme has, for "did you mean".
func (t *Templates) shortcodeNames() []string {
	t.scOnce.Do(func() {
		seen := map[string]bool{}
		for _, dir := range []string{"_shortcodes", "shortcodes"} {
			files, _ := t.theme.Files(folders.Layouts + "/" + dir)
			for _, f := range files {
				if strings.HasSuffix(f, ".html") {
					seen[strings.TrimSuffix(strings.TrimPrefix(f, folders.Layouts+"/"+dir+"/"), ".html")] = true
				}
			}
		}
		for n := range seen {
			t.scNames = append(t.scNames, n)
		}
		sort.Strings(t.scNames)
	})
	return t.scNames
}

// scNamesOnce guards Templates' list of shortcodes.
type scNamesOnce struct {
	scOnce  sync.Once
	scNames []string
}

// Shortcode is a shortcode's call as its template sees it, with Hugo's
// names: .Get, .Inner, .Page, .Params, .Name, .Parent, .Position.
type Shortcode struct {
	call  *shortcode.Call
	sx    *scExec
	x     *execution
	inner string
	// checked says the call's arguments were checked without error.
	checked bool
	// args are the arguments by declared name, typed; pos and named as
	// Hugo gives them.
	args   map[string]any
	pos    []any
	named  map[string]any
	refs   map[string]*site.Page
	links  map[string]string
	images map[string]*ImageView
}

func (v *Shortcode) Name() string { return v.call.Name }

// Get is an argument: by position (0, 1…) or by name. A declared
// argument given by position is also found by its name.
func (v *Shortcode) Get(key any) any {
	switch k := key.(type) {
	case int:
		if k >= 0 && k < len(v.pos) {
			return v.pos[k]
		}
		return nil
	case string:
		if a, ok := v.args[k]; ok {
			return a
		}
		return v.named[k]
	}
	return nil
}

// Params are the arguments: a list when given by position, a map when
// given by name, as in Hugo.
func (v *Shortcode) Params() any {
	if v.named != nil {
		return v.named
	}
	return v.pos
}

func (v *Shortcode) IsNamedParams() bool { return v.named != nil }
func (v *Shortcode) Ordinal() int        { return v.call.Ordinal }

// Inner is the text between the tags: Markdown, placed in the page, for
// {{% %}}; for {{< >}}, the text escaped (unless raw HTML is on).
func (v *Shortcode) Inner() template.HTML { return template.HTML(v.inner) }

// InnerDeindent is Inner without the indentation its lines share.
func (v *Shortcode) InnerDeindent() template.HTML {
	lines := strings.Split(v.inner, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
	}
	return template.HTML(strings.Join(lines, "\n"))
}

// Page is the page the shortcode is in.
func (v *Shortcode) Page() Page { return v.x.view(v.sx.page) }

// Site is the site in the page's language.
func (v *Shortcode) Site() Site { return Site{x: v.x, s: v.x.site} }

// Parent is the shortcode this one is inside, nil at the top.
func (v *Shortcode) Parent() *Shortcode {
	if v.call.Parent == nil {
		return nil
	}
	p := v.sx.views[v.call.Parent]
	if p == nil {
		return nil
	}
	q := *p
	q.x = v.x
	return &q
}

// Position is where the shortcode is, as Hugo's: "content/p.md:12:1".
func (v *Shortcode) Position() Position {
	pos := diag.PosAt(v.sx.body, v.call.Start)
	return Position{Filename: v.sx.page.Src.File, LineNumber: v.sx.page.Src.BodyLine + pos.Line - 1, ColumnNumber: pos.Col}
}

// Position is a place in a file.
type Position struct {
	Filename                 string
	LineNumber, ColumnNumber int
}

func (p Position) String() string {
	return fmt.Sprintf("%q", fmt.Sprintf("%s:%d:%d", p.Filename, p.LineNumber, p.ColumnNumber))
}

// Ref is the page a ref argument names: plansite's own.
func (v *Shortcode) Ref(name string) *Page {
	p := v.refs[name]
	if p == nil {
		return nil
	}
	view := v.x.view(p)
	return &view
}

// Link is the address a link argument leads to, as published: plansite's own.
func (v *Shortcode) Link(name string) string { return v.links[name] }

// Image is the local image an image argument shows, sized: plansite's own.
func (v *Shortcode) Image(name string) *ImageView { return v.images[name] }

// ImageView is a local image as a template shows it.
type ImageView struct {
	RelPermalink  string
	Width, Height int
	// SrcSet and Sizes are set for an image wider than the column.
	SrcSet, Sizes string
	// Lazy is true but for the page's first image.
	Lazy bool
}
