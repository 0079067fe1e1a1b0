package shortcode

import (
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Render executes one call's template. inner is what the template sees as
// .Inner. Errors are at offsets of the source.
type Render func(c *Call, inner string) (string, []*Error)

// Expanded is a page's Markdown with its shortcodes expanded: the output of
// each {{% %}} in place, as Markdown, and a placeholder for each {{< >}},
// whose HTML goldmark puts in place of it. Every byte maps back to the
// source: text copied from it to where it was, text a template wrote to
// the call that wrote it.
type Expanded struct {
	Src []byte
	// HTML are the outputs of the {{< >}} calls, by placeholder number.
	HTML   []string
	pieces []piece
}

// piece is a run of Src: copied from the source at orig, or, with orig
// -1, written by the call at at (trusted when a template wrote it, rather
// than the writer, as an escaped tag is).
type piece struct {
	start, orig, at int
	trusted         bool
}

// Orig is the offset in the source of an offset of Src.
func (e *Expanded) Orig(off int) int {
	p := e.piece(off)
	if p.orig < 0 {
		return p.at
	}
	return p.orig + off - p.start
}

// Trusted reports whether the byte at off of Src was written by a
// shortcode's template, whose HTML is published even with raw HTML off:
// the theme's code, not the writer's text.
func (e *Expanded) Trusted(off int) bool { return e.piece(off).trusted }

// Inserted reports whether the byte at off of Src was put there by the
// expansion (a call's output, a placeholder) rather than copied.
func (e *Expanded) Inserted(off int) bool { return e.piece(off).orig < 0 }

func (e *Expanded) piece(off int) piece {
	i := sort.Search(len(e.pieces), func(i int) bool { return e.pieces[i].start > off }) - 1
	if i < 0 {
		return piece{orig: 0}
	}
	return e.pieces[i]
}

// Placeholder marks where the HTML of {{< >}} call i goes: a brace, which
// starts goldmark's inline parsers, and characters of Unicode's private
// use area, which no writer types.
func Placeholder(i int) string { return "{\uE000" + strconv.Itoa(i) + "\uE001}" }

// ReadPlaceholder reads a placeholder at the start of b, returning its
// number and length.
func ReadPlaceholder(b []byte) (i, n int, ok bool) {
	const open, close = "{\uE000", "\uE001}"
	if !strings.HasPrefix(string(b[:min(len(b), len(open))]), open) {
		return 0, 0, false
	}
	j := len(open)
	for j < len(b) && b[j] >= '0' && b[j] <= '9' && j < len(open)+9 {
		j++
	}
	if j == len(open) || !strings.HasPrefix(string(b[j:min(len(b), j+len(close))]), close) {
		return 0, 0, false
	}
	i, _ = strconv.Atoi(string(b[len(open):j]))
	return i, j + len(close), true
}

// sentinel stands for the inner text of a {{% %}} call while its template
// runs, so that the inner Markdown, the writer's, keeps its place in the
// source and is never taken for the template's own HTML.
const sentinel = "\uE002inner\uE003"

// HasErrors reports whether errs has an error, not only warnings.
func HasErrors(errs []*Error) bool {
	return slices.ContainsFunc(errs, func(e *Error) bool { return !e.Warning })
}

// Options change how calls are expanded.
type Options struct {
	// EscapeInner gives a {{< >}} call's template its inner text escaped
	// as HTML, shown as the writer wrote it: with raw HTML off, the inner
	// text of a call whose output is not Markdown cannot add HTML.
	EscapeInner bool
}

// Expand expands the calls Parse found in src, rendering each with r, the
// innermost first.
func Expand(src []byte, calls []*Call, r Render, opts Options) (*Expanded, []*Error) {
	x := &expander{src: src, r: r, opts: opts, e: &Expanded{}}
	x.pieces(0, len(src), calls)
	return x.e, x.errs
}

type expander struct {
	src  []byte
	r    Render
	opts Options
	e    *Expanded
	errs []*Error
}

func (x *expander) emit(text string, orig, at int, trusted bool) {
	if text == "" {
		return
	}
	x.e.pieces = append(x.e.pieces, piece{start: len(x.e.Src), orig: orig, at: at, trusted: trusted})
	x.e.Src = append(x.e.Src, text...)
}

// pieces expands src[from:to], which holds calls at its top level.
func (x *expander) pieces(from, to int, calls []*Call) {
	at := from
	for _, c := range calls {
		x.emit(string(x.src[at:c.Start]), at, at, false)
		x.call(c)
		at = c.End
	}
	x.emit(string(x.src[at:to]), at, at, false)
}

// call expands one call into the pieces.
func (x *expander) call(c *Call) {
	switch {
	case c.Escaped:
		x.emit(c.Literal, -1, c.Start, false)
	case !c.Markdown:
		out, errs := x.r(c, x.innerText(c))
		x.errs = append(x.errs, errs...)
		x.emit(Placeholder(len(x.e.HTML)), -1, c.Start, false)
		x.e.HTML = append(x.e.HTML, out)
	default:
		x.markdownCall(c)
	}
}

// markdownCall expands a {{% %}} call: its output in place, with the
// inner Markdown (and the calls inside it) where the template put .Inner.
func (x *expander) markdownCall(c *Call) {
	hasInner := c.InnerEnd > c.InnerStart
	inner := ""
	if hasInner {
		inner = sentinel
	}
	out, errs := x.r(c, inner)
	x.errs = append(x.errs, errs...)
	parts := strings.Split(out, sentinel)
	if hasInner && len(parts) == 1 && !HasErrors(errs) {
		// The template changed .Inner (markdownify, upper…) or left it
		// out: run it with the text itself, whose result is the
		// template's to vouch for. What it warns of again is said once.
		out, errs = x.r(c, x.innerText(c))
		for _, e := range errs {
			if !slices.ContainsFunc(x.errs, func(f *Error) bool { return *f == *e }) {
				x.errs = append(x.errs, e)
			}
		}
		parts = []string{out}
	}
	for i, part := range parts {
		if i > 0 {
			x.pieces(c.InnerStart, c.InnerEnd, c.Children)
		}
		x.emit(part, -1, c.Start, true)
	}
}

// innerText is a call's inner text as its template gets it: the source,
// with the calls inside it expanded (each {{< >}} as its HTML).
func (x *expander) innerText(c *Call) string {
	if c.InnerEnd <= c.InnerStart {
		return ""
	}
	var b strings.Builder
	text := func(s []byte) {
		if x.opts.EscapeInner && !c.Markdown {
			b.WriteString(html.EscapeString(string(s)))
		} else {
			b.Write(s)
		}
	}
	at := c.InnerStart
	for _, k := range c.Children {
		text(x.src[at:k.Start])
		switch {
		case k.Escaped:
			text([]byte(k.Literal))
		default:
			out, errs := x.r(k, x.innerText(k))
			x.errs = append(x.errs, errs...)
			b.WriteString(out)
		}
		at = k.End
	}
	text(x.src[at:c.InnerEnd])
	return b.String()
}
