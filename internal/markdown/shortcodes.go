package markdown

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"plansite/internal/shortcode"
)

// shortcodeExtension puts the HTML of a page's {{< >}} shortcodes where
// their placeholders are, and publishes the raw HTML a shortcode's template
// wrote (the theme's code), while the writer's raw HTML stays off.
type shortcodeExtension struct{ unsafe bool }

func (e shortcodeExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(placeholderParser{}, 50)),
		parser.WithASTTransformers(util.Prioritized(blockTransformer{}, 20)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer(e), 500)))
}

// KindShortcode is the kind of a {{< >}} shortcode's node.
var KindShortcode = ast.NewNodeKind("Shortcode")

// Shortcode is where a {{< >}} shortcode's HTML goes: inline, or, alone in
// its paragraph, as a block of its own, which Hugo does not wrap in <p>.
type Shortcode struct {
	ast.BaseInline
	HTML string
}

func (n *Shortcode) Kind() ast.NodeKind { return KindShortcode }

func (n *Shortcode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// kindShortcodeBlock is a paragraph that held only shortcodes.
var kindShortcodeBlock = ast.NewNodeKind("ShortcodeBlock")

type shortcodeBlock struct{ ast.BaseBlock }

func (n *shortcodeBlock) Kind() ast.NodeKind { return kindShortcodeBlock }

func (n *shortcodeBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type placeholderParser struct{}

func (placeholderParser) Trigger() []byte { return []byte{'{'} }

func (placeholderParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil || st.exp == nil {
		return nil
	}
	line, seg := block.PeekLine()
	i, n, ok := shortcode.ReadPlaceholder(line)
	// Only where a shortcode put it, and never text the writer typed.
	if !ok || i >= len(st.exp.HTML) || !st.exp.Inserted(seg.Start) || st.exp.Trusted(seg.Start) {
		return nil
	}
	block.Advance(n)
	return &Shortcode{HTML: st.exp.HTML[i]}
}

// blockTransformer takes a paragraph that holds only shortcodes (and the
// spaces between them) out of its <p>, as Hugo does with a shortcode on a
// line of its own: its HTML is a block (a figure, a card) that a <p>
// cannot hold.
type blockTransformer struct{}

func (blockTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil || st.exp == nil || len(st.exp.HTML) == 0 {
		return
	}
	src := reader.Source()
	var paras []*ast.Paragraph
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering && onlyShortcodes(p, src) {
			paras = append(paras, p)
		}
		return ast.WalkContinue, nil
	})
	for _, p := range paras {
		b := &shortcodeBlock{}
		b.SetLines(p.Lines())
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			if _, ok := c.(*Shortcode); ok {
				b.AppendChild(b, c)
			}
			c = next
		}
		p.Parent().ReplaceChild(p.Parent(), p, b)
	}
}

func onlyShortcodes(p *ast.Paragraph, src []byte) bool {
	found := false
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *Shortcode:
			found = true
		case *ast.Text:
			if !util.IsBlank(c.Segment.Value(src)) {
				return false
			}
		default:
			return false
		}
	}
	return found
}

// shortcodeRenderer writes shortcodes' HTML, and raw HTML: the writer's as
// goldmark does (only with raw HTML on), a template's always.
type shortcodeRenderer struct{ unsafe bool }

func (r shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindShortcode, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*Shortcode).HTML)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindShortcodeBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			_ = w.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindRawHTML, r.rawHTML)
}

// trusted reports whether every segment of raw HTML was written by a
// shortcode's template.
func (r shortcodeRenderer) trusted(n ast.Node, segs *text.Segments) bool {
	if r.unsafe {
		return true
	}
	exp := expansionOf(n)
	if exp == nil || segs.Len() == 0 {
		return false
	}
	for i := range segs.Len() {
		s := segs.At(i)
		for off := s.Start; off < s.Stop; off++ {
			if !exp.Trusted(off) {
				return false
			}
		}
	}
	return true
}

func (r shortcodeRenderer) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if entering {
		if r.trusted(n, n.Lines()) {
			for i := range n.Lines().Len() {
				line := n.Lines().At(i)
				_, _ = w.Write(line.Value(src))
			}
		} else {
			_, _ = w.WriteString("<!-- raw HTML omitted -->\n")
		}
	} else if n.HasClosure() {
		segs := text.NewSegments()
		segs.Append(n.ClosureLine)
		if r.trusted(n, segs) {
			_, _ = w.Write(n.ClosureLine.Value(src))
		} else {
			_, _ = w.WriteString("<!-- raw HTML omitted -->\n")
		}
	}
	return ast.WalkContinue, nil
}

func (r shortcodeRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	if r.trusted(n, n.Segments) {
		for i := range n.Segments.Len() {
			s := n.Segments.At(i)
			_, _ = w.Write(s.Value(src))
		}
	} else {
		_, _ = w.WriteString("<!-- raw HTML omitted -->")
	}
	return ast.WalkSkipChildren, nil
}

// expansionKey is the document attribute that carries a conversion's
// expanded shortcodes to the renderer, which sees nodes but not the
// parser's context.
var expansionKey = []byte("plansite-shortcodes")

func expansionOf(n ast.Node) *shortcode.Expanded {
	for ; n != nil; n = n.Parent() {
		if d, ok := n.(*ast.Document); ok {
			v, _ := d.AttributeString(string(expansionKey))
			e, _ := v.(*shortcode.Expanded)
			return e
		}
	}
	return nil
}
