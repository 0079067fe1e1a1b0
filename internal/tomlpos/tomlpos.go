// Package tomlpos finds where the keys of a TOML document stand, which
// BurntSushi/toml knows while parsing but does not expose, so that errors
// about a key's value can point at its line and column.
package tomlpos

import (
	"bytes"
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

// Find locates keys (as md.Keys() returns them, in document order) in src.
// lineOffset is added to every line, for documents embedded in a larger file.
func Find(src []byte, keys []toml.Key, lineOffset int) Positions {
	pos, _ := FindValues(src, keys, lineOffset)
	return pos
}

// FindValues is Find, also returning where each key's value starts (after
// its "="; a table's header position for a table).
func FindValues(src []byte, keys []toml.Key, lineOffset int) (Positions, Values) {
	lines := bytes.Split(src, []byte("\n"))
	pos := make(Positions, len(keys))
	vals := make(Values, len(keys))
	cur := 0
	for _, k := range keys {
		for l := cur; l < len(lines); l++ {
			if col := findKey(lines[l], k); col > 0 {
				s := k.String()
				at := diag.Pos{Line: l + 1 + lineOffset, Col: col}
				pos[s] = append(pos[s], at)
				vals[s] = append(vals[s], valueAt(lines[l], at))
				cur = l
				break
			}
		}
	}
	return pos, vals
}

// valueAt finds the start of the value after the key at p on line.
func valueAt(line []byte, p diag.Pos) diag.Pos {
	runes := []rune(string(line))
	i := p.Col - 1
	for i < len(runes) && runes[i] != '=' && runes[i] != '[' {
		i++
	}
	if i >= len(runes) || runes[i] != '=' {
		return p
	}
	i++
	for i < len(runes) && (runes[i] == ' ' || runes[i] == '\t') {
		i++
	}
	return diag.Pos{Line: p.Line, Col: i + 1}
}

// findKey returns the 1-based column of key k on line, or 0.
func findKey(line []byte, k toml.Key) int {
	trimmed := bytes.TrimLeft(line, " \t")
	indent := len(line) - len(trimmed)
	if bytes.HasPrefix(trimmed, []byte("[")) {
		header := strings.Trim(string(trimmed), "[] \t\r")
		if i := strings.Index(header, "]"); i >= 0 {
			header = header[:i]
		}
		if normalize(header) == strings.Join(k, ".") {
			return utf8.RuneCount(line[:indent]) + 1
		}
		return 0
	}
	name := k[len(k)-1]
	for _, cand := range []string{name, `"` + name + `"`, `'` + name + `'`} {
		from := 0
		for {
			i := bytes.Index(line[from:], []byte(cand))
			if i < 0 {
				break
			}
			i += from
			before := bytes.TrimRight(line[:i], " \t")
			after := bytes.TrimLeft(line[i+len(cand):], " \t")
			okBefore := len(before) == 0 || strings.ContainsRune("{,.", rune(before[len(before)-1]))
			okAfter := len(after) > 0 && (after[0] == '=' || after[0] == '.')
			if okBefore && okAfter {
				return utf8.RuneCount(line[:i]) + 1
			}
			from = i + 1
		}
	}
	return 0
}

func normalize(header string) string {
	parts := strings.Split(header, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
