package content

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/frontmatter"
)

// checker converts a front matter tree to typed values, checking it against
// the page's content type and collecting every problem on the way.
type checker struct {
	file   string
	format string   // "yaml", "toml", "json", or "" without front matter
	open   diag.Pos // where the front matter opens: missing fields are reported here
	diags  []diag.Diagnostic
	refs   []Ref
}

// isNull reports whether a value was left empty ("title:" in YAML), which
// is as good as not given.
func isNull(n *frontmatter.Node) bool { return n.Kind == frontmatter.Scalar && n.Val == nil }

// isBlank reports whether a value shows a reader nothing: left empty, text
// of nothing but spaces, or a list with nothing in it.
func isBlank(n *frontmatter.Node) bool {
	switch n.Kind {
	case frontmatter.List:
		return len(n.Items) == 0
	case frontmatter.Scalar:
		s, isText := n.Val.(string)
		return n.Val == nil || isText && strings.TrimSpace(s) == ""
	}
	return false
}

// missing reports whether n is as good as not given for f. A required
// field needs a value a reader can see, so a blank one is missing too; 0
// is a number a reader sees, and is not. Empty text in a field that does
// not hold text (year: "") is how a CMS saves a number or date cleared
// from its form, and means none.
func missing(f *config.Field, n *frontmatter.Node) bool {
	return isNull(n) || f.Required && isBlank(n) || f.Kind != config.String && f.Kind != config.Text && n.Val == ""
}

func (c *checker) errorf(p diag.Pos, format string, args ...any) {
	c.diags = append(c.diags, diag.Errorf(c.file, p.Line, p.Col, format, args...))
}

// duplicates reports every key given twice, at the second: which of the
// two a page would use is not for the writer to guess.
func (c *checker) duplicates(root *frontmatter.Node) {
	for _, d := range frontmatter.Duplicates(root) {
		first := fmt.Sprintf("on line %d", d.FirstAt.Line)
		if d.FirstAt.Line == d.At.Line {
			first = fmt.Sprintf("at column %d", d.FirstAt.Col)
		}
		if d.First != d.Key {
			first += ", as " + d.First
		}
		c.errorf(d.At, "%s is given twice (first %s): keep one", d.Path, first)
	}
}

// page fills meta and returns the page's params from the root of its front
// matter. typ is nil for a page whose section declares no content type.
func (c *checker) page(root *frontmatter.Node, typ *config.Type, typeName string, meta *Meta) map[string]any {
	params := map[string]any{}
	if root == nil {
		root = &frontmatter.Node{Kind: frontmatter.Map, Pos: c.open}
	}
	for i, key := range root.Keys {
		n := root.Items[i]
		lk := strings.ToLower(key)
		var declared *config.Field
		if typ != nil {
			declared = config.Lookup(typ.Fields, key)
		}
		switch {
		case lk == "params":
			if n.Kind != frontmatter.Map {
				c.errorf(n.Pos, "params must be a set of fields, not %s", n.Describe())
				continue
			}
			for j, k := range n.Keys {
				params[strings.ToLower(k)] = generic(n.Items[j])
			}
		case declared != nil && missing(declared, n):
			// Left empty: its default applies, or, if it is required, that
			// it is empty is reported below.
		case declared != nil:
			v, ok := c.value(declared, n, declared.Name)
			if ok {
				params[lk] = v
				c.builtin(lk, n, meta) // a declared built-in (title, date…) still sets the page's own field
			}
		case config.IsBuiltin(lk) && n.Val == "" && clearedBuiltin[lk]:
			// A date or number cleared in a CMS's form: none.
		case config.IsBuiltin(lk):
			if isNull(n) || c.builtin(lk, n, meta) {
				params[lk] = generic(n)
			}
		case typ != nil && len(typ.Fields) == 0:
			c.errorf(n.KeyPos, "unknown field %q%s; site.toml declares no fields for pages of %s, so they take only the built-in ones (title, description, date…)", key, diag.Hint(key, config.Builtin), typeName)
		case typ != nil:
			known := append(config.Names(typ.Fields), config.Builtin...)
			c.errorf(n.KeyPos, "unknown field %q%s; pages of %s take: %s", key, diag.Hint(key, known), typeName, strings.Join(config.Names(typ.Fields), ", "))
		default:
			params[lk] = generic(n)
		}
	}
	if typ != nil {
		c.defaults(root, typ.Fields, params, "", "pages of "+typ.Section)
	}
	return params
}

// defaults applies declared defaults and reports missing required fields.
// whose names what needs them at the top level: "pages of quotes", "rows
// of data/people.csv".
func (c *checker) defaults(n *frontmatter.Node, fields []*config.Field, into map[string]any, where string, whose string) {
	for _, f := range fields {
		v, given := n.Get(f.Name)
		if given && !missing(f, v) {
			continue
		}
		if f.Required {
			switch {
			case given && where == "":
				c.errorf(v.Pos, "%s is empty: %s need it%s", f.Name, whose, example(f))
			case given:
				c.errorf(v.Pos, "%s.%s is empty: each record needs it%s", where, f.Name, example(f))
			case where == "":
				c.errorf(c.open, "missing required field %q: %s need it%s", f.Name, whose, example(f))
			default:
				c.errorf(n.Pos, "%s: missing required field %q%s", where, f.Name, example(f))
			}
			continue
		}
		if f.Default != nil {
			into[strings.ToLower(f.Name)] = f.Default
		}
	}
}

func example(f *config.Field) string {
	switch {
	case len(f.Values) > 0:
		return fmt.Sprintf(" (one of: %s)", strings.Join(f.Values, ", "))
	case f.Kind == config.Ref:
		return fmt.Sprintf(" (the name of a page of %s)", f.Section)
	case f.Description != "":
		return " (" + f.Description + ")"
	}
	return ""
}

// clearedBuiltin are the built-in fields that hold no text, for which
// empty text means none, as for a declared field (see missing).
var clearedBuiltin = map[string]bool{"date": true, "lastmod": true, "publishdate": true, "expirydate": true, "weight": true, "draft": true, "toc": true}

// builtin sets a built-in field of meta from n, reporting a value of the
// wrong kind. It returns false when the value was rejected.
func (c *checker) builtin(key string, n *frontmatter.Node, m *Meta) bool {
	switch key {
	case "title":
		return c.setText(key, n, &m.Title)
	case "linktitle":
		return c.setText(key, n, &m.LinkTitle)
	case "description":
		return c.setText(key, n, &m.Description)
	case "summary":
		return c.setText(key, n, &m.Summary)
	case "slug":
		m.SlugPos = n.Pos
		return c.setText(key, n, &m.Slug)
	case "url":
		return c.setURL(n, m)
	case "layout":
		return c.setText(key, n, &m.Layout)
	case "type":
		return c.setText(key, n, &m.Type)
	case "image":
		return c.setText(key, n, &m.Image)
	case "date":
		return c.setDate(key, n, &m.Date)
	case "lastmod":
		return c.setDate(key, n, &m.Lastmod)
	case "publishdate":
		return c.setDate(key, n, &m.PublishDate)
	case "expirydate":
		return c.setDate(key, n, &m.ExpiryDate)
	case "draft":
		return c.setFlag(key, n, &m.Draft)
	case "toc":
		return c.setFlag(key, n, &m.TOC)
	case "weight":
		i, ok := asInt(n)
		if !ok {
			c.errorf(n.Pos, "weight must be a whole number, not %s%s", n.Describe(), unquoteHint(n))
			return false
		}
		m.Weight = i
		return true
	case "aliases":
		return c.setAliases(n, m)
	case "keywords":
		return c.setList(key, n, &m.Keywords)
	case "images":
		return c.setList(key, n, &m.Images)
	}
	return true
}

// setText sets a built-in field of text, such as the title. A number is
// taken as text, as writers put years in titles.
func (c *checker) setText(key string, n *frontmatter.Node, dst *string) bool {
	if s, ok := scalarString(n); ok {
		*dst = s
		return true
	}
	c.errorf(n.Pos, "%s must be text, not %s", key, n.Describe())
	return false
}

// setDate sets a built-in date, in any of the forms Hugo accepts.
func (c *checker) setDate(key string, n *frontmatter.Node, dst *time.Time) bool {
	t, err := asDate(n)
	if err != nil {
		c.errorf(n.Pos, "%s: %v", key, err)
		return false
	}
	*dst = t
	return true
}

// setFlag sets a built-in true or false. "true" in quotes is text, not
// true: the message says to drop the quotes.
func (c *checker) setFlag(key string, n *frontmatter.Node, dst *bool) bool {
	b, ok := n.Val.(bool)
	if n.Kind != frontmatter.Scalar || !ok {
		c.errorf(n.Pos, "%s must be true or false, not %s%s", key, n.Describe(), unquoteHint(n))
		return false
	}
	*dst = b
	return true
}

// setList sets a built-in list of text. A list with an item that is not
// text is rejected whole, and left empty, not kept in part.
func (c *checker) setList(key string, n *frontmatter.Node, dst *[]string) bool {
	l, ok := c.stringList(n, key)
	*dst = l
	return ok
}

// setURL sets the page's own address, which must be a path of this site.
func (c *checker) setURL(n *frontmatter.Node, m *Meta) bool {
	m.URLPos = n.Pos
	if !c.setText("url", n, &m.URL) || !c.pagePath(n, "url", m.URL) {
		m.URL = "" // reported once: not again as the address it gives
		return false
	}
	return true
}

// setAliases sets the page's aliases. Each alias is an address the page
// answers at too, so it must be a path of this site, as url is. Every
// faulty alias is reported, and the others kept, so that the checks made
// once the site is linked (an alias that is another page's address) report
// theirs in the same build.
func (c *checker) setAliases(n *frontmatter.Node, m *Meta) bool {
	if !c.setList("aliases", n, &m.Aliases) {
		return false
	}
	good, pos := m.Aliases[:0], make([]diag.Pos, 0, len(n.Items))
	for i, e := range n.Items {
		if c.pagePath(e, "alias", m.Aliases[i]) {
			good, pos = append(good, m.Aliases[i]), append(pos, e.Pos)
		}
	}
	m.Aliases, m.AliasPos = good, pos
	return len(good) == len(n.Items)
}

// pagePath checks a page's url or alias: a path of the site, which the
// base URL goes before, and which names a folder or file of the output.
func (c *checker) pagePath(n *frontmatter.Node, field, s string) bool {
	u, err := url.Parse(s)
	switch {
	case field == "alias" && strings.TrimSpace(s) == "":
		c.errorf(n.Pos, "an alias must be a path of this site, such as /old-address/, not empty")
	case strings.Contains(s, `\`):
		c.errorf(n.Pos, "%s %q must use / between folders, not \\: write %q", field, s, strings.ReplaceAll(s, `\`, "/"))
	case err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(s, "//"):
		c.errorf(n.Pos, "%s %q must be a path of this site, such as /about/, not a full address: the base URL goes before it", field, s)
	case strings.ContainsAny(s, "?#"):
		c.errorf(n.Pos, "%s %q must be a path, such as /about/, without ? or #", field, s)
	default:
		return true
	}
	return false
}

// value converts n to the kind f declares.
func (c *checker) value(f *config.Field, n *frontmatter.Node, path string) (any, bool) {
	switch f.Kind {
	case config.String, config.Text:
		return c.textValue(f, n, path)
	case config.Int:
		i, ok := asInt(n)
		if !ok {
			return c.reject(n, path, "a whole number")
		}
		return i, true
	case config.Float:
		switch v := n.Val.(type) {
		case int64:
			return float64(v), true
		case float64:
			return v, true
		}
		return c.reject(n, path, "a number")
	case config.Bool:
		if b, ok := n.Val.(bool); ok && n.Kind == frontmatter.Scalar {
			return b, true
		}
		return c.reject(n, path, "true or false")
	case config.Date:
		t, err := asDate(n)
		if err != nil {
			c.errorf(n.Pos, "%s: %v", path, err)
			return nil, false
		}
		return t, true
	case config.List:
		return c.stringList(n, path)
	case config.Ref:
		return c.refValue(f, n, path)
	case config.Refs:
		return c.refsValue(f, n, path)
	case config.Records:
		return c.recordsValue(f, n, path)
	}
	return generic(n), true
}

// reject reports a value of the wrong kind for path, which wants one such
// as want says, and rejects it.
func (c *checker) reject(n *frontmatter.Node, path, want string) (any, bool) {
	c.errorf(n.Pos, "%s must be %s, not %s%s", path, want, n.Describe(), unquoteHint(n))
	return nil, false
}

// textValue converts n to text, which must be one of f's values if it has
// any: a hint names the value meant, for a slip of the keyboard.
func (c *checker) textValue(f *config.Field, n *frontmatter.Node, path string) (any, bool) {
	s, ok := scalarString(n)
	if !ok {
		return c.reject(n, path, "text")
	}
	if len(f.Values) > 0 && !slices.Contains(f.Values, s) {
		c.errorf(n.Pos, "%s: %q is not one of: %s%s", path, s, strings.Join(f.Values, ", "), diag.TypoHint(s, f.Values))
		return nil, false
	}
	return s, true
}

// refValue converts n to the name of a page of f's section. Whether there
// is such a page is known only once all pages are read: the reference is
// kept for that check.
func (c *checker) refValue(f *config.Field, n *frontmatter.Node, path string) (any, bool) {
	s, ok := scalarString(n)
	if !ok || s == "" {
		return c.reject(n, path, fmt.Sprintf("the name of a page of %s", f.Section))
	}
	c.refs = append(c.refs, Ref{Field: path, Section: f.Section, Name: s, Pos: n.Pos})
	return s, true
}

// refsValue converts n to a list of names of pages of f's section, each
// kept, as refValue keeps one, for the check that its page exists. Every
// bad item is reported, not only the first.
func (c *checker) refsValue(f *config.Field, n *frontmatter.Node, path string) (any, bool) {
	if n.Kind != frontmatter.List {
		return c.reject(n, path, fmt.Sprintf("a list of names of pages of %s, such as [%s]", f.Section, exampleName(n)))
	}
	out := make([]string, 0, len(n.Items))
	ok := true
	for i, e := range n.Items {
		s, isStr := scalarString(e)
		if !isStr || s == "" {
			c.errorf(e.Pos, "%s[%d] must be the name of a page of %s, not %s", path, i+1, f.Section, e.Describe())
			ok = false
			continue
		}
		c.refs = append(c.refs, Ref{Field: path, Section: f.Section, Name: s, Pos: e.Pos})
		out = append(out, s)
	}
	return out, ok
}

// recordsValue converts n to a list of records with f's fields. Every
// record is checked, so that all their problems are reported at once.
func (c *checker) recordsValue(f *config.Field, n *frontmatter.Node, path string) (any, bool) {
	if n.Kind == frontmatter.Map {
		// One record written without its list.
		c.errorf(n.Pos, "%s must be a list of records, not one set of fields: %s", path, c.listHint(path))
		return nil, false
	}
	if n.Kind != frontmatter.List {
		return c.reject(n, path, "a list of records (each a set of fields)")
	}
	out := make([]map[string]any, 0, len(n.Items))
	ok := true
	for i, e := range n.Items {
		where := fmt.Sprintf("%s[%d]", path, i+1)
		if e.Kind != frontmatter.Map {
			c.errorf(e.Pos, "%s must be a set of fields (%s), not %s", where, strings.Join(config.Names(f.Fields), ", "), e.Describe())
			ok = false
			continue
		}
		rec, good := c.record(f, e, path, where)
		ok = ok && good
		out = append(out, rec)
	}
	return out, ok
}

// record converts one record of the list at path (where names the record)
// to its values, with the defaults of the fields it leaves out. Every
// field is checked, so that one message does not hide the next.
func (c *checker) record(f *config.Field, e *frontmatter.Node, path, where string) (map[string]any, bool) {
	rec := map[string]any{}
	ok := true
	for j, key := range e.Keys {
		sub := config.Lookup(f.Fields, key)
		if sub != nil && missing(sub, e.Items[j]) {
			continue // as good as not given: see defaults
		}
		if sub == nil {
			c.errorf(e.Items[j].KeyPos, "%s: unknown field %q%s; records of %s take: %s", where, key, diag.Hint(key, config.Names(f.Fields)), path, strings.Join(config.Names(f.Fields), ", "))
			ok = false
			continue
		}
		v, good := c.value(sub, e.Items[j], where+"."+sub.Name)
		if !good {
			ok = false
			continue
		}
		rec[strings.ToLower(sub.Name)] = v
	}
	before := len(c.diags)
	c.defaults(e, f.Fields, rec, where, "")
	return rec, ok && len(c.diags) == before
}

// listHint says how a list of records is written in the page's format.
func (c *checker) listHint(path string) string {
	switch c.format {
	case "toml":
		return fmt.Sprintf("write each record under [[%s]]", path)
	case "json":
		return "put the records between [ and ], each between { and }"
	}
	return `start each record with "- " on a line of its own`
}

// stringList converts n to a list of text. Every item that is not text
// is reported, not only the first; the list is then rejected whole.
func (c *checker) stringList(n *frontmatter.Node, path string) ([]string, bool) {
	if n.Kind != frontmatter.List {
		c.errorf(n.Pos, "%s must be a list, such as [%s], not %s", path, exampleName(n), n.Describe())
		return nil, false
	}
	out := make([]string, 0, len(n.Items))
	ok := true
	for i, e := range n.Items {
		s, isText := scalarString(e)
		if !isText {
			c.errorf(e.Pos, "%s[%d] must be text, not %s", path, i+1, e.Describe())
			ok = false
			continue
		}
		out = append(out, s)
	}
	if !ok {
		return nil, false
	}
	return out, true
}

func exampleName(n *frontmatter.Node) string {
	if s, ok := n.Val.(string); ok && s != "" {
		return s
	}
	return "a, b"
}

func unquoteHint(n *frontmatter.Node) string {
	if s, ok := n.Val.(string); ok && n.Quoted {
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return " (write the number without quotes)"
		}
		if s == "true" || s == "false" {
			return " (write true or false without quotes)"
		}
	}
	return ""
}

// scalarString is a scalar as text: writers put years and numbers in text
// fields, and that is fine.
func scalarString(n *frontmatter.Node) (string, bool) {
	if n.Kind != frontmatter.Scalar || n.Val == nil {
		return "", false
	}
	switch v := n.Val.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	case time.Time:
		return v.Format(time.RFC3339), true
	}
	return fmt.Sprint(n.Val), true
}

func asInt(n *frontmatter.Node) (int, bool) {
	if n.Kind != frontmatter.Scalar {
		return 0, false
	}
	switch v := n.Val.(type) {
	case int64:
		if v >= math.MinInt && v <= math.MaxInt {
			return int(v), true
		}
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return int(v), true
		}
	}
	return 0, false
}

func asDate(n *frontmatter.Node) (time.Time, error) {
	if n.Kind == frontmatter.Scalar {
		switch v := n.Val.(type) {
		case time.Time:
			return v, nil
		case string:
			return frontmatter.ParseDate(v)
		}
	}
	return time.Time{}, fmt.Errorf("expected a date such as 2019-04-01, not %s", n.Describe())
}

// generic converts a tree to plain Go values for a template, with map keys
// in lower case as Hugo's params are.
func generic(n *frontmatter.Node) any {
	switch n.Kind {
	case frontmatter.Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[strings.ToLower(k)] = generic(n.Items[i])
		}
		return m
	case frontmatter.List:
		l := make([]any, len(n.Items))
		for i, e := range n.Items {
			l[i] = generic(e)
		}
		return l
	}
	if i, ok := n.Val.(int64); ok && i >= math.MinInt && i <= math.MaxInt {
		return int(i)
	}
	return n.Val
}
