package shortcode

import (
	"bytes"
	"fmt"
	"strings"
)

// readTag reads the tag at start ("{{<" or "{{%").
func (p *parser) readTag(start int) (tag, *Error) {
	src := p.src
	delim := src[start+2]
	c := &Call{Markdown: delim == '%', Start: start}
	end := func() []byte { return []byte{closeByte(delim), '}', '}'} }
	i := skipSpace(src, start+3)
	if bytes.HasPrefix(src[i:], []byte("/*")) {
		return p.readEscaped(c, start, i, delim)
	}
	t := tag{call: c, start: start}
	if i < len(src) && src[i] == '/' {
		t.closing = true
		i = skipSpace(src, i+1)
	}
	c.NameAt = i
	j := i
	for j < len(src) && isNameByte(src[j]) {
		j++
	}
	c.Name = string(src[i:j])
	if c.Name == "" {
		return t, &Error{At: start, Msg: fmt.Sprintf("a shortcode tag without a name: write {{%c name %c}}, or {{%c/* … */%c}} to show the tag as text", delim, closer(c.Markdown)[0], delim, closer(c.Markdown)[0])}
	}
	for i = j; ; {
		i = skipSpace(src, i)
		if i-start > MaxTag {
			return t, &Error{At: start, Msg: fmt.Sprintf("this shortcode tag is over %d KiB long: is its closing %s missing?", MaxTag>>10, end())}
		}
		switch {
		case i >= len(src):
			return t, &Error{At: start, Msg: fmt.Sprintf("this shortcode tag is never closed with %s", end())}
		case bytes.HasPrefix(src[i:], end()):
			t.end = i + 3
			c.End, c.InnerStart, c.InnerEnd = t.end, t.end, t.end
			return t, nil
		case src[i] == '/' && bytes.HasPrefix(src[i+1:], end()):
			if t.closing {
				return t, &Error{At: i, Msg: "a closing tag cannot also end in /" + string(end())}
			}
			c.SelfClosed, c.Closed = true, true
			t.end = i + 4
			c.End, c.InnerStart, c.InnerEnd = t.end, t.end, t.end
			return t, nil
		}
		if t.closing {
			return t, &Error{At: i, Msg: fmt.Sprintf("a closing tag takes no arguments: write {{%c /%s %s", delim, c.Name, end())}
		}
		a, next, err := readArg(src, i, delim)
		if err != nil {
			return t, err
		}
		c.Args = append(c.Args, a)
		i = next
	}
}

// readEscaped reads {{</* … */>}}, which shows the tag inside as text.
func (p *parser) readEscaped(c *Call, start, i int, delim byte) (tag, *Error) {
	rest := p.src[i+2:]
	for off := 0; ; {
		k := bytes.Index(rest[off:], []byte("*/"))
		if k < 0 {
			return tag{call: c, start: start}, &Error{At: start, Msg: fmt.Sprintf("this escaped shortcode is never closed with */%c}}", closeByte(delim))}
		}
		k += off
		j := skipSpace(rest, k+2)
		if bytes.HasPrefix(rest[j:], []byte{closeByte(delim), '}', '}'}) {
			c.Escaped = true
			c.Literal = "{{" + string(delim) + string(rest[:k]) + string(closeByte(delim)) + "}}"
			c.End = i + 2 + j + 3
			c.InnerStart, c.InnerEnd = c.End, c.End
			return tag{call: c, start: start, end: c.End}, nil
		}
		off = k + 2
	}
}

// readArg reads one argument at i: a value, or name=value; a value is
// "quoted" (with \" and \\), `raw`, or a word.
func readArg(src []byte, i int, delim byte) (Arg, int, *Error) {
	a := Arg{At: i}
	word := func(j int) int {
		for j < len(src) && !isSpace(src[j]) && src[j] != '=' && !isTagEnd(src, j, delim) {
			j++
		}
		return j
	}
	j := word(i)
	if j < len(src) && src[j] == '=' && j > i {
		a.Name = string(src[i:j])
		i = j + 1
	}
	if i >= len(src) {
		return a, i, &Error{At: a.At, Msg: "this shortcode tag is never closed"}
	}
	switch src[i] {
	case '"', '`':
		v, next, err := quoted(src, i)
		if err != nil {
			return a, next, err
		}
		a.Value, a.Quoted = v, true
		return a, next, nil
	}
	j = word(i)
	if j == i {
		return a, i, &Error{At: i, Msg: fmt.Sprintf("unexpected %q in a shortcode tag: put a value with spaces or = in quotes", src[i])}
	}
	if j-i > MaxArg {
		return a, j, &Error{At: a.At, Msg: fmt.Sprintf("this argument is %s long; a shortcode's argument may be at most %d KiB", size(j-i), MaxArg>>10)}
	}
	a.Value = string(src[i:j])
	return a, j, nil
}

// quoted reads a value in quotes or backticks at i, bounded by MaxArg.
func quoted(src []byte, i int) (string, int, *Error) {
	q := src[i]
	var b strings.Builder
	for j := i + 1; j < len(src); j++ {
		if j-i > MaxArg {
			end := bytes.IndexByte(src[j:], q)
			n := len(src) - i
			if end >= 0 {
				n = j + end - i
			}
			return "", i + 1, &Error{At: i, Msg: fmt.Sprintf("this argument is %s long; a shortcode's argument may be at most %d KiB", size(n), MaxArg>>10)}
		}
		switch c := src[j]; {
		case c == q:
			return b.String(), j + 1, nil
		case c == '\\' && q == '"' && j+1 < len(src) && (src[j+1] == '"' || src[j+1] == '\\'):
			b.WriteByte(src[j+1])
			j++
		default:
			b.WriteByte(c)
		}
	}
	return "", i + 1, &Error{At: i, Msg: fmt.Sprintf("this quote is never closed with %c", q)}
}

// size writes a length in bytes for people.
func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func isTagEnd(src []byte, j int, delim byte) bool {
	end := []byte{closeByte(delim), '}', '}'}
	if bytes.HasPrefix(src[j:], end) {
		return true
	}
	return src[j] == '/' && bytes.HasPrefix(src[j+1:], end)
}

// closeByte is the character before the }} that ends a tag opened with
// {{ and delim: > for <, % for %.
func closeByte(delim byte) byte {
	if delim == '<' {
		return '>'
	}
	return delim
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
}
