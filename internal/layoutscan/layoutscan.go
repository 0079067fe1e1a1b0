// Package layoutscan reads a layout's source as HTML, with its actions
// ({{ … }}) blanked out, to find what html/template reports only as the
// page ending in the wrong state: a tag, an attribute's quote or a comment
// opened and never closed, at the place it opens.
package layoutscan

import "bytes"

// Unclosed finds, in a layout's source, a tag, an attribute's quote or a
// comment that is opened and never closed, and says what it is. Actions
// ({{ … }}) count as text inside whatever surrounds them.
func Unclosed(src []byte) (pos int, what string, ok bool) {
	src = blankActions(src)
	for i := 0; i < len(src); i++ {
		if src[i] != '<' {
			continue
		}
		rest := src[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return i, "this comment is never closed with -->", true
			}
			i += 4 + end + 2
		case len(rest) > 1 && (isLetter(rest[1]) || rest[1] == '/'):
			end, quote, ok := tagEnd(src, i)
			if quote >= 0 {
				return quote, "this quote is never closed, so the rest of the layout is inside the attribute: close it with " + string(src[quote]), true
			}
			if !ok {
				return i, "this tag is never closed with >", true
			}
			i = end
		}
	}
	return 0, "", false
}

// tagEnd finds the > that ends the tag opening at i. quote is where a
// quote that is never closed opens, or -1.
func tagEnd(src []byte, i int) (end, quote int, ok bool) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '>':
			return j, -1, true
		case '"', '\'':
			if j == 0 || src[j-1] != '=' && !isSpace(src[j-1]) {
				continue // a quote in an attribute's name or a bare value
			}
			close := bytes.IndexByte(src[j+1:], src[j])
			if close < 0 {
				return 0, j, false
			}
			j += 1 + close
		}
	}
	return 0, -1, false
}

// blankActions replaces each {{ … }} with spaces, keeping every offset, so
// that quotes and brackets inside actions are not taken for HTML's.
func blankActions(src []byte) []byte {
	out := bytes.Clone(src)
	for off := 0; ; {
		open := bytes.Index(out[off:], []byte("{{"))
		if open < 0 {
			return out
		}
		open += off
		end := bytes.Index(out[open:], []byte("}}"))
		if end < 0 {
			return out
		}
		for k := open; k < open+end+2; k++ {
			if out[k] != '\n' {
				out[k] = ' '
			}
		}
		off = open + end + 2
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
