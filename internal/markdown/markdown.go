// Package markdown converts a page's Markdown to HTML with the one goldmark
// instance a site uses: GFM, typographer, footnotes, definition lists and
// Hugo-compatible heading IDs, with links and images resolved to the URLs
// they are published at and recorded for checking.
package markdown

import (
	"bufio"
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"plansite/internal/images"
	"plansite/internal/shortcode"
)

// Options are the Markdown settings a site can change.
type Options struct {
	// Unsafe renders raw HTML written in Markdown. Off by default.
	Unsafe bool
}

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md     goldmark.Markdown
	unsafe bool
	bufs   sync.Pool
}

// New makes a Converter.
func New(opts Options) *Converter {
	rendererOpts := []renderer.Option{}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM, extension.Typographer, extension.Footnote, extension.DefinitionList,
			linkExtension{}, headingIDExtension{}, shortcodeExtension{unsafe: opts.Unsafe},
		),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md, unsafe: opts.Unsafe, bufs: sync.Pool{New: func() any {
		o := &output{}
		o.w = bufio.NewWriter(&o.buf)
		return o
	}}}
}

// output is a reusable buffer and the writer goldmark writes to it through.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

// Resolver decides what a link or image written in a page points at, and
// the URL it is published with. It is called once per link, while the page
// is converted.
type Resolver interface {
	Resolve(dest string, image bool) Target
}

// Target is what a link destination resolved to.
type Target struct {
	URL string // the href or src to publish
	// Page is the content path of the page linked to ("objectives/skills.md"),
	// File the content path of a file linked to, both empty otherwise.
	Page, File string
	Fragment   string
	External   bool
	// Problem, when set, is why the destination does not resolve; the link
	// is published as written.
	Problem string
}

// Link is a link or image of a page, with its position in the Markdown.
type Link struct {
	Dest   string // as written
	Target Target
	Image  bool
	Text   string // link text, or an image's alt text
	Line   int    // in the converted source, 1-based
	Col    int
	// Sized is the local raster image an image shows, sized and copied.
	Sized *images.Image
}

// Heading is a heading of a page, for its table of contents and for
// checking links to #anchors.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// Result is a converted page.
type Result struct {
	HTML string
	// Summary is the HTML before a <!--more--> divider, nil without one
	// (and empty, not nil, when the divider comes first).
	Summary  []byte
	Headings []Heading
	Links    []Link
}

// Images sizes the local raster images a page shows.
type Images interface {
	// Image sizes the image at a content path ("updates/chart.png"). It
	// returns nil, without an error, for a file it leaves as it is (SVG).
	Image(file string) (*images.Image, error)
}

// Input is a page to convert.
type Input struct {
	Src      []byte   // the Markdown, as written
	Resolver Resolver // nil when links need no resolving
	// Expanded, when the page has shortcodes, is Src with them expanded:
	// what goldmark parses. Positions are still of Src.
	Expanded *shortcode.Expanded
	Images   Images // nil: images are published as written
	// Lazy says that the page's first image is not its first picture
	// (a shortcode's came before it), so that every image loads lazily.
	Lazy bool
}

// Convert renders src. r may be nil when links need no resolving (a
// template's markdownify of a short string).
func (c *Converter) Convert(src []byte, r Resolver) (*Result, error) {
	return c.ConvertPage(Input{Src: src, Resolver: r})
}

// ConvertPage renders a page's Markdown, its shortcodes already expanded.
func (c *Converter) ConvertPage(in Input) (*Result, error) {
	res := &Result{}
	src := in.Src
	if in.Expanded != nil {
		src = in.Expanded.Src
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, &state{resolver: in.Resolver, result: res, unsafe: c.unsafe, orig: in.Src, exp: in.Expanded,
		images: in.Images, imagesSeen: in.Lazy})
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if in.Expanded != nil {
		doc.SetAttributeString(string(expansionKey), in.Expanded)
	}

	// A buffer and a writer over it, reused: goldmark would otherwise
	// make a bufio.Writer for every page.
	out := c.bufs.Get().(*output)
	defer c.bufs.Put(out)
	buf, w := &out.buf, out.w
	buf.Reset()
	w.Reset(buf)
	divider := moreDivider(doc, src)
	if divider == nil {
		if err := c.md.Renderer().Render(w, src, doc); err != nil {
			return nil, err
		}
		w.Flush()
	} else {
		// Render the blocks before the divider, note where the summary
		// ends, then the rest; the divider itself is not published.
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if n == divider {
				w.Flush()
				// Not nil even when empty: the page has a divider.
				res.Summary = append([]byte{}, bytes.TrimSpace(buf.Bytes())...)
				continue
			}
			if err := c.md.Renderer().Render(w, src, n); err != nil {
				return nil, err
			}
		}
		w.Flush()
	}
	res.HTML = buf.String()
	return res, nil
}

// moreDivider finds the first <!--more-->, Hugo's summary divider, at the
// top level: a block of its own, or inside a paragraph, which is then split
// in two around it, as Hugo does. The divider is returned as a block of its
// own, which is not published. A divider deeper down (in a list, a quote)
// is not one, and later ones are raw HTML.
func moreDivider(doc ast.Node, src []byte) ast.Node {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 {
				continue
			}
			var b []byte
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b = append(b, seg.Value(src)...)
			}
			if string(bytes.TrimSpace(b)) == moreTag {
				return n
			}
		case *ast.Paragraph:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if raw, ok := c.(*ast.RawHTML); ok && string(raw.Segments.Value(src)) == moreTag {
					return splitParagraph(doc, n, raw, src)
				}
			}
		}
	}
	return nil
}

const moreTag = "<!--more-->"

// splitParagraph ends paragraph p before the divider at, moves what follows
// the divider into a new paragraph, and puts a divider block between them.
// The space around the divider goes, and a paragraph left empty goes too.
func splitParagraph(doc ast.Node, p *ast.Paragraph, at *ast.RawHTML, src []byte) ast.Node {
	after := ast.NewParagraph()
	after.SetLines(p.Lines())
	for c := at.NextSibling(); c != nil; {
		next := c.NextSibling()
		after.AppendChild(after, c)
		c = next
	}
	p.RemoveChild(p, at)
	// Text nodes left blank at the cut (a space, a line break) go.
	for t, ok := p.LastChild().(*ast.Text); ok; t, ok = p.LastChild().(*ast.Text) {
		t.Segment = t.Segment.TrimRightSpace(src)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		if t.Segment.Len() > 0 {
			break
		}
		p.RemoveChild(p, t)
	}
	for t, ok := after.FirstChild().(*ast.Text); ok; t, ok = after.FirstChild().(*ast.Text) {
		t.Segment = t.Segment.TrimLeftSpace(src)
		if t.Segment.Len() > 0 {
			break
		}
		after.RemoveChild(after, t)
	}
	div := ast.NewHTMLBlock(ast.HTMLBlockType2)
	doc.InsertAfter(doc, p, div)
	if after.HasChildren() {
		doc.InsertAfter(doc, div, after)
	}
	if !p.HasChildren() {
		doc.RemoveChild(doc, p)
	}
	return div
}

// TrimParagraph strips the <p></p> around HTML that is a single paragraph.
func TrimParagraph(h string) string {
	if strings.Count(h, "<p>") != 1 {
		return h
	}
	t := strings.TrimSpace(h)
	if strings.HasPrefix(t, "<p>") && strings.HasSuffix(t, "</p>") {
		return strings.TrimSpace(t[3 : len(t)-4])
	}
	return h
}
