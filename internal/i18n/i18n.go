// Package i18n translates a theme's strings into a page's language, as
// Hugo's i18n does: it reads i18n/LANG.toml (the site's keys over the
// built-in theme's), in Hugo's format, where a key holds its text or its
// plural forms, and chooses a form by CLDR's plural rules for the
// language (Welsh has zero, one, two, few, many and other). Dates take the
// language's month and day names, from CLDR too (dates.go).
package i18n

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/tomlpos"
	"plansite/internal/tplfuncs"
)

// Dir is the folder of a site, and of its theme, that holds the
// translations, one file per language: i18n/cy.toml.
const Dir = "i18n"

// File is the translations file of a language: "i18n/cy.toml".
func File(lang string) string { return Dir + "/" + lang + ".toml" }

// Source reads a theme file from the built-in theme and from the site,
// nil where there is none.
type Source interface {
	Layers(name string) (builtIn, own []byte, err error)
}

// Bundle is a site's translations, for each of its languages. It is read
// once and only read after, by every goroutine that renders.
type Bundle struct {
	langs map[string]*catalog
}

// catalog is one language's translations.
type catalog struct {
	tag  language.Tag
	file string // "i18n/cy.toml", where a missing key is to be added
	// found says that the language has a file, the site's or the
	// theme's; broken that one of them has errors, reported when it was
	// read, so that a lookup in it is not reported again.
	found, broken bool
	msgs          map[string]*message // by key in lower case
	dates         *dates
}

// message is a key's text, or its plural forms, each ready to run.
type message struct {
	key   string                // as its file writes it, for messages
	forms map[plural.Form]*text // always with Other
}

// text is one form of a message: a template when it uses data
// ({{ .Count }}), else the text itself.
type text struct {
	raw string
	tpl *template.Template
}

// Load reads the translations of each language of the site. Every problem
// of the files is reported, at its place; a language whose file has
// errors translates nothing until it is fixed, and says nothing more.
func Load(src Source, langs []*config.Language) (*Bundle, []diag.Diagnostic) {
	b := &Bundle{langs: map[string]*catalog{}}
	var diags []diag.Diagnostic
	for _, l := range langs {
		tag, _ := language.Parse(l.Lang)
		c := &catalog{tag: tag, file: File(l.Lang), msgs: map[string]*message{}, dates: newDates(l)}
		b.langs[l.Lang] = c
		builtIn, own, err := src.Layers(c.file)
		if err != nil {
			diags = append(diags, diag.Errorf(c.file, 0, 0, "%v", err))
			c.broken = true
			continue
		}
		// The built-in theme's keys first, the site's over them: a site
		// changes or adds the keys it needs, and has the theme's others.
		layers := []struct {
			data   []byte
			origin diag.Origin
		}{{builtIn, diag.BuiltIn}, {own, diag.Site}}
		for _, layer := range layers {
			if layer.data == nil {
				continue
			}
			c.found = true
			ds := c.read(layer.data)
			for i := range ds {
				ds[i].Origin = layer.origin
			}
			diags = append(diags, ds...)
			if errs, _ := diag.Count(ds); errs > 0 {
				c.broken = true
			}
		}
	}
	return b, append(diags, b.incomplete(langs)...)
}

// incomplete warns, once for each language and all at once, of the keys
// the default language has and another lacks. Otherwise a writer would
// meet them one render error at a time; and the built-in theme carries
// only the Welsh a Welsh public body publishes, so a site writes the rest
// in its own file, in its own words, rather than have a theme invent them.
func (b *Bundle) incomplete(langs []*config.Language) []diag.Diagnostic {
	var def *catalog
	for _, l := range langs {
		if l.IsDefault() {
			def = b.langs[l.Lang]
		}
	}
	if def == nil || def.broken {
		return nil
	}
	var diags []diag.Diagnostic
	for _, l := range langs {
		c := b.langs[l.Lang]
		if c == def || c.broken {
			continue
		}
		var lacks []string
		for lk, m := range def.msgs {
			if c.msgs[lk] == nil {
				lacks = append(lacks, m.key)
			}
		}
		if len(lacks) == 0 {
			continue
		}
		slices.Sort(lacks)
		// A warning: a site's own layouts may never use the keys the
		// theme has; a page that does use one is an error at its line.
		diags = append(diags, diag.Warnf(c.file, 0, 0,
			"%s has no text for %d of the %d strings %s has: add %s to %s, in the words of someone who writes %s (the built-in theme has only those a public body publishes)",
			l.EnglishName(), len(lacks), len(def.msgs), def.file, strings.Join(lacks, ", "), c.file, l.EnglishName()))
	}
	return diags
}

// read adds the messages of one file to the catalog.
func (c *catalog) read(data []byte) []diag.Diagnostic {
	raw, md, d := tomlpos.Decode(c.file, data)
	if d != nil {
		return []diag.Diagnostic{*d}
	}
	keys, vals := tomlpos.FindValues(data, md.Keys(), 0)
	r := reader{c: c, keys: keys, vals: vals, seen: map[string]string{}}
	// In the file's order, so that a key given twice is reported at the
	// second.
	for _, k := range md.Keys() {
		if len(k) == 1 {
			r.message(k[0], raw[k[0]])
		}
	}
	diag.Sort(r.diags)
	return r.diags
}

// reader reads one file's messages, with their positions for messages.
type reader struct {
	c          *catalog
	keys, vals tomlpos.Positions
	seen       map[string]string // lower-case key → the key as first written
	diags      []diag.Diagnostic
}

func (r *reader) errorf(at diag.Pos, format string, args ...any) {
	r.diags = append(r.diags, diag.Errorf(r.c.file, at.Line, at.Col, format, args...))
}

// forms are the names of the plural forms in a message's table, as Hugo
// and CLDR name them.
var forms = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// message reads one key: its text, or a table of its plural forms (and a
// description for translators, which is not shown).
func (r *reader) message(key string, v any) {
	lk := strings.ToLower(key)
	if first, twice := r.seen[lk]; twice {
		r.errorf(r.keys.Of(key), "%s is given twice (first as %s): keys are read in any case, so keep one", key, first)
		return
	}
	r.seen[lk] = key
	m := &message{forms: map[plural.Form]*text{}}
	switch x := v.(type) {
	case string:
		m.forms[plural.Other] = r.text(key, key, x)
	case map[string]any:
		for _, f := range slices.Sorted(maps.Keys(x)) {
			form, ok := forms[strings.ToLower(f)]
			switch s, isText := x[f].(string); {
			case strings.EqualFold(f, "description") || strings.EqualFold(f, "hash"):
			case !ok:
				names := append(slices.Sorted(maps.Keys(forms)), "description")
				r.errorf(r.keys.Of(key+"."+f), "%s: unknown plural form %q%s; a key takes: %s", key, f, diag.Hint(f, names), strings.Join(names, ", "))
			case !isText:
				r.errorf(r.vals.Of(key+"."+f), "%s.%s must be text in quotes", key, f)
			default:
				m.forms[form] = r.text(key, key+"."+f, s)
			}
		}
		if m.forms[plural.Other] == nil {
			r.errorf(r.keys.Of(key), "%s has plural forms but no other, which every count without a form of its own takes: add other = \"…\"", key)
			return
		}
	default:
		r.errorf(r.vals.Of(key), "%s must be text in quotes, or a table of plural forms ([%s] with one = \"…\" and other = \"…\")", key, key)
		return
	}
	m.key = key
	r.c.msgs[lk] = m
}

// text prepares one form of a message, reporting a template that does
// not parse at its value.
func (r *reader) text(key, at, s string) *text {
	t := &text{raw: s}
	if strings.Contains(s, "{{") {
		tpl, err := template.New(key).Option("missingkey=zero").Parse(s)
		if err != nil {
			r.errorf(r.vals.Of(at), "%s: %v", key, strings.TrimPrefix(err.Error(), "template: "+key+":"))
			return t
		}
		t.tpl = tpl
	}
	return t
}

// Translate is the text of key in the language lang, for data: a count,
// which chooses the plural form and is .Count in the text, or a map whose
// Count does and whose keys the text shows (.Name). A key the language's
// file lacks is an error naming the key and the file, which the template
// that asked reports with its line.
func (b *Bundle) Translate(lang, key string, data any) (string, error) {
	c := b.langs[lang]
	if c == nil {
		return "", fmt.Errorf("i18n: the site has no language %q", lang)
	}
	m := c.msgs[strings.ToLower(key)]
	switch {
	case m == nil && c.broken:
		return "", nil // the file's own errors say what is wrong
	case m == nil && !c.found:
		return "", fmt.Errorf("i18n key %q is missing: there is no %s; add it, with %s = \"…\"", key, c.file, key)
	case m == nil:
		return "", fmt.Errorf("i18n key %q is missing from %s%s: add %s = \"…\" to it", key, c.file, diag.Hint(strings.ToLower(key), slices.Sorted(maps.Keys(c.msgs))), key)
	}
	n, counted := count(data)
	t := m.forms[plural.Other]
	if counted && len(m.forms) > 1 {
		if f := m.forms[c.form(n)]; f != nil {
			t = f
		}
	}
	if t.tpl == nil {
		return t.raw, nil
	}
	if counted {
		if _, isMap := data.(map[string]any); !isMap {
			data = map[string]any{"Count": data}
		}
	}
	var out bytes.Buffer
	if err := t.tpl.Execute(&out, data); err != nil {
		return "", fmt.Errorf("i18n key %q in %s: %v", key, c.file, err)
	}
	return out.String(), nil
}

// Funcs are the template functions that speak the language of the page
// being rendered, which lang says: i18n and T (Hugo's other name for it),
// and dateFormat.
func (b *Bundle) Funcs(lang func() string) map[string]any {
	translate := func(key any, data ...any) (string, error) {
		var d any
		if len(data) > 0 {
			d = data[0]
		}
		return b.Translate(lang(), tplfuncs.ToString(key), d)
	}
	return map[string]any{
		"i18n": translate,
		"T":    translate,
		"dateFormat": func(layout string, v any) (string, error) {
			return b.FormatDate(lang(), layout, v)
		},
	}
}
