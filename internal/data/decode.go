package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"plansite/internal/diag"
	"plansite/internal/frontmatter"
	"plansite/internal/tomlpos"
)

// The bounds of a YAML, JSON or TOML data file's values. Far above what a
// site's data needs, they stop a few lines of YAML aliases standing for
// billions of values, and nesting deep enough to exhaust the stack.
const (
	maxDepth  = 64
	maxValues = 250_000
)

// decodeError is a problem decoding a data file, at a position of it.
type decodeError struct {
	at  diag.Pos
	msg string
}

func (e *decodeError) Error() string { return e.msg }

func errorAt(at diag.Pos, format string, args ...any) error {
	return &decodeError{at: at, msg: fmt.Sprintf(format, args...)}
}

// decode reads a YAML, JSON or TOML data file into the tree front matter
// is read into, which keeps every value's position, so that a typed data
// file's values are checked, and reported, as a page's are. Front matter's
// own reader does not fit: it takes only a set of fields, while a data file
// is as often a list, and its bounds are a page's.
func decode(format string, src []byte) (*frontmatter.Node, error) {
	switch format {
	case "yaml":
		return decodeYAML(src)
	case "json":
		return decodeJSON(src)
	}
	return decodeTOML(src)
}

// budget counts the values a file expands to.
type budget struct{ left int }

func (b *budget) take(at diag.Pos, depth int) error {
	if depth > maxDepth {
		return errorAt(at, "values nested more than %d deep: data files need far fewer levels", maxDepth)
	}
	if b.left--; b.left < 0 {
		return errorAt(at, "more than %d values (counting those YAML aliases repeat): split the file, or use CSV for a long table", maxValues)
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func decodeYAML(src []byte) (*frontmatter.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		at := diag.Pos{Line: 1, Col: 1}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			at.Line, _ = strconv.Atoi(m[1])
			at.Col = firstCol(src, at.Line)
			msg = m[2]
		}
		return nil, errorAt(at, "YAML: %s", msg)
	}
	if len(doc.Content) == 0 {
		return &frontmatter.Node{Pos: diag.Pos{Line: 1, Col: 1}}, nil // an empty file
	}
	return fromYAML(doc.Content[0], 0, &budget{left: maxValues})
}

// fromYAML converts yaml.v3's tree. An alias stands for a copy of what it
// names, counted again, at the alias's own position.
func fromYAML(y *yaml.Node, depth int, b *budget) (*frontmatter.Node, error) {
	at := diag.Pos{Line: y.Line, Col: y.Column}
	if err := b.take(at, depth); err != nil {
		return nil, err
	}
	n := &frontmatter.Node{Pos: at}
	switch y.Kind {
	case yaml.AliasNode:
		a, err := fromYAML(y.Alias, depth+1, b)
		if de, ok := errors.AsType[*decodeError](err); ok {
			de.at = at // where the writer used the alias, not where it expanded
		}
		if err != nil {
			return nil, err
		}
		cp := *a
		cp.Pos = at
		return &cp, nil
	case yaml.MappingNode:
		n.Kind = frontmatter.Map
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			child, err := fromYAML(v, depth+1, b)
			if err != nil {
				return nil, err
			}
			if k.Tag == "!!merge" && child.Kind == frontmatter.Map {
				n.Keys, n.Items = append(n.Keys, child.Keys...), append(n.Items, child.Items...)
				continue
			}
			child.KeyPos = diag.Pos{Line: k.Line, Col: k.Column}
			n.Keys, n.Items = append(n.Keys, k.Value), append(n.Items, child)
		}
	case yaml.SequenceNode:
		n.Kind = frontmatter.List
		for _, c := range y.Content {
			child, err := fromYAML(c, depth+1, b)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
	default:
		n.Quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		n.Val = yamlScalar(y)
	}
	return n, nil
}

// firstCol is the column of the first character of a 1-based line that
// is not a space: YAML's errors say only which line.
func firstCol(src []byte, line int) int {
	lines := bytes.SplitN(src, []byte("\n"), line+1)
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

// yamlScalar is a scalar's value, of the type its tag gives it; one its
// tag's type cannot hold stays text, for the checks to report.
func yamlScalar(y *yaml.Node) any {
	switch y.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if y.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if y.Decode(&i) == nil {
			return i
		}
	case "!!float":
		var f float64
		if y.Decode(&f) == nil {
			return f
		}
	case "!!timestamp":
		if t, err := frontmatter.ParseDate(y.Value); err == nil {
			return t
		}
	}
	return y.Value
}

func decodeJSON(src []byte) (*frontmatter.Node, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return &frontmatter.Node{Pos: diag.Pos{Line: 1, Col: 1}}, nil
	}
	p := &jsonReader{src: src, lines: newCursor(src), dec: json.NewDecoder(bytes.NewReader(src)), b: &budget{left: maxValues}}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err == nil {
		at := p.lines.Pos(p.start())
		if _, extra := p.dec.Token(); extra != io.EOF {
			return nil, errorAt(at, "JSON: more after the end of the value: a file holds one value (use a list, [ … ], for more)")
		}
		return n, nil
	}
	if _, ok := errors.AsType[*decodeError](err); ok {
		return nil, err
	}
	off := int(p.dec.InputOffset())
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		off = int(se.Offset)
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the file ends before the value does (a { or [ is not closed)"
	}
	return nil, errorAt(p.lines.Pos(off), "JSON: %s", msg)
}

// jsonReader reads JSON token by token, to know where each value starts.
type jsonReader struct {
	src   []byte
	lines *cursor
	dec   *json.Decoder
	b     *budget
}

// cursor converts offsets in src to positions, counting from the last
// offset it was asked for: the JSON reader asks for every value's, in
// order, and counting each from its line's start took time quadratic in
// the length of the line (minutes for a minified file).
type cursor struct {
	src []byte
	off int
	pos diag.Pos
}

func newCursor(src []byte) *cursor { return &cursor{src: src, pos: diag.Pos{Line: 1, Col: 1}} }

// Pos is the position of off, as diag.PosAt gives it.
func (c *cursor) Pos(off int) diag.Pos {
	off = min(max(off, 0), len(c.src))
	if off < c.off {
		c.off, c.pos = 0, diag.Pos{Line: 1, Col: 1}
	}
	seg := c.src[c.off:off]
	if nl := bytes.LastIndexByte(seg, '\n'); nl >= 0 {
		c.pos.Line += bytes.Count(seg, []byte("\n"))
		c.pos.Col = 1
		seg = seg[nl+1:]
	}
	c.pos.Col += utf8.RuneCount(seg)
	c.off = off
	return c.pos
}

// start is the offset of the next token: the decoder's offset is just past
// the previous one, before any blank, comma or colon.
func (p *jsonReader) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[off]) >= 0 {
		off++
	}
	return off
}

func (p *jsonReader) value(depth int) (*frontmatter.Node, error) {
	at := p.lines.Pos(p.start())
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if err := p.b.take(at, depth); err != nil {
		return nil, err
	}
	n := &frontmatter.Node{Pos: at}
	switch t := tok.(type) {
	case json.Delim:
		if err := p.container(n, t, depth); err != nil {
			return nil, err
		}
	case json.Number:
		n.Val = frontmatter.JSONNumber(t)
	case string:
		n.Val, n.Quoted = t, true
	default:
		n.Val = t // bool or nil
	}
	return n, nil
}

// container reads the entries of an object or the items of an array, and
// its closing delimiter.
func (p *jsonReader) container(n *frontmatter.Node, open json.Delim, depth int) error {
	n.Kind = frontmatter.List
	if open == '{' {
		n.Kind = frontmatter.Map
	}
	for p.dec.More() {
		var key string
		var keyAt diag.Pos
		if n.Kind == frontmatter.Map {
			keyAt = p.lines.Pos(p.start())
			kt, err := p.dec.Token()
			if err != nil {
				return err
			}
			key, _ = kt.(string)
		}
		child, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		if n.Kind == frontmatter.Map {
			child.KeyPos = keyAt
			n.Keys = append(n.Keys, key)
		}
		n.Items = append(n.Items, child)
	}
	_, err := p.dec.Token() // the closing delimiter
	return err
}

func decodeTOML(src []byte) (*frontmatter.Node, error) {
	if at, ok := tooDeepTOML(src); ok {
		return nil, errorAt(at, "values nested more than %d deep: data files need far fewer levels", maxDepth)
	}
	var m map[string]any
	md, err := toml.Decode(string(src), &m)
	if err != nil {
		if pe, ok := errors.AsType[toml.ParseError](err); ok {
			at, msg := tomlpos.ErrorAt(src, pe)
			return nil, errorAt(at, "TOML: %s", msg)
		}
		return nil, errorAt(diag.Pos{Line: 1, Col: 1}, "TOML: %v", err)
	}
	keys, vals := tomlpos.FindValues(src, md.Keys(), 0)
	t := &tomlTree{keys: keys, vals: vals, b: &budget{left: maxValues}}
	return t.node(m, "", diag.Pos{Line: 1, Col: 1}, diag.Pos{}, 0)
}

// tomlTree converts a decoded TOML document, with where its keys stand.
type tomlTree struct {
	keys, vals tomlpos.Positions
	b          *budget
}

// node converts v, the value of the dotted key at at. after is where the
// table of an array of tables it is in starts, so that a key repeated in
// each table is found in its own.
func (t *tomlTree) node(v any, key string, at, after diag.Pos, depth int) (*frontmatter.Node, error) {
	if err := t.b.take(at, depth); err != nil {
		return nil, err
	}
	n := &frontmatter.Node{Pos: at}
	switch x := v.(type) {
	case map[string]any:
		n.Kind = frontmatter.Map
		return n, t.entries(n, x, key, after, depth)
	case []map[string]any:
		n.Kind = frontmatter.List
		for i, e := range x {
			p := t.keys.Nth(key, i)
			child, err := t.node(e, key, p, p, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
	case []any:
		n.Kind = frontmatter.List
		for _, e := range x {
			child, err := t.node(e, key, at, after, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
	case time.Time:
		n.Val = tomlTime(x)
	case string:
		n.Val, n.Quoted = x, true
	default:
		n.Val = x // int64, float64, bool
	}
	return n, nil
}

// entries adds a table's keys to n, in the order they are written.
func (t *tomlTree) entries(n *frontmatter.Node, m map[string]any, key string, after diag.Pos, depth int) error {
	type entry struct {
		k      string
		kp, vp diag.Pos
	}
	var es []entry
	for k := range m {
		full := k
		if key != "" {
			full = key + "." + k
		}
		e := entry{k: k, kp: n.Pos, vp: n.Pos}
		// The first occurrence at or after the table's start, found by
		// halves: an array of many tables repeats each key as often.
		ps := t.keys[full]
		if i := sort.Search(len(ps), func(i int) bool { return ps[i].Line >= after.Line }); i < len(ps) {
			e.kp, e.vp = ps[i], t.vals[full][i]
		}
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i].kp, es[j].kp
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return es[i].k < es[j].k
	})
	for _, e := range es {
		full := e.k
		if key != "" {
			full = key + "." + e.k
		}
		child, err := t.node(m[e.k], full, e.vp, after, depth+1)
		if err != nil {
			return err
		}
		child.KeyPos = e.kp
		n.Keys, n.Items = append(n.Keys, e.k), append(n.Items, child)
	}
	return nil
}

// tomlTime reads TOML's local dates and times, which carry no zone, as
// UTC, as front matter's are.
func tomlTime(t time.Time) time.Time {
	if name := t.Location().String(); name == "Local" || strings.Contains(name, "-local") {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}

// tooDeepTOML finds where arrays and inline tables nest more than maxDepth
// deep, before the decoder, whose recursion a few thousand levels make
// slow and a few million crash.
func tooDeepTOML(src []byte) (diag.Pos, bool) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case '"', '\'':
			i = skipTOMLString(src, i)
		case '[', '{':
			if depth++; depth > maxDepth {
				return diag.PosAt(src, i), true
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return diag.Pos{}, false
}

// skipTOMLString returns the offset of the last byte of the string that
// opens at i: "…" with escapes, '…' without, or """…""" or ”'…”' over
// lines.
func skipTOMLString(src []byte, i int) int {
	q := src[i]
	delim := []byte{q}
	if bytes.HasPrefix(src[i:], []byte{q, q, q}) {
		delim = []byte{q, q, q}
	}
	for j := i + len(delim); j < len(src); j++ {
		switch {
		case q == '"' && src[j] == '\\':
			j++
		case len(delim) == 1 && src[j] == '\n':
			return j // left open: the decoder says so
		case bytes.HasPrefix(src[j:], delim):
			return j + len(delim) - 1
		}
	}
	return len(src)
}
