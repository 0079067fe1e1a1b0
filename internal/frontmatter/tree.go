package frontmatter

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"plansite/internal/diag"
	"plansite/internal/tomlpos"
)

// Node is a front matter value with the positions of its key and of itself
// in the Markdown file. YAML, TOML and JSON all decode to this one tree, so
// that validation and its messages are the same whatever the format.
type Node struct {
	Kind   Kind
	Pos    diag.Pos // of the value
	KeyPos diag.Pos // of the key, when the node is a map entry
	Val    any      // scalars: string, int64, float64, bool, time.Time, nil
	Quoted bool     // a string written in quotes (so "3" is text, not a number)
	Keys   []string // maps: keys in document order
	Items  []*Node  // maps: values, aligned with keys; lists: elements
}

// Kind is the kind of a node: a scalar, a map or a list. Messages name
// it with Describe, in a writer's words.
type Kind int

const (
	Scalar Kind = iota
	Map
	List
)

// Get finds the value of a key of a map, case-insensitively, as Hugo reads
// front matter. A nil node has no keys.
func (n *Node) Get(key string) (*Node, bool) {
	if n == nil {
		return nil, false
	}
	for i, k := range n.Keys {
		if strings.EqualFold(k, key) {
			return n.Items[i], true
		}
	}
	return nil, false
}

// Plain is the value as plain Go values: maps keyed as written, lists,
// and whole numbers as ints where they fit, as templates and Hugo's
// .Site.Data see them.
func (n *Node) Plain() any {
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k] = n.Items[i].Plain()
		}
		return m
	case List:
		l := make([]any, len(n.Items))
		for i, e := range n.Items {
			l[i] = e.Plain()
		}
		return l
	}
	if i, ok := n.Val.(int64); ok && i >= math.MinInt && i <= math.MaxInt {
		return int(i)
	}
	return n.Val
}

// JSONNumber is a JSON number as the readers of every format give it: an
// int64 when it is whole and fits, else a finite float64, else its text.
func JSONNumber(t json.Number) any {
	if i, err := t.Int64(); err == nil {
		return i
	}
	if f, err := t.Float64(); err == nil && !math.IsInf(f, 0) {
		return f
	}
	return t.String()
}

// Describe names a value's kind the way a writer would.
func (n *Node) Describe() string {
	switch n.Kind {
	case Map:
		return "a set of fields"
	case List:
		return "a list"
	}
	switch v := n.Val.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("the text %q", truncate(v, 40))
	case bool:
		return fmt.Sprintf("%t (true/false)", v)
	case int64:
		return fmt.Sprintf("the number %d", v)
	case float64:
		return fmt.Sprintf("the number %g", v)
	case time.Time:
		return "a date"
	}
	return "a value"
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Parse decodes a front matter block into a tree. Errors carry
// positions in the Markdown file.
func Parse(b *Block) (*Node, *diag.Pos, error) {
	if len(b.data) > maxSize {
		at := b.Open
		return nil, &at, errLarge
	}
	switch b.Format {
	case "yaml":
		return parseYAML(b)
	case "toml":
		return parseTOML(b)
	default:
		return parseJSON(b)
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(b *Block) (*Node, *diag.Pos, error) {
	if n, ok := simpleYAML(b.data, b.line); ok {
		return n, nil, nil
	}
	return parseYAMLFull(b)
}

// parseYAMLFull reads any YAML with yaml.v3.
func parseYAMLFull(b *Block) (*Node, *diag.Pos, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b.data, &doc); err != nil {
		if strings.Contains(err.Error(), "exceeded max depth") {
			// yaml.v3's own bound, far above ours, and without a position.
			at, ok := deepFlow(b.data)
			if !ok {
				at = diag.Pos{Line: 1, Col: 1}
			}
			at.Line += b.line - 1
			return nil, &at, errDeep
		}
		// YAML reads on past a quote left open, to the end of the block or
		// to the next value's quote, and says what it found there.
		if at, key, quote, ok := openQuote(b.data); ok {
			at.Line += b.line - 1
			if key != "" {
				key += ": "
			}
			return nil, &at, fmt.Errorf("%sthis quoted value has no closing %c (add one at the end of the value)", key, quote)
		}
		msg := err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			if yamlParserError(m[2]) {
				// yaml.v3 counts lines from 0 for the parser's errors (the
				// scanner's it counts from 1).
				line++
			}
			at := diag.Pos{Line: line, Col: firstCol(b.data, line)}
			if open := unclosedBracket(m[2]); open != 0 {
				// Point at the bracket left open, not where YAML gave up.
				if p, ok := lastOpen(b.data, line, open); ok {
					at = p
				}
			}
			at.Line += b.line - 1
			return nil, &at, fmt.Errorf("YAML: %s%s", m[2], yamlHint(m[2]))
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		return nil, &diag.Pos{Line: b.line, Col: 1}, fmt.Errorf("YAML: %s%s", msg, yamlHint(msg))
	}
	if len(doc.Content) == 0 {
		return &Node{Kind: Map, Pos: b.Open}, nil, nil
	}
	w := &yamlWalk{lineOff: b.line - 1, left: maxNodes}
	n, err := w.node(doc.Content[0], 0)
	if err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			return nil, &pe.at, pe.err
		}
		return nil, &b.Open, err
	}
	if n.Kind != Map {
		return nil, &n.Pos, errors.New("front matter must be a set of fields (key: value), not " + n.Describe())
	}
	return n, nil, nil
}

// openQuote finds a quoted value its writer left open: one never closed,
// or one that a quote on a later line closes with more of that line
// after it, which is the next value's opening quote taken for a closing
// one. It returns the position of the opening quote (lines counted in the
// Block), the key on its line, if any, and the quote.
func openQuote(data []byte) (at diag.Pos, key string, quote byte, ok bool) {
	var open []byte // the line the open quote is on
	openAt := 0     // its offset in that line
	flow := 0       // depth of [ and { the current value is in
	block := -1     // the indentation of a | or > block's key, while in it
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		indent := len(line) - len(bytes.TrimLeft(line, " "))
		if block >= 0 && (indent > block || len(bytes.TrimSpace(line)) == 0) {
			continue // text of a Block, where quotes are only quotes
		}
		block = -1
		code := line // the line without its comment
		for j := 0; j < len(line); j++ {
			c := line[j]
			switch {
			case quote == '"' && c == '\\':
				j++ // an escaped character, \" among them
			case quote == '\'' && c == '\'' && j+1 < len(line) && line[j+1] == '\'':
				j++ // '' is a quote inside single quotes
			case quote != 0 && c == quote:
				rest := bytes.TrimLeft(line[j+1:], " \t")
				if at.Line != i+1 && len(rest) > 0 && !bytes.ContainsAny(rest[:1], "#,]}:") {
					return at, quoteKey(open[:openAt]), quote, true
				}
				quote = 0
			case quote != 0:
			case c == '#' && (j == 0 || line[j-1] == ' ' || line[j-1] == '\t'):
				code, j = line[:j], len(line) // a comment, whatever quotes it holds
			case (c == '"' || c == '\'') && startsValue(line[:j], flow):
				quote, open, openAt = c, line, j
				at = diag.Pos{Line: i + 1, Col: utf8.RuneCount(line[:j]) + 1}
			case (c == '[' || c == '{') && startsValue(line[:j], flow):
				flow++
			case (c == ']' || c == '}') && flow > 0:
				flow--
			}
		}
		if quote == 0 && flow == 0 && blockRE.Match(bytes.TrimRight(code, " \t")) {
			block = indent
		}
	}
	if quote != 0 {
		return at, quoteKey(open[:openAt]), quote, true
	}
	return diag.Pos{}, "", 0, false
}

// blockRE matches a line whose value is a block of text on the lines
// after it (| or >, with its chomping and indentation indicators).
var blockRE = regexp.MustCompile(`(^|[:-][ \t]+)[|>][-+0-9]*$`)

// startsValue reports whether a character after before, on its line,
// starts a value, where a quote opens a quoted one: at the start of the
// line, after "key: " or "- ", or after [, { or a comma inside them.
func startsValue(before []byte, flow int) bool {
	t := bytes.TrimRight(before, " \t")
	if len(t) == 0 {
		return true
	}
	switch t[len(t)-1] {
	case '[', '{':
		return true
	case ',':
		return flow > 0
	case ':', '-', '?':
		return len(t) < len(before)
	}
	return false
}

// quoteKey is the key of the value that starts after before, for
// messages: "title" in `title: "`, "text" in `  - text: "`.
func quoteKey(before []byte) string {
	k, _, ok := bytes.Cut(before, []byte(":"))
	if !ok {
		return ""
	}
	return string(bytes.TrimSpace(bytes.TrimLeft(k, " -")))
}

// yamlParserError reports whether a yaml.v3 message comes from its parser,
// whose line numbers start at 0.
func yamlParserError(msg string) bool {
	switch msg {
	case "did not find expected <document start>", "did not find expected node content",
		"did not find expected key", "did not find expected '-' indicator",
		"did not find expected ',' or ']'", "did not find expected ',' or '}'":
		return true
	}
	return false
}

// unclosedBracket is the bracket a YAML error says was never closed, or 0.
func unclosedBracket(msg string) byte {
	switch msg {
	case "did not find expected ',' or ']'":
		return '['
	case "did not find expected ',' or '}'":
		return '{'
	}
	return 0
}

// lastOpen finds the last bracket open that is not closed on its own line,
// at or before line (1-based), outside quotes.
func lastOpen(data []byte, line int, open byte) (diag.Pos, bool) {
	closer := map[byte]byte{'[': ']', '{': '}'}[open]
	lines := bytes.Split(data, []byte("\n"))
	for l := min(line, len(lines)); l >= 1; l-- {
		depth, at := 0, -1
		var quote byte
		for i, c := range lines[l-1] {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == open:
				if depth == 0 {
					at = i
				}
				depth++
			case c == closer && depth > 0:
				depth--
			}
		}
		if depth > 0 && at >= 0 {
			return diag.Pos{Line: l, Col: utf8.RuneCount(lines[l-1][:at]) + 1}, true
		}
	}
	return diag.Pos{}, false
}

// yamlHint says in plain words what the commonest YAML mistakes mean.
func yamlHint(msg string) string {
	switch {
	case msg == "did not find expected ',' or ']'":
		return " (a list opened with [ is not closed with ])"
	case msg == "did not find expected ',' or '}'":
		return " (a set opened with { is not closed with })"
	case msg == "mapping values are not allowed in this context":
		return " (a value has \": \" in it: put the whole value in quotes)"
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		return " (a value starts with a character YAML keeps for itself, such as @ or `: put the value in quotes)"
	case strings.Contains(msg, "tab character"):
		return " (indent with spaces, not tabs)"
	case msg == "could not find expected ':'":
		return " (each line of front matter is a key, a colon and a value)"
	case strings.HasPrefix(msg, "did not find expected key"):
		return " (check the indentation of the lines above)"
	}
	return ""
}

// firstCol is the column of the first non-blank character of a 1-based line.
func firstCol(data []byte, line int) int {
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return 1
	}
	l := lines[line-1]
	return len(l) - len(bytes.TrimLeft(l, " \t")) + 1
}

// yamlWalk converts yaml.v3's tree, whose lines count from the block's
// start (lineOff makes them the file's), within the bounds: YAML aliases
// make a few lines stand for billions of values.
type yamlWalk struct {
	lineOff int
	left    int  // values still allowed
	aliases bool // an alias was expanded, whose values count too
}

// node converts y, at the given depth.
func (w *yamlWalk) node(y *yaml.Node, depth int) (*Node, error) {
	at := diag.Pos{Line: y.Line + w.lineOff, Col: y.Column}
	if depth > maxDepth {
		return nil, &posError{at, errDeep}
	}
	if w.left--; w.left < 0 {
		if w.aliases {
			return nil, &posError{at, errManyAliases}
		}
		return nil, &posError{at, errMany}
	}
	if y.Kind == yaml.AliasNode && y.Alias != nil {
		w.aliases = true
		w.left++ // the alias is its value, counted there
		n, err := w.node(y.Alias, depth)
		var pe *posError
		if errors.As(err, &pe) {
			pe.at = at // where the writer used the alias, not the anchor
		}
		if err != nil {
			return nil, err
		}
		cp := *n
		cp.Pos = at
		return &cp, nil
	}
	n := &Node{Pos: at}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return &Node{Kind: Map, Pos: n.Pos}, nil
		}
		return w.node(y.Content[0], depth)
	case yaml.MappingNode:
		n.Kind = Map
		if err := w.entries(n, y, depth); err != nil {
			return nil, err
		}
	case yaml.SequenceNode:
		n.Kind = List
		for _, c := range y.Content {
			child, err := w.node(c, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, child)
		}
	default:
		n.Kind = Scalar
		n.Quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		n.Val = yamlScalar(y)
	}
	return n, nil
}

// entries adds the entries of a YAML mapping to n. A merge key
// (<<: *defaults) adds the entries of the map it names in its place, as
// if they were written there, since that is what a writer means by it;
// but, as in YAML, the mapping's own keys override them, as do those of
// an earlier merge key, so that they are not taken for keys given twice.
func (w *yamlWalk) entries(n *Node, y *yaml.Node, depth int) error {
	own := ownKeys(y)
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		child, err := w.node(v, depth+1)
		if err != nil {
			return err
		}
		if k.Tag == "!!merge" && child.Kind == Map {
			for j, key := range child.Keys {
				if own[foldKey(key)] {
					continue
				}
				own[foldKey(key)] = true
				n.Keys, n.Items = append(n.Keys, key), append(n.Items, child.Items[j])
			}
			continue
		}
		child.KeyPos = diag.Pos{Line: k.Line + w.lineOff, Col: k.Column}
		n.Keys = append(n.Keys, k.Value)
		n.Items = append(n.Items, child)
	}
	return nil
}

// ownKeys are the keys, folded as Hugo compares them, that a YAML
// mapping with a merge key gives itself; nil for one without, which has
// nothing to merge.
func ownKeys(y *yaml.Node) map[string]bool {
	var own map[string]bool
	for i := 0; i+1 < len(y.Content); i += 2 {
		if y.Content[i].Tag == "!!merge" {
			own = map[string]bool{}
			break
		}
	}
	if own == nil {
		return nil
	}
	for i := 0; i+1 < len(y.Content); i += 2 {
		if k := y.Content[i]; k.Tag != "!!merge" {
			own[foldKey(k.Value)] = true
		}
	}
	return own
}

// yamlScalar is the value of a YAML scalar, of the type its tag gives it.
// A value its tag's type cannot hold stays text, for the checks to report
// in the writer's words, not YAML's.
func yamlScalar(y *yaml.Node) any {
	switch y.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if err := y.Decode(&b); err != nil {
			return y.Value
		}
		return b
	case "!!int":
		if i, err := strconv.ParseInt(y.Value, 0, 64); err == nil {
			return i
		}
		var i int64
		if err := y.Decode(&i); err != nil {
			return y.Value
		}
		return i
	case "!!float":
		var f float64
		if err := y.Decode(&f); err != nil {
			return y.Value
		}
		return f
	case "!!timestamp":
		if t, err := ParseDate(y.Value); err == nil {
			return t
		}
		return y.Value
	}
	return y.Value
}

func parseTOML(b *Block) (*Node, *diag.Pos, error) {
	if off, err := tomlpos.Bound(b.data, maxDepth, maxNodes); err != nil {
		if errors.Is(err, tomlpos.ErrDeep) {
			err = errDeep
		} else {
			err = errMany
		}
		at := diag.PosAt(b.data, off)
		at.Line += b.line - 1
		return nil, &at, err
	}
	var m map[string]any
	md, err := toml.Decode(string(b.data), &m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			at, msg := tomlpos.ErrorAt(b.data, pe)
			at.Line += b.line - 1
			return nil, &at, fmt.Errorf("TOML: %s", msg)
		}
		return nil, &diag.Pos{Line: b.line, Col: 1}, fmt.Errorf("TOML: %v", err)
	}
	pos, vals := tomlpos.FindValues(b.data, md.Keys(), b.line-1)
	root := fromTOML(m, "", tomlPositions{pos, vals}, b.Open, diag.Pos{})
	return root, nil, nil
}

// tomlPositions are where TOML keys and their values stand.
type tomlPositions struct {
	keys, vals tomlpos.Positions
}

// fromTOML converts a decoded TOML value. after is the position of the
// enclosing array-of-tables element, so that a repeated key is matched to
// the occurrence inside its own element.
func fromTOML(v any, key string, pos tomlPositions, at, after diag.Pos) *Node {
	n := &Node{Pos: at}
	switch x := v.(type) {
	case map[string]any:
		n.Kind = Map
		n.addTOMLEntries(x, key, pos, at, after)
	case []map[string]any:
		n.Kind = List
		headers := pos.keys[key]
		for i, e := range x {
			p := at
			if i < len(headers) {
				p = headers[i]
			}
			n.Items = append(n.Items, fromTOML(e, key, pos, p, p))
		}
	case []any:
		n.Kind = List
		for _, e := range x {
			n.Items = append(n.Items, fromTOML(e, key, pos, at, after))
		}
	case time.Time:
		n.Val = tomlTime(x)
	case int64:
		n.Val = x
	case float64:
		n.Val = x
	case bool:
		n.Val = x
	case string:
		n.Val, n.Quoted = x, true
	default:
		n.Val = fmt.Sprint(x)
	}
	return n
}

// tomlTime reads TOML's local dates and times (which carry no zone) as UTC,
// the zone Hugo gives dates written without one.
func tomlTime(t time.Time) time.Time {
	if t.Location().String() == "Local" || strings.HasPrefix(t.Location().String(), "datetime-local") ||
		strings.HasPrefix(t.Location().String(), "date-local") || strings.HasPrefix(t.Location().String(), "time-local") {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}

// addTOMLEntries adds the entries of a decoded TOML table, whose dotted
// key is key, to n, in document order, which is the order of the keys'
// positions, as a Go map has none. Each key's position is looked up once,
// since a table may have thousands of keys.
func (n *Node) addTOMLEntries(x map[string]any, key string, pos tomlPositions, at, after diag.Pos) {
	type entry struct {
		k, full  string
		key, val diag.Pos
	}
	entries := make([]entry, 0, len(x))
	for k := range x {
		e := entry{k: k, full: k, key: at, val: at}
		if key != "" {
			e.full = key + "." + k
		}
		// The key's first occurrence in the enclosing element of an
		// array of tables: positions are in document order.
		ps, vs := pos.keys[e.full], pos.vals[e.full]
		if i := sort.Search(len(ps), func(i int) bool { return ps[i].Line >= after.Line }); i < len(ps) && i < len(vs) {
			e.key, e.val = ps[i], vs[i]
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.key.Line, b.key.Line), cmp.Compare(a.key.Col, b.key.Col), strings.Compare(a.k, b.k))
	})
	n.Keys, n.Items = make([]string, 0, len(entries)), make([]*Node, 0, len(entries))
	for _, e := range entries {
		child := fromTOML(x[e.k], e.full, pos, e.val, after)
		child.KeyPos = e.key
		n.Keys = append(n.Keys, e.k)
		n.Items = append(n.Items, child)
	}
}

func parseJSON(b *Block) (*Node, *diag.Pos, error) {
	p := &jsonParser{data: b.data, dec: json.NewDecoder(bytes.NewReader(b.data)), line: b.line,
		left: maxNodes, cur: diag.NewLines(b.data)}
	p.dec.UseNumber()
	n, err := p.value(0)
	if err != nil {
		var pe *posError
		if errors.As(err, &pe) {
			return nil, &pe.at, pe.err
		}
		var se *json.SyntaxError
		off := int(p.dec.InputOffset())
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		at := p.at(off)
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of the JSON block"
		}
		return nil, &at, fmt.Errorf("JSON: %s", msg)
	}
	if n.Kind != Map {
		return nil, &n.Pos, errors.New("front matter must be a JSON object {…}, not " + n.Describe())
	}
	return n, nil, nil
}

type jsonParser struct {
	data []byte
	dec  *json.Decoder
	line int
	left int // values still allowed
	cur  *diag.Lines
}

// at converts an offset in the block to a position in the file.
func (p *jsonParser) at(off int) diag.Pos {
	pos := p.cur.Pos(off)
	pos.Line += p.line - 1
	return pos
}

// start is the offset of the next token: the decoder's offset is just past
// the previous one, before any blank, comma or colon.
func (p *jsonParser) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return off
}

func (p *jsonParser) value(depth int) (*Node, error) {
	at := p.at(p.start())
	if depth > maxDepth {
		return nil, &posError{at, errDeep}
	}
	if p.left--; p.left < 0 {
		return nil, &posError{at, errMany}
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &Node{Pos: at}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind = Map
			for p.dec.More() {
				kat := p.at(p.start())
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				child, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				child.KeyPos = kat
				n.Keys = append(n.Keys, kt.(string))
				n.Items = append(n.Items, child)
			}
		case '[':
			n.Kind = List
			for p.dec.More() {
				child, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, child)
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case json.Number:
		n.Val = JSONNumber(t)
	case string:
		n.Val, n.Quoted = t, true
	case bool:
		n.Val = t
	case nil:
		n.Val = nil
	}
	return n, nil
}
