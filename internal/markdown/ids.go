package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ids makes heading IDs the way Hugo's default ("github") does, so that a
// link to #an-anchor works the same on plansite and on Hugo: letters, digits
// and _ lower-cased, spaces and hyphens become hyphens, everything else
// (tabs and typographic dashes too) is dropped, and a repeated ID gets -1,
// -2… appended.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Anchorize makes an ID from text as headings get theirs, without the
// number a repeated one gets: Hugo's anchorize.
func Anchorize(s string) string { return string(anchor([]byte(s))) }

func anchor(value []byte) []byte {
	value = bytes.TrimSpace(value)
	b := make([]byte, 0, len(value))
	for len(value) > 0 {
		r, size := utf8.DecodeRune(value)
		switch {
		case r == '-' || r == ' ':
			b = append(b, '-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		value = value[size:]
	}
	return b
}

// Generate implements parser.IDs.
func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	b := anchor(value)
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

// headingIDExtension gives headings their IDs after parsing, from the text a
// reader sees rather than goldmark's raw source line, as Hugo does: a
// heading "A [link](/about/)" gets "a-link", not "a-linkabout", and
// "Dashes -- here" loses the en dash the typographer made of "--".
type headingIDExtension struct{}

func (headingIDExtension) Extend(m goldmark.Markdown) {
	// Before the transformer that records headings (priority 10; lower
	// runs first).
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingIDTransformer{}, 5)))
}

type headingIDTransformer struct{}

// Transform takes the IDs written by hand and makes the others in document
// order, so that a later heading of the same text is the one numbered.
func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := n.(*ast.Heading)
		if !ok {
			// Headings are blocks in blocks: the inline text of a
			// paragraph, a table or code holds none.
			if n.Type() == ast.TypeInline || isLeafBlock(n) {
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		}
		if id, ok := h.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				pc.IDs().Put(b)
			}
			return ast.WalkSkipChildren, nil
		}
		// A heading without text (## alone) gets no ID, as in Hugo.
		if t := headingText(h, src); len(t) > 0 {
			h.SetAttribute([]byte("id"), pc.IDs().Generate(t, ast.KindHeading))
		}
		return ast.WalkSkipChildren, nil
	})
}

// headingText is the text Hugo makes a heading's ID from. Of an inline
// element with children (a link, emphasis, code) only the first child
// counts, as in Hugo, so "A [link with *emphasis*](/)" gives "a-link-with-";
// a bare URL counts for nothing. Named entities, the typographer's
// included, are decoded; numeric ones are not. A setext heading of several
// lines takes its last line.
func headingText(h *ast.Heading, src []byte) []byte {
	var b bytes.Buffer
	for c := h.FirstChild(); c != nil; c = c.NextSibling() {
		inlineText(&b, c, src)
	}
	t := util.ResolveEntityNames(b.Bytes())
	if h.Lines().Len() > 1 {
		if i := bytes.LastIndexByte(t, '\n'); i >= 0 {
			t = t[i+1:]
		}
	}
	return t
}

func inlineText(b *bytes.Buffer, n ast.Node, src []byte) {
	switch n := n.(type) {
	case nil:
	case *ast.RawHTML:
		b.WriteString(strings.TrimSpace(stripTags(string(n.Segments.Value(src)))))
	case *ast.String:
		b.Write(n.Value)
	case *ast.Text:
		b.Write(n.Segment.Value(src))
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte('\n')
		}
	default:
		inlineText(b, n.FirstChild(), src)
	}
}

// stripTags removes tags (and comments) from a piece of raw HTML.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return b.String()
		}
		s = s[i+j+1:]
	}
}

// isLeafBlock reports whether a block holds only inline content.
func isLeafBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.ThematicBreak:
		return true
	}
	return false
}
