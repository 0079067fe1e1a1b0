package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// ids makes heading IDs the way Hugo's default ("github") does, so that a
// link to #an-anchor works the same on plansite and on Hugo: letters and
// digits lower-cased, spaces and hyphens become hyphens, everything else is
// dropped, and a repeated ID gets -1, -2… appended.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate implements parser.IDs.
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	b := make([]byte, 0, len(value))
	for len(value) > 0 {
		r, size := utf8.DecodeRune(value)
		switch {
		case r == '-' || r == ' ' || r == '\t':
			b = append(b, '-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		value = value[size:]
	}
	if len(b) == 0 {
		if kind == ast.KindHeading {
			b = append(b, "heading"...)
		} else {
			b = append(b, "id"...)
		}
	}
	if s.used[string(b)] {
		base := string(b) + "-"
		for i := 1; ; i++ {
			if c := base + strconv.Itoa(i); !s.used[c] {
				b = []byte(c)
				break
			}
		}
	}
	s.used[string(b)] = true
	return b
}

// Put implements parser.IDs: an ID written by hand ({#id}) is taken.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }
