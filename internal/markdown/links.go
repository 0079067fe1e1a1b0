package markdown

import (
	"bytes"
	"strings"

	"plansite/internal/diag"
	"plansite/internal/shortcode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// stateKey carries a conversion's resolver and result through goldmark's
// parser context to the transformer.
var stateKey = parser.NewContextKey()

type state struct {
	resolver Resolver
	result   *Result
	unsafe   bool        // raw HTML, and links of any scheme, are published
	lines    *diag.Lines // of orig, built on first use
	// orig is the Markdown as written; exp, when the page has
	// shortcodes, what was parsed, mapping back to orig.
	orig []byte
	exp  *shortcode.Expanded
	// images sizes local images; imagesSeen says an image came before.
	images     Images
	imagesSeen bool
}

// linkExtension adds the transformer that resolves links and collects
// headings; it adds nothing else.
type linkExtension struct{}

func (linkExtension) Extend(m goldmark.Markdown) {
	// Before the footnote transformer (priority 999; lower runs first) and
	// after the heading IDs (5).
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 10)))
}

type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			line := 0
			if n.Lines().Len() > 0 {
				line, _ = st.pos(src, n.Lines().At(0).Start)
			}
			st.result.Headings = append(st.result.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src), Line: line})
		case *ast.Link:
			n.Destination = st.link(n, n.Destination, false, src)
		case *ast.Image:
			n.Destination = st.link(n, n.Destination, true, src)
			st.size(n)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && string(n.Protocol) == "http" {
				// A bare www. address, which goldmark links with the
				// http:// CommonMark calls for; Hugo makes it https://.
				n.Protocol = []byte("https")
			}
			if n.AutoLinkType == ast.AutoLinkURL {
				url := string(n.URL(src))
				line, col := st.pos(src, autoLinkStart(n, src))
				t := Target{URL: url, External: true}
				if p := st.refused(url); p != "" {
					t = Target{Problem: p}
				}
				st.result.Links = append(st.result.Links, Link{Dest: url, Target: t, Text: url, Line: line, Col: col})
			}
		}
		return ast.WalkContinue, nil
	})
}

// link resolves one destination and records the link.
func (st *state) link(n ast.Node, dest []byte, image bool, src []byte) []byte {
	l := Link{Dest: string(dest), Image: image, Text: plainText(n, src)}
	off, inText := startOfText(n, src)
	if inText && off > 0 && !image {
		off-- // the [ before the link text
	} else if inText && off > 1 && image {
		off -= 2 // the ![
	}
	l.Line, l.Col = st.pos(src, off)
	if p := st.refused(l.Dest); p != "" {
		// goldmark publishes it with an empty address; say why here, at
		// the link, rather than as an empty link in the page.
		l.Target = Target{Problem: p}
		st.result.Links = append(st.result.Links, l)
		return nil
	}
	if st.resolver != nil {
		l.Target = st.resolver.Resolve(l.Dest, image)
	} else {
		l.Target = Target{URL: l.Dest}
	}
	st.result.Links = append(st.result.Links, l)
	if l.Target.URL == l.Dest {
		return dest
	}
	return []byte(l.Target.URL)
}

// refused says why goldmark will not publish a destination, with raw HTML
// off: a javascript:, vbscript:, file: or data: address (images of the
// common types aside) runs code or reads files in the reader's browser.
func (st *state) refused(dest string) string {
	if st.unsafe || !html.IsDangerousURL([]byte(dest)) {
		return ""
	}
	scheme, _, _ := strings.Cut(dest, ":")
	switch scheme = strings.ToLower(strings.TrimSpace(scheme)); scheme {
	case "file":
		return "file: links are not allowed: they lead to a file on the writer's computer; put the file in content/ and link to it"
	case "data":
		return "data: links are not allowed (but for PNG, GIF, JPEG and WebP images): put the file in content/ and link to it"
	}
	return scheme + ": links are not allowed: they run code in the reader's browser; link to a page of the site or to an address (https://…)"
}

// startOf is the offset of the first text inside an inline node, which is
// where the node's source starts, give or take its opening punctuation.
func startOf(n ast.Node, src []byte) int {
	off, _ := startOfText(n, src)
	return off
}

// startOfText is startOf, also saying whether the offset is of the node's
// own text (true) or, for a node without text, of its block (false).
func startOfText(n ast.Node, src []byte) (int, bool) {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off, true
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start, false
		}
	}
	return 0, false
}

// pos converts an offset in the parsed source to a 1-based line and
// column (in runes) of the Markdown as written.
func (st *state) pos(src []byte, off int) (int, int) {
	if st.exp != nil {
		off = st.exp.Orig(off)
		src = st.orig
	}
	if st.lines == nil {
		st.lines = diag.NewLines(src)
	}
	p := st.lines.Pos(off)
	return p.Line, p.Col
}

// plainText is the text of an inline tree, as a screen reader would read it.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// autoLinkStart finds a bare URL in its block's source: an AutoLink keeps
// no segment of its own.
func autoLinkStart(n *ast.AutoLink, src []byte) int {
	start := startOf(n, src)
	label := n.Label(src)
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			lines := p.Lines()
			end := lines.At(lines.Len() - 1).Stop
			if i := bytes.Index(src[start:end], label); i >= 0 {
				return start + i
			}
			break
		}
	}
	return start
}
