// Package tomlpos reads TOML text for what BurntSushi/toml knows while
// parsing but does not expose: where each key and value stands, so that
// errors about a value can point at its line and column, and how deep and
// how many the values are, bounded before the decoder reads them.
package tomlpos

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
)

// Positions maps each dotted key to where it stands, in document order: a key
// that repeats (a field of an array of tables) has one position per occurrence.
type Positions map[string][]diag.Pos

// Values maps each dotted key to where its value starts, like Positions.
type Values = Positions

// Of is the first position of key, or the zero Pos.
func (p Positions) Of(key string) diag.Pos { return p.Nth(key, 0) }

// Nth is the position of the n-th occurrence of key (0-based), or the zero Pos.
func (p Positions) Nth(key string, n int) diag.Pos {
	if ps := p[key]; n < len(ps) {
		return ps[n]
	}
	return diag.Pos{}
}

// FindValues locates keys (as md.Keys() returns them, in document order) in
// src, and where each key's value starts (after its "="; a table's header
// position for a table). lineOffset is added to every line, for documents
// embedded in a larger file.
func FindValues(src []byte, keys []toml.Key, lineOffset int) (Positions, Values) {
	lines := bytes.Split(src, []byte("\n"))
	masks := make([][]bool, len(lines))
	var st scanState
	for i, l := range lines {
		masks[i] = mask(l, &st)
	}
	pos := make(Positions, len(keys))
	vals := make(Values, len(keys))
	cur := 0
	for _, k := range keys {
		for l := cur; l < len(lines); l++ {
			if i := findKey(lines[l], masks[l], k); i >= 0 {
				s := k.String()
				pos[s] = append(pos[s], diag.Pos{Line: l + 1 + lineOffset, Col: utf8.RuneCount(lines[l][:i]) + 1})
				v := valueAt(lines[l], masks[l], i)
				vals[s] = append(vals[s], diag.Pos{Line: l + 1 + lineOffset, Col: utf8.RuneCount(lines[l][:v]) + 1})
				cur = l
				break
			}
		}
	}
	return pos, vals
}

// scanState is what a line starts inside of: nothing, or a multi-line
// string opened on a line above.
type scanState int

const (
	inCode scanState = iota
	inMultiBasic
	inMultiLiteral
)

var (
	tripleDouble = []byte(`"""`)
	tripleSingle = []byte(`'''`)
)

// mask marks the bytes of a line that are inside strings or comments,
// where a key's name may appear without being a key. A string's opening
// quote is not marked: it is where a quoted key starts.
func mask(line []byte, st *scanState) []bool {
	m := make([]bool, len(line))
	for i := 0; i < len(line); {
		if *st != inCode {
			end := tripleDouble
			if *st == inMultiLiteral {
				end = tripleSingle
			}
			switch {
			case *st == inMultiBasic && line[i] == '\\':
				m[i] = true
				if i+1 < len(line) {
					m[i+1] = true
				}
				i += 2
			case bytes.HasPrefix(line[i:], end):
				m[i], m[i+1], m[i+2] = true, true, true
				i += 3
				*st = inCode
			default:
				m[i] = true
				i++
			}
			continue
		}
		switch c := line[i]; {
		case c == '#':
			for j := i; j < len(line); j++ {
				m[j] = true
			}
			return m
		case bytes.HasPrefix(line[i:], tripleDouble), bytes.HasPrefix(line[i:], tripleSingle):
			*st = inMultiBasic
			if c == '\'' {
				*st = inMultiLiteral
			}
			m[i+1], m[i+2] = true, true
			i += 3
		case c == '"' || c == '\'':
			j := i + 1
			for ; j < len(line) && line[j] != c; j++ {
				m[j] = true
				if c == '"' && line[j] == '\\' && j+1 < len(line) {
					j++
					m[j] = true
				}
			}
			if j < len(line) {
				m[j] = true // the closing quote
			}
			i = j + 1
		default:
			i++
		}
	}
	return m
}

// valueAt finds the byte offset of the start of the value after the key at
// byte offset k of line: after the first "=" outside strings, and blanks.
func valueAt(line []byte, m []bool, k int) int {
	i := k
	for i < len(line) && (m[i] || line[i] != '=' && line[i] != '[') {
		i++
	}
	if i >= len(line) || line[i] != '=' {
		return k
	}
	i++
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	return i
}

// findKey returns the byte offset of key k on line (of its last part, for
// a dotted key), or -1. m marks the bytes inside strings and comments.
func findKey(line []byte, m []bool, k toml.Key) int {
	trimmed := bytes.TrimLeft(line, " \t")
	indent := len(line) - len(trimmed)
	if bytes.HasPrefix(trimmed, []byte("[")) && !m[indent] {
		header := strings.Trim(string(trimmed), "[] \t\r")
		if i := strings.Index(header, "]"); i >= 0 {
			header = header[:i]
		}
		if normalize(header) == strings.Join(k, ".") {
			return indent
		}
		return -1
	}
	name := k[len(k)-1]
	for _, cand := range []string{name, `"` + name + `"`, `'` + name + `'`} {
		if cand == "" {
			continue // an empty key is written "" or ''
		}
		from := 0
		for from < len(line) {
			i := bytes.Index(line[from:], []byte(cand))
			if i < 0 {
				break
			}
			i += from
			before := bytes.TrimRight(line[:i], " \t")
			after := bytes.TrimLeft(line[i+len(cand):], " \t")
			okBefore := len(before) == 0 || strings.ContainsRune("{,.", rune(before[len(before)-1]))
			okAfter := len(after) > 0 && (after[0] == '=' || after[0] == '.')
			if !m[i] && okBefore && okAfter {
				return i
			}
			from = i + 1
		}
	}
	return -1
}

func normalize(header string) string {
	parts := strings.Split(header, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

var definedTwice = regexp.MustCompile(`^Key '(.*)' has already been defined\.$`)

// ErrorAt is where a TOML syntax error stands in src, and its message as
// plansite words its own. The error's byte offset is right where its column
// is not (a key defined twice has a column past the end of its line).
func ErrorAt(src []byte, pe toml.ParseError) (diag.Pos, string) {
	at := diag.Pos{Line: pe.Position.Line, Col: max(pe.Position.Col, 1)}
	if o := pe.Position.Start; o >= 0 && o <= len(src) {
		if p := diag.PosAt(src, o); p.Line == at.Line {
			at = p
		}
	}
	msg := pe.Message
	if m := definedTwice.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("%s is already set above: keep one of the two", m[1])
	}
	return at, msg
}

// Decode reads a TOML file into a table, with its keys as the decoder
// met them; a file that does not parse is an error of file at the place
// the decoder stopped.
func Decode(file string, data []byte) (map[string]any, toml.MetaData, *diag.Diagnostic) {
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err == nil {
		return raw, md, nil
	}
	d := diag.Errorf(file, 0, 0, "%v", err)
	if pe, ok := errors.AsType[toml.ParseError](err); ok {
		at, msg := ErrorAt(data, pe)
		d = diag.Errorf(file, at.Line, at.Col, "%s", msg)
	}
	return nil, md, &d
}
