package tomlpos

import (
	"bytes"
	"errors"
	"strings"
)

// ErrDeep and ErrMany are the bounds Bound finds TOML goes over.
var (
	ErrDeep = errors.New("nested too deeply")
	ErrMany = errors.New("too many values")
)

// Bound bounds TOML before a decoder reads it, since BurntSushi/toml
// takes time and memory quadratic in how deep tables, lists and dotted
// keys nest: at most maxDepth levels and maxValues values. It reads only
// as much as that takes: strings, so that their brackets are not counted,
// keys, brackets and commas. It does not check the syntax, which is the
// decoder's to report, and goes on past whatever it does not understand.
// It returns the offset of the value, key part or table that goes over a
// bound, with ErrDeep or ErrMany.
func Bound(data []byte, maxDepth, maxValues int) (int, error) {
	s := &tomlScan{data: data, left: maxValues - 1, maxDepth: maxDepth} // the root table is one
	table := 0                                                          // depth of the table the keys at the start of a line are in
	for s.i < len(s.data) {
		s.skipBlank(false)
		if s.i >= len(s.data) {
			break
		}
		start := s.i
		switch s.data[s.i] {
		case '\n':
			s.i++
			continue
		case '#':
		case '[':
			depth, off, err := s.header()
			if err != nil {
				return off, err
			}
			table = depth
		default:
			parts, over := s.key(table, false)
			if over >= 0 {
				return over, ErrDeep
			}
			s.skipBlank(false)
			if parts > 0 && s.peek() == '=' {
				s.i++
				if off, err := s.value(table + parts); err != nil {
					return off, err
				}
			}
		}
		if s.i == start {
			s.i++
		}
		s.skipLine()
	}
	return 0, nil
}

type tomlScan struct {
	data     []byte
	i        int
	left     int // values still allowed
	maxDepth int
}

// peek is the byte at i, or 0 at the end.
func (s *tomlScan) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// count counts a value at start, which may be one too many.
func (s *tomlScan) count(start int) (int, error) {
	if s.left--; s.left < 0 {
		return start, ErrMany
	}
	return 0, nil
}

// header reads a table's [header] or an array of tables' [[header]], and
// returns the depth of the table it opens.
func (s *tomlScan) header() (int, int, error) {
	start := s.i
	if off, err := s.count(start); err != nil {
		return 0, off, err
	}
	s.i++
	array := s.peek() == '['
	if array {
		s.i++
	}
	parts, over := s.key(0, true)
	if over >= 0 {
		return 0, over, ErrDeep
	}
	if array {
		parts++ // the table is an element of the array its name names
	}
	if parts > s.maxDepth {
		return 0, start, ErrDeep
	}
	return parts, 0, nil
}

// key reads a key, dotted or not, whose parts are the names of tables
// nested from the depth base, but for the last part, which names a value,
// unless tables is set (in a header). It returns how many parts it has,
// and the offset of the first part that is a table nested too deeply, or
// -1.
func (s *tomlScan) key(base int, tables bool) (parts, over int) {
	over = -1
	overPart := 0
	for {
		s.skipBlank(false)
		start := s.i
		if c := s.peek(); c == '"' || c == '\'' {
			s.skipString()
		} else {
			for s.i < len(s.data) && strings.IndexByte(" \t\r\n=.#[]{},\"'", s.data[s.i]) < 0 {
				s.i++
			}
		}
		if s.i == start {
			break
		}
		parts++
		if base+parts > s.maxDepth && over < 0 {
			over, overPart = start, parts
		}
		s.skipBlank(false)
		if s.peek() != '.' {
			break
		}
		s.i++
	}
	if !tables && overPart == parts {
		over = -1 // the value's own depth, which value bounds
	}
	return parts, over
}

// value reads a value at the given depth: a string, a list, a table in a
// line, or anything else up to where it ends.
func (s *tomlScan) value(depth int) (int, error) {
	s.skipBlank(false)
	start := s.i
	if s.i >= len(s.data) {
		return 0, nil
	}
	if off, err := s.count(start); err != nil {
		return off, err
	}
	if depth > s.maxDepth {
		return start, ErrDeep
	}
	switch s.data[s.i] {
	case '"', '\'':
		s.skipString()
	case '[':
		s.i++
		return s.list(depth)
	case '{':
		s.i++
		return s.inlineTable(depth)
	default:
		for s.i < len(s.data) && strings.IndexByte(" \t\r\n,]}#", s.data[s.i]) < 0 {
			s.i++
		}
		if s.i == start {
			s.i++
		}
	}
	return 0, nil
}

// list reads the items of a list at depth, after its [.
func (s *tomlScan) list(depth int) (int, error) {
	for {
		s.skipBlank(true)
		switch s.peek() {
		case 0:
			return 0, nil
		case ']':
			s.i++
			return 0, nil
		case ',':
			s.i++
		default:
			if off, err := s.value(depth + 1); err != nil {
				return off, err
			}
		}
	}
}

// inlineTable reads the keys and values of a table at depth written in a
// line, after its {.
func (s *tomlScan) inlineTable(depth int) (int, error) {
	for {
		s.skipBlank(true)
		switch s.peek() {
		case 0:
			return 0, nil
		case '}':
			s.i++
			return 0, nil
		case ',':
			s.i++
			continue
		}
		start := s.i
		parts, over := s.key(depth, false)
		if over >= 0 {
			return over, ErrDeep
		}
		s.skipBlank(false)
		if parts > 0 && s.peek() == '=' {
			s.i++
			if off, err := s.value(depth + parts); err != nil {
				return off, err
			}
		}
		if s.i == start {
			s.i++
		}
	}
}

// skipString moves past a string: "basic", 'literal', or either over
// several lines, between three quotes.
func (s *tomlScan) skipString() {
	q := s.data[s.i]
	triple := []byte{q, q, q}
	if bytes.HasPrefix(s.data[s.i:], triple) {
		s.i += 3
		for s.i < len(s.data) {
			switch {
			case q == '"' && s.data[s.i] == '\\':
				s.i += 2
			case bytes.HasPrefix(s.data[s.i:], triple):
				s.i += 3
				// Up to two quotes more are the string's own.
				for n := 0; n < 2 && s.peek() == q; n++ {
					s.i++
				}
				return
			default:
				s.i++
			}
		}
		s.i = len(s.data)
		return
	}
	for s.i++; s.i < len(s.data) && s.data[s.i] != '\n'; s.i++ {
		switch s.data[s.i] {
		case '\\':
			if q == '"' {
				s.i++
			}
		case q:
			s.i++
			return
		}
	}
	s.i = min(s.i, len(s.data))
}

// skipBlank moves past spaces and tabs, and with lines set, past line
// breaks and comments too, as inside a list.
func (s *tomlScan) skipBlank(lines bool) {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\r':
			s.i++
		case '\n':
			if !lines {
				return
			}
			s.i++
		case '#':
			if !lines {
				return
			}
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine moves to the start of the next line.
func (s *tomlScan) skipLine() {
	if nl := bytes.IndexByte(s.data[s.i:], '\n'); nl >= 0 {
		s.i += nl + 1
		return
	}
	s.i = len(s.data)
}
