// Package sharecard draws the image shown where a link to a page is shared
// (Open Graph, Twitter cards): 1200×630 pixels, the page's words on the
// theme's colours, in Atkinson Hyperlegible Next (SIL Open Font License),
// embedded in the binary. Text wraps, and shrinks until it fits its box;
// it never runs out of it. The same page always gives the same bytes.
package sharecard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"plansite/internal/tomlpos"
)

// Width and Height are the card's size: what Open Graph and X recommend.
const Width, Height = 1200, 630

// Layout is a theme's card: its background and the blocks drawn on it, in
// order, read from layouts/_sharecard.toml.
type Layout struct {
	Background string   `toml:"background"`
	Rects      []*Rect  `toml:"rect"`
	Texts      []*Block `toml:"text"`
	bg         color.RGBA
	src        []byte
	fonts      *fonts
}

// Rect is a filled rectangle (a rule, a band).
type Rect struct {
	X, Y, W, H int
	Color      string
	c          color.RGBA
}

// Block is text drawn in a box: its template (text/template, over the
// page's Title, Params, Kind, Section and the Site's Title, Params and
// Organisation), shown only when the page's param When is set, or Unless
// is not.
type Block struct {
	Text         string
	When, Unless string
	X, Y, W, H   int
	// Size is the largest type size in pixels, Min the smallest it shrinks
	// to before the text is cut short with an ellipsis.
	Size, Min int
	Weight    int // 400 or 700
	Color     string
	Bottom    bool    // set the text at the bottom of its box
	Leading   float64 // line height, as a multiple of the size (1.2)
	c         color.RGBA
	tpl       *template.Template
}

// Error is a mistake in a layout, at its line and column.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// Parse reads a layout. Errors are *Error, at the line of the setting.
func Parse(src []byte) (*Layout, error) {
	fs, err := parseFonts()
	if err != nil {
		return nil, err
	}
	l := &Layout{src: src, fonts: fs}
	md, err := toml.Decode(string(src), l)
	if err != nil {
		if pe, ok := err.(toml.ParseError); ok {
			at, msg := tomlpos.ErrorAt(src, pe)
			return nil, &Error{Line: at.Line, Col: at.Col, Msg: msg}
		}
		return nil, &Error{Line: 1, Col: 1, Msg: err.Error()}
	}
	keys, vals := tomlpos.FindValues(src, md.Keys(), 0)
	// at is the place of the n-th key's value, or of the n-th table
	// holding it, or the top of the file.
	at := func(key, table string, n int, err error) error {
		p := vals.Nth(key, n)
		if p.Line == 0 {
			p = keys.Nth(table, n)
		}
		return &Error{Line: max(p.Line, 1), Col: max(p.Col, 1), Msg: err.Error()}
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, at(u[0].String(), "", 0, fmt.Errorf("unknown setting %q: a card has background, [[rect]] (x, y, w, h, color) and [[text]] (text, when, unless, x, y, w, h, size, min, weight, color, bottom, leading)", u[0].String()))
	}
	if l.bg, err = parseColor(l.Background); err != nil {
		return nil, at("background", "", 0, fmt.Errorf("background: %w", err))
	}
	for i, r := range l.Rects {
		if r.c, err = parseColor(r.Color); err != nil {
			return nil, at("rect.color", "rect", i, fmt.Errorf("rect %d: %w", i+1, err))
		}
	}
	for i, b := range l.Texts {
		if key, err := b.prepare(); err != nil {
			return nil, at("text."+key, "text", i, fmt.Errorf("text %d: %w", i+1, err))
		}
	}
	return l, nil
}

// prepare checks a block and fills in its defaults. An error comes with
// the setting it is about.
func (b *Block) prepare() (string, error) {
	var err error
	if b.c, err = parseColor(b.Color); err != nil {
		return "color", err
	}
	if b.W <= 0 || b.H <= 0 || b.X < 0 || b.Y < 0 || b.X+b.W > Width || b.Y+b.H > Height {
		return "x", fmt.Errorf("its box (x %d, y %d, w %d, h %d) must lie inside the card's %d×%d", b.X, b.Y, b.W, b.H, Width, Height)
	}
	if b.Size == 0 {
		b.Size = 48
	}
	if b.Min == 0 || b.Min > b.Size {
		b.Min = min(b.Size, 20)
	}
	if b.Weight == 0 {
		b.Weight = 400
	}
	if b.Weight != 400 && b.Weight != 700 {
		return "weight", fmt.Errorf("weight %d: the card's font has 400 and 700", b.Weight)
	}
	if b.Leading == 0 {
		b.Leading = 1.2
	}
	b.tpl, err = template.New("text").Option("missingkey=zero").Parse(b.Text)
	return "text", err
}

func parseColor(s string) (color.RGBA, error) {
	h := strings.TrimPrefix(s, "#")
	if len(h) != 6 {
		return color.RGBA{}, fmt.Errorf("colour %q: write it as #rrggbb", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.RGBA{}, fmt.Errorf("colour %q: write it as #rrggbb", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}

// Data is what a block's text is made from.
type Data struct {
	Title, Kind, Section string
	Params               map[string]any
	Site                 SiteData
}

// SiteData is the site as a card's text sees it.
type SiteData struct {
	Title, Organisation string
	Params              map[string]any
}

// Card is a page's card: the layout and the text of each of its blocks
// ("" for a block not shown).
type Card struct {
	Layout *Layout
	Texts  []string
}

// Card fills the layout's blocks for a page.
func (l *Layout) Card(d Data) (*Card, error) {
	c := &Card{Layout: l, Texts: make([]string, len(l.Texts))}
	for i, b := range l.Texts {
		if (b.When != "" && empty(d.Params[strings.ToLower(b.When)])) || (b.Unless != "" && !empty(d.Params[strings.ToLower(b.Unless)])) {
			continue
		}
		var out bytes.Buffer
		if err := b.tpl.Execute(&out, d); err != nil {
			return nil, fmt.Errorf("text %d: %w", i+1, err)
		}
		c.Texts[i] = strings.Join(strings.Fields(out.String()), " ")
	}
	return c, nil
}

func empty(v any) bool { return v == nil || fmt.Sprint(v) == "" }

// Alt is the card's text, as og:image:alt gives it to readers who cannot
// see the card: each block's words, in order, as sentences.
func (c *Card) Alt() string {
	var parts []string
	for _, t := range c.Texts {
		if t == "" {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(t); !strings.ContainsRune(".!?…’”", r) {
			t += "."
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, " ")
}

// Name is the card's file name: a hash of all that its pixels depend on,
// so that a changed card gets a new address, which social networks fetch
// afresh.
func (c *Card) Name() string {
	h := sha256.New()
	fmt.Fprintf(h, "sharecard %s\x00%s", drawVersion, c.Layout.src)
	for _, t := range c.Texts {
		fmt.Fprintf(h, "\x00%s", t)
	}
	return hex.EncodeToString(h.Sum(nil)[:10]) + ".png"
}
