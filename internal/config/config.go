// Package config reads a site's site.toml: its title and base URL, menus,
// free-form params, and the content types that front matter is checked against.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/tomlpos"
)

// Config is a site's configuration.
type Config struct {
	Title        string
	BaseURL      string // always ends in "/"
	LanguageCode string // e.g. "en-GB"
	LanguageName string
	// EditURL, when set, is joined with a page's source path (content/...) to
	// link each page to where it can be edited.
	EditURL       string
	Copyright     string
	SummaryLength int
	// FeedLimit is how many of the newest pages the Atom feed carries; 0
	// means all of them.
	FeedLimit int
	Params    map[string]any
	Menus     map[string][]MenuEntry
	Markup    Markup
	// Types maps a section (a folder of content/) to the fields its pages'
	// front matter may have. A section without a type takes any front matter.
	Types map[string]*Type
	// Data maps a data file's name ("progress" for data/progress.csv) to
	// the fields of its records, as Types does a section's. A data file
	// without a type is read as it is, unchecked.
	Data map[string]*Type
	// Tracker, when site.toml has [tracker], is the data file that reports
	// the progress of the pages' records.
	Tracker *Tracker
	// Language is the language this configuration is for, and Languages
	// every language of the site, by weight. A site without [languages]
	// has one, made of its top-level settings; a multilingual site's
	// top-level configuration is its default language's.
	Language  *Language
	Languages []*Language
	// DeclaresLanguages says that site.toml has [languages], so that a
	// language's key before a content file's extension (skills.cy.md)
	// names the page's language.
	DeclaresLanguages bool
	// RequireTranslations makes a page without a translation in each
	// language an error rather than a warning.
	RequireTranslations bool
	// CMS, when site.toml has [cms], is where the CMS the build configures
	// saves the site.
	CMS *CMS
}

// Markup holds the Markdown options a site can change.
type Markup struct {
	// Unsafe lets raw HTML in Markdown through to the page. Off by default:
	// the people writing content are not the people securing the site.
	Unsafe bool
}

// MenuEntry is one link of a menu. Page names a content file (without
// extension, relative to content/: "objectives", "about"); URL is used as is.
type MenuEntry struct {
	Name       string
	URL        string
	Page       string
	Identifier string
	Weight     int
	Pos        diag.Pos // of the entry's [[menus.NAME]]
	PagePos    diag.Pos // of its page's value, for a page that does not exist
}

// Type is a content type: the front matter fields of a section's pages,
// or of the records of a data file.
type Type struct {
	Section string   // the section, or the data file's name
	Fields  []*Field // in declaration order
	Pos     diag.Pos // of its table in site.toml, for a data file's type
}

// Field is one front matter field of a content type.
type Field struct {
	Name        string
	Kind        Kind
	Required    bool
	Default     any
	Values      []string // an enumeration, when set
	Section     string   // for ref and refs: the section referred to
	Fields      []*Field // for records: the fields of each record
	Description string
	Pos         diag.Pos
}

// InWords reports whether a field of the kind, with or without a list of
// values to choose from, holds words, which a translation says in its
// own language. Numbers, dates, true or false, a choice from the values
// and references to pages are the same in every language.
func InWords(kind Kind, values bool) bool {
	switch kind {
	case String, Text, List, Records:
		return !values
	}
	return false
}

// InWords reports whether the field holds words (InWords).
func (f *Field) InWords() bool { return InWords(f.Kind, len(f.Values) > 0) }

// Lookup returns the field named name (case-insensitive, as Hugo's params are).
func Lookup(fields []*Field, name string) *Field {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// Names lists the fields' names, for "did you mean" hints.
func Names(fields []*Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// Kind is the kind of value a field holds.
type Kind string

const (
	String  Kind = "string"  // one line of text
	Text    Kind = "text"    // text that may hold Markdown
	Int     Kind = "int"     // a whole number
	Float   Kind = "float"   // a number
	Bool    Kind = "bool"    // true or false
	Date    Kind = "date"    // a date or date and time, in the forms Hugo accepts
	List    Kind = "list"    // a list of strings
	Records Kind = "records" // a list of records with fields of their own
	Ref     Kind = "ref"     // the name of a page of another section
	Refs    Kind = "refs"    // a list of such names
)

var kinds = []Kind{String, Text, Int, Float, Bool, Date, List, Records, Ref, Refs}

// kindSynonyms are the names other tools and languages give the kinds,
// too far from ours for a "did you mean" by spelling.
var kindSynonyms = map[string]Kind{
	"str": String, "markdown": Text, "integer": Int, "number": Float, "boolean": Bool,
	"datetime": Date, "time": Date, "array": List, "tags": List, "table": Records,
	"reference": Ref, "references": Refs,
}

// Builtin lists the front matter fields every page may have, whatever its type.
var Builtin = []string{
	"title", "linktitle", "description", "summary", "date", "lastmod", "publishdate",
	"expirydate", "draft", "weight", "slug", "url", "layout", "type", "aliases",
	"keywords", "images", "image", "params", "outputs", "toc",
}

// IsBuiltin reports whether name is a built-in front matter field.
func IsBuiltin(name string) bool {
	return slices.Contains(Builtin, strings.ToLower(name))
}

// file mirrors site.toml for decoding.
type file struct {
	Title         string                `toml:"title"`
	BaseURL       string                `toml:"baseURL"`
	LanguageCode  string                `toml:"languageCode"`
	LanguageName  string                `toml:"languageName"`
	EditURL       string                `toml:"editURL"`
	Copyright     string                `toml:"copyright"`
	SummaryLength *int                  `toml:"summaryLength"`
	FeedLimit     *int                  `toml:"feedLimit"`
	Params        map[string]any        `toml:"params"`
	Menus         map[string][]menuFile `toml:"menus"`
	Markup        struct{ Unsafe bool } `toml:"markup"`
	Types         map[string]typeFile   `toml:"types"`
	Data          map[string]typeFile   `toml:"data"`
	Tracker       *trackerFile          `toml:"tracker"`
	// DefaultContentLanguage, RequireTranslations and Languages are
	// Hugo's [languages], read by languages.
	DefaultContentLanguage string                  `toml:"defaultContentLanguage"`
	RequireTranslations    bool                    `toml:"requireTranslations"`
	Languages              map[string]languageFile `toml:"languages"`
	CMS                    *cmsFile                `toml:"cms"`
}

type menuFile struct {
	Name       string `toml:"name"`
	URL        string `toml:"url"`
	Page       string `toml:"page"`
	Identifier string `toml:"identifier"`
	Weight     int    `toml:"weight"`
}

type typeFile struct {
	Fields map[string]fieldFile `toml:"fields"`
}

type fieldFile struct {
	Kind        string               `toml:"kind"`
	Required    bool                 `toml:"required"`
	Default     any                  `toml:"default"`
	Values      []string             `toml:"values"`
	Section     string               `toml:"section"`
	Description string               `toml:"description"`
	Fields      map[string]fieldFile `toml:"fields"`
}

// Load reads SRC/site.toml. A missing file is an error: a folder without one
// is probably not the site the user meant.
func Load(src string) (*Config, error) {
	data, err := os.ReadFile(filepath.Join(src, folders.Config))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, diag.Errors{diag.Errorf(folders.Config, 0, 0, "no %s here: a site folder needs one (at least title and baseURL)", folders.Config)}
		}
		return nil, diag.Errors{diag.Errorf(folders.Config, 0, 0, "%v", err)}
	}
	return Parse(data)
}

// Parse reads the configuration from the bytes of site.toml. Every problem is
// reported, each with the line and column of the key or value it concerns.
func Parse(data []byte) (*Config, error) {
	f, p, err := decode(data)
	if err != nil {
		return nil, err
	}
	c := p.site(f)
	c.Menus = p.menus(f.Menus, "")
	p.languages(f, c)
	c.Types = p.types(f.Types)
	c.Data = p.dataTypes(f.Data, c.Types)
	c.Tracker = p.tracker(f.Tracker, c)
	c.CMS = p.cms(f.CMS)
	finishLanguages(c)
	if len(p.errs) > 0 {
		diag.Sort(p.errs)
		return nil, p.errs
	}
	return c, nil
}

// parser is what Parse's steps share: where each key and value stands, so
// that a problem is reported at its own, what the shape check reported,
// so that it is not reported twice, and the problems found so far.
type parser struct {
	pos, vals tomlpos.Positions
	shape     *shapeChecker
	errs      diag.Errors
}

// decode reads site.toml into a file. A value of the wrong shape is
// reported and left out, so that the rest still decodes and its problems
// are reported too.
func decode(data []byte) (*file, *parser, error) {
	raw, md, d := tomlpos.Decode(folders.Config, data)
	if d != nil {
		return nil, nil, diag.Errors{*d}
	}
	pos, vals := tomlpos.FindValues(data, md.Keys(), 0)
	shape := &shapeChecker{keys: pos, vals: vals}
	shape.table(raw, settings(), nil, 0)
	p := &parser{pos: pos, vals: vals, shape: shape, errs: shape.errs}
	var f file
	var err error
	if len(p.errs) == 0 {
		_, err = toml.Decode(string(data), &f)
	} else {
		// The values reported are gone from raw: decode the rest, to
		// report its problems too.
		var buf bytes.Buffer
		if err = toml.NewEncoder(&buf).Encode(raw); err == nil {
			_, err = toml.Decode(buf.String(), &f)
		}
	}
	if err != nil {
		return nil, nil, append(p.errs, diag.Errorf(folders.Config, 0, 0, "%v", err))
	}
	return &f, p, nil
}

// fail reports a problem at the nth occurrence of key: a key of an array
// of tables ([[menus.main]]) stands once for each of its tables.
func (p *parser) fail(key string, n int, format string, args ...any) {
	at := p.pos.Nth(key, n)
	p.errs = append(p.errs, diag.Errorf(folders.Config, at.Line, at.Col, format, args...))
}

// failValue reports a problem at key's value, for a value that is wrong
// where the key is not.
func (p *parser) failValue(key string, format string, args ...any) {
	at := p.vals.Of(key)
	p.errs = append(p.errs, diag.Errorf(folders.Config, at.Line, at.Col, format, args...))
}

// site reads f's top-level settings, giving those left out their defaults,
// so that templates can count on a language, a summary length and a feed
// limit without checking for them.
func (p *parser) site(f *file) *Config {
	c := &Config{
		Title:         f.Title,
		LanguageCode:  f.LanguageCode,
		LanguageName:  f.LanguageName,
		EditURL:       f.EditURL,
		Copyright:     f.Copyright,
		SummaryLength: 70,
		FeedLimit:     100,
		// Keys in lower case, as Hugo's params are: .Site.Params.organisationurl.
		Params: lowerKeys(f.Params),
		Markup: Markup{Unsafe: f.Markup.Unsafe},
	}
	if f.SummaryLength != nil {
		c.SummaryLength = *f.SummaryLength
	}
	if f.FeedLimit != nil {
		c.FeedLimit = *f.FeedLimit
	}
	if c.Title == "" && !p.shape.wasReported("title", 0) {
		p.fail("title", 0, "title is missing: add title = \"Your site\" to %s", folders.Config)
	}
	base, err := NormalizeBaseURL(f.BaseURL)
	if err != nil {
		p.failValue("baseURL", "baseURL %v", err)
	}
	c.BaseURL = base
	return c
}

// menus are the menus of site.toml, each in order of weight, or of a
// language's table when prefix is "languages.KEY.". An entry whose name,
// url or page the shape check reported is not faulted again for lacking
// it.
func (p *parser) menus(in map[string][]menuFile, prefix string) map[string][]MenuEntry {
	out := map[string][]MenuEntry{}
	for _, menu := range sortedKeys(in) {
		key := prefix + "menus." + menu
		for i, m := range in[menu] {
			e := MenuEntry{Name: m.Name, URL: m.URL, Page: strings.Trim(m.Page, "/"), Identifier: m.Identifier, Weight: m.Weight, Pos: p.pos.Nth(key, i)}
			if m.Page != "" {
				e.PagePos = nth(p.vals, key+".page", e.Pos.Line)
			}
			switch {
			case p.shape.wasReported(key+".name", e.Pos.Line) || p.shape.wasReported(key+".url", e.Pos.Line) || p.shape.wasReported(key+".page", e.Pos.Line):
			case e.Name == "":
				p.fail(key, i, "menu entry %d of %q has no name", i+1, menu)
			case e.URL == "" && m.Page == "":
				p.fail(key, i, "menu entry %q needs url or page", e.Name)
			case e.URL != "" && m.Page != "":
				p.fail(key, i, "menu entry %q has both url and page: keep one", e.Name)
			}
			if e.Identifier == "" {
				e.Identifier = e.Name
			}
			out[menu] = append(out[menu], e)
		}
		sort.SliceStable(out[menu], func(i, j int) bool { return out[menu][i].Weight < out[menu][j].Weight })
	}
	return out
}

// types are the content types of site.toml. Their references to sections
// are checked once all are read, as a field may refer to a type declared
// after its own.
func (p *parser) types(in map[string]typeFile) map[string]*Type {
	out := map[string]*Type{}
	for _, section := range sortedKeys(in) {
		key := "types." + section
		fields, fieldErrs := parseFields(in[section].Fields, key+".fields", p.pos, p.vals)
		p.errs = append(p.errs, fieldErrs...)
		out[section] = &Type{Section: section, Fields: fields}
	}
	for _, t := range out {
		p.errs = append(p.errs, checkRefs(t.Fields, out, p.vals, "types."+t.Section+".fields")...)
	}
	return out
}

func parseFields(in map[string]fieldFile, prefix string, pos, vals tomlpos.Positions) ([]*Field, diag.Errors) {
	var errs diag.Errors
	var out []*Field
	for name, ff := range in {
		key := prefix + "." + name
		p := pos.Of(key)
		fd := &Field{Name: name, Kind: Kind(ff.Kind), Required: ff.Required, Default: ff.Default, Values: ff.Values, Section: ff.Section, Description: ff.Description, Pos: p}
		if ff.Kind == "" {
			fd.Kind = String
		}
		known := slices.Contains(kinds, fd.Kind)
		if !known {
			kp := vals.Of(key + ".kind")
			hint := diag.Hint(ff.Kind, kindNames())
			if k, ok := kindSynonyms[strings.ToLower(ff.Kind)]; ok && hint == "" {
				hint = fmt.Sprintf(" (did you mean %q?)", k)
			}
			errs = append(errs, diag.Errorf(folders.Config, kp.Line, kp.Col, "field %q: unknown kind %q%s; the kinds are %s", name, ff.Kind, hint, strings.Join(kindNames(), ", ")))
		}
		if IsBuiltin(name) && name != "title" && name != "description" && name != "summary" && name != "date" && name != "weight" {
			errs = append(errs, diag.Errorf(folders.Config, p.Line, p.Col, "field %q is built in to every page and cannot be declared", name))
		}
		if (fd.Kind == Ref || fd.Kind == Refs) && fd.Section == "" {
			errs = append(errs, diag.Errorf(folders.Config, p.Line, p.Col, "field %q is a %s: say which section it refers to with section = \"...\"", name, fd.Kind))
		}
		if fd.Default != nil && known {
			dp := vals.Of(key + ".default")
			v, problem := checkDefault(fd)
			if problem != "" {
				errs = append(errs, diag.Errorf(folders.Config, dp.Line, dp.Col, "field %q: default %s", name, problem))
			}
			fd.Default = v
		}
		if fd.Kind == Records {
			sub, subErrs := parseFields(ff.Fields, key+".fields", pos, vals)
			fd.Fields = sub
			errs = append(errs, subErrs...)
			if len(sub) == 0 {
				errs = append(errs, diag.Errorf(folders.Config, p.Line, p.Col, "field %q holds records: declare their fields under [%s.fields]", name, key))
			}
		}
		out = append(out, fd)
	}
	// Declaration order, so that archetypes and messages follow the file.
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := out[i].Pos, out[j].Pos
		if pi.Line != pj.Line {
			return pi.Line < pj.Line
		}
		return out[i].Name < out[j].Name
	})
	return out, errs
}

func checkRefs(fields []*Field, types map[string]*Type, vals tomlpos.Positions, prefix string) diag.Errors {
	var errs diag.Errors
	for _, f := range fields {
		if f.Section != "" {
			if _, ok := types[f.Section]; !ok {
				// A reference may point at an untyped section; only warn
				// about names that look like typos of a typed one.
				if c, ok := diag.Closest(f.Section, sortedKeys(types)); ok && c != f.Section {
					p := vals.Of(prefix + "." + f.Name + ".section")
					errs = append(errs, diag.Errorf(folders.Config, p.Line, p.Col, "field %q refers to section %q, which has no type (did you mean %q?)", f.Name, f.Section, c))
				}
			}
		}
		errs = append(errs, checkRefs(f.Fields, types, vals, prefix+"."+f.Name+".fields")...)
	}
	return errs
}

func kindNames() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// NormalizeBaseURL checks a base URL and makes it end in "/". An empty base
// URL means the site's root, "/". Its error says what is wrong with s and
// how to write it, for the caller to say where s came from (site.toml's
// baseURL, or --base-url).
func NormalizeBaseURL(s string) (string, error) {
	if s == "" {
		return "/", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("%q is not a web address: %v", s, err)
	}
	if err := checkBase(s, u); err != nil {
		return "", err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// checkBase says what keeps u, parsed from s, from being a base URL:
// every link of the site starts with it, so a base URL without its scheme
// ("//example.org/") or host makes links that go nowhere, or that
// html/template refuses as unsafe.
func checkBase(s string, u *url.URL) error {
	switch {
	case u.Scheme == "" && u.Host != "":
		return fmt.Errorf("%q needs a scheme: write %q", s, "https:"+s)
	case u.Scheme == "" && !strings.HasPrefix(u.Path, "/"):
		// "example.org/plan/" would be a folder name in every link.
		return fmt.Errorf("%q needs a scheme: write %q (or start it with / if it is only a path, such as \"/plan/\")", s, "https://"+s)
	case u.Scheme != "" && u.Opaque != "" && isPort(u.Opaque):
		// "localhost:1313" reads as a scheme "localhost" and a path "1313".
		return fmt.Errorf("%q needs a scheme: write %q", s, "https://"+s)
	case u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "":
		sep := ":"
		if strings.Contains(s, "://") {
			sep = "://"
		}
		return fmt.Errorf("%q must start with https:// (or http://), not %s%s", s, u.Scheme, sep)
	case u.Scheme != "" && u.Host == "":
		rest := s[len(u.Scheme)+1:]
		if strings.HasPrefix(rest, "//") || strings.Trim(rest, "/") == "" {
			return fmt.Errorf("%q has no host name: write it between %s:// and the path, as in \"https://example.org/plan/\"", s, u.Scheme)
		}
		return fmt.Errorf("%q needs two slashes after %s:, as in %q", s, u.Scheme, u.Scheme+"://"+strings.TrimPrefix(rest, "/"))
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return fmt.Errorf("%q must not have a query or fragment", s)
	}
	return nil
}

// isPort reports whether the opaque part of a URL starts with a port
// number, as in "localhost:1313/plan/".
func isPort(opaque string) bool {
	digits, _, _ := strings.Cut(opaque, "/")
	if digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// BasePath is the path part of the base URL ("/" or "/plan/"): what every
// site-relative link starts with.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// textList is v as a list of text, if it is one.
func textList(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lowerKeys copies a map with its keys, at every depth, in lower case.
func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = lowerKeys(sub)
		}
		out[strings.ToLower(k)] = v
	}
	return out
}

// checkDefault checks a field's default against its kind and values, and
// gives it the Go type a page's own value of the field has, so that
// templates see one or the other alike. It says what is wrong, if anything.
func checkDefault(f *Field) (any, string) {
	v := f.Default
	bad := func(want string) (any, string) {
		return v, fmt.Sprintf("must be %s, as the field's kind is %s, not %s", want, f.Kind, describe(v))
	}
	switch f.Kind {
	case String, Text, Ref:
		s, ok := v.(string)
		if !ok {
			return bad("text")
		}
		if len(f.Values) > 0 && !slices.Contains(f.Values, s) {
			return v, fmt.Sprintf("%q is not one of the field's values: %s", s, strings.Join(f.Values, ", "))
		}
	case Int:
		i, ok := v.(int64)
		if !ok {
			return bad("a whole number")
		}
		return int(i), ""
	case Float:
		switch x := v.(type) {
		case int64:
			return float64(x), ""
		case float64:
		default:
			return bad("a number")
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			return bad("true or false")
		}
	case Date:
		switch v.(type) {
		case time.Time, string:
		default:
			return bad("a date")
		}
	case List, Refs:
		l, ok := textList(v)
		if !ok {
			return bad("a list of text")
		}
		return l, ""
	case Records:
		switch v.(type) {
		case []map[string]any, []any:
		default:
			return bad("a list of tables")
		}
	}
	return v, ""
}
