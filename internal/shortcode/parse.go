// Package shortcode reads Hugo's shortcodes in a page's Markdown —
// {{< name arg key="value" >}}, {{% name %}}…{{% /name %}}, self-closed
// {{< name />}} and the escaped {{</* name */>}} — with the place of every
// tag and argument, and expands them into the Markdown goldmark parses,
// keeping a map from each byte of the expanded text back to the source.
// Like Hugo, it reads shortcodes before Markdown: one in a code block is a
// shortcode too, unless escaped.
package shortcode

import (
	"bytes"
	"fmt"
	"strconv"
)

// Limits that keep a hostile or mistaken page from taking a build's memory
// or time: shortcodes are written by hand, far below these.
const (
	MaxArg   = 64 << 10 // bytes in one argument's value
	MaxTag   = 1 << 20  // bytes in one tag, arguments included
	MaxCalls = 10000    // shortcodes in one page
	MaxDepth = 32       // shortcodes inside shortcodes
)

// Call is one shortcode of a page: its tags, arguments and what it holds.
type Call struct {
	Name string
	// Markdown is true for {{% %}}, whose inner text and output are
	// Markdown; false for {{< >}}, whose output is HTML.
	Markdown bool
	Args     []Arg
	// Start and End are the call in the source, from its opening tag to
	// the end of its closing tag (or of the opening tag, without one);
	// NameAt is where its name is written.
	Start, End, NameAt int
	// Inner is the source between the tags, when the call has a closing
	// tag: InnerStart ≤ InnerEnd. Without one both are End.
	InnerStart, InnerEnd int
	Closed               bool // it has a closing tag
	SelfClosed           bool // it ends in />}}
	// Cut says the page was read no further than inside the call (it has
	// too many): its closing tag was never looked for.
	Cut bool
	// Deep is a call nested too deep, left out of the tree.
	Deep bool
	// Escaped is a {{</* … */>}}: published as the tag it shows, Literal.
	Escaped bool
	Literal string
	// Children are the calls inside it, in order; Parent the call it is
	// inside, nil at the top.
	Children []*Call
	Parent   *Call
	// Ordinal is its place among its siblings, from 0, as Hugo's .Ordinal.
	Ordinal int
}

// Arg is an argument of a call, positional (Name "") or named.
type Arg struct {
	Name  string
	Value string
	// Quoted is true for a value in quotes or backticks, which is always
	// text; an unquoted one may be a number or true or false, as in Hugo.
	Quoted bool
	// At is where the argument starts (its name, or its value).
	At int
}

// Typed is the argument's value as Hugo gives it to a template: unquoted
// whole numbers as int, other numbers as float64, true and false as bool,
// everything else as a string.
func (a Arg) Typed() any {
	if a.Quoted {
		return a.Value
	}
	if n, err := strconv.Atoi(a.Value); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
		return f
	}
	if b, err := strconv.ParseBool(a.Value); err == nil && (a.Value == "true" || a.Value == "false") {
		return b
	}
	return a.Value
}

// Error is a mistake in a page's shortcodes, at an offset of the source,
// or, with Warning, something a template warned of, which does not stop
// the call's output from being used.
type Error struct {
	At      int
	Msg     string
	Warning bool
}

func (e *Error) Error() string { return e.Msg }

// Has reports whether src may hold a shortcode: most pages have none, and
// are read no further.
func Has(src []byte) bool {
	return bytes.Contains(src, []byte("{{<")) || bytes.Contains(src, []byte("{{%"))
}

// Parse finds the shortcodes of src and nests them: a closing tag closes
// the nearest open call of its name, and the calls opened after it that
// were never closed are taken to have no inner text. It returns the calls
// at the top level and every mistake it found.
func Parse(src []byte) ([]*Call, []*Error) {
	p := &parser{src: src}
	root := &Call{}
	stack := []*Call{root}
	for {
		t, ok := p.next()
		if !ok {
			break
		}
		if p.count++; p.count > MaxCalls {
			p.errorf(t.start, "the page has more than %d shortcodes", MaxCalls)
			p.stopped = true
			break
		}
		top := stack[len(stack)-1]
		switch {
		case t.call.Escaped || t.call.SelfClosed:
			p.add(top, t.call)
		case t.closing:
			stack = p.close(stack, t)
		case len(stack) > MaxDepth || top.Deep:
			// Too deep to expand, but still paired with its closing tag,
			// so that the calls around it close as written and the rest
			// of the page is read; the page is an error.
			if !p.deep {
				p.errorf(t.start, "shortcodes are nested more than %d deep here: close them ({{< /%s >}})", MaxDepth, t.call.Name)
				p.deep = true
			}
			t.call.Deep = true
			stack = append(stack, t.call)
		default:
			p.add(top, t.call)
			stack = append(stack, t.call)
		}
	}
	for len(stack) > 1 {
		stack[len(stack)-1].Cut = p.stopped
		stack = p.unwind(stack)
	}
	return root.Children, p.errs
}

// add puts a call inside parent.
func (p *parser) add(parent, c *Call) {
	c.Parent = nil
	if parent.Name != "" {
		c.Parent = parent
	}
	c.Ordinal = len(parent.Children)
	parent.Children = append(parent.Children, c)
}

// close ends the innermost open call named as the closing tag t names,
// leaving the calls opened inside it without inner text.
func (p *parser) close(stack []*Call, t tag) []*Call {
	i := len(stack) - 1
	for i > 0 && (stack[i].Name != t.call.Name || stack[i].Markdown != t.call.Markdown) {
		i--
	}
	if i == 0 {
		d := "<"
		if t.call.Markdown {
			d = "%"
		}
		p.errorf(t.start, "{{%s /%s %s}} closes a shortcode that is not open", d, t.call.Name, closer(t.call.Markdown))
		return stack
	}
	for len(stack)-1 > i {
		stack = p.unwind(stack)
	}
	c := stack[i]
	c.Closed, c.InnerStart, c.InnerEnd, c.End = true, c.End, t.start, t.end
	return stack[:i]
}

// unwind takes the innermost open call to have no closing tag: it ends
// with its opening tag, and what it seemed to hold moves up beside it.
func (p *parser) unwind(stack []*Call) []*Call {
	c := stack[len(stack)-1]
	parent := stack[len(stack)-2]
	for _, k := range c.Children {
		if !c.Deep {
			p.add(parent, k)
		}
	}
	c.Children = nil
	return stack[:len(stack)-1]
}

func closer(markdown bool) string {
	if markdown {
		return "%"
	}
	return ">"
}

type parser struct {
	src     []byte
	off     int
	count   int
	errs    []*Error
	stopped bool // read no further, after an error
	deep    bool // a call was nested too deep
}

func (p *parser) errorf(at int, format string, args ...any) {
	p.errs = append(p.errs, &Error{At: at, Msg: fmt.Sprintf(format, args...)})
}

// tag is one tag read from the source.
type tag struct {
	call       *Call
	closing    bool
	start, end int
}

// next reads the next tag, skipping (with an error) any that cannot be read.
func (p *parser) next() (tag, bool) {
	for {
		i := indexTag(p.src[p.off:])
		if i < 0 {
			return tag{}, false
		}
		start := p.off + i
		t, err := p.readTag(start)
		if err != nil {
			p.errs = append(p.errs, err)
			p.off = start + 3
			continue
		}
		p.off = t.end
		return t, true
	}
}

// indexTag finds the next "{{<" or "{{%".
func indexTag(b []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], []byte("{{"))
		if i < 0 {
			return -1
		}
		j := off + i + 2
		if j < len(b) && (b[j] == '<' || b[j] == '%') {
			return off + i
		}
		off = off + i + 1
	}
}
