package sharecard

import (
	"bytes"
	_ "embed"
	"image"
	"image/draw"
	"image/png"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// drawVersion changes when cards are drawn differently, so that their
// names change with their pixels.
const drawVersion = "1"

var (
	//go:embed fonts/atkinson-hyperlegible-next-400.ttf
	regularTTF []byte
	//go:embed fonts/atkinson-hyperlegible-next-700.ttf
	boldTTF []byte
)

// fonts are the card's typeface, parsed, at its two weights.
type fonts struct{ regular, bold *opentype.Font }

func parseFonts() (*fonts, error) {
	r, err := opentype.Parse(regularTTF)
	if err != nil {
		return nil, err
	}
	b, err := opentype.Parse(boldTTF)
	if err != nil {
		return nil, err
	}
	return &fonts{regular: r, bold: b}, nil
}

// face is the font at a weight and size. A face keeps buffers of its own,
// so each drawing makes its own.
func (fs *fonts) face(weight, size int) (font.Face, error) {
	ft := fs.regular
	if weight == 700 {
		ft = fs.bold
	}
	return opentype.NewFace(ft, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingNone})
}

// Draw draws the card as a PNG.
func (c *Card) Draw() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	l := c.Layout
	draw.Draw(img, img.Bounds(), image.NewUniform(l.bg), image.Point{}, draw.Src)
	for _, r := range l.Rects {
		draw.Draw(img, image.Rect(r.X, r.Y, r.X+r.W, r.Y+r.H).Intersect(img.Bounds()), image.NewUniform(r.c), image.Point{}, draw.Over)
	}
	for i, b := range l.Texts {
		if c.Texts[i] == "" {
			continue
		}
		f, lines, size, err := b.set(l.fonts, c.Texts[i])
		if err != nil {
			return nil, err
		}
		b.setLines(img, f, lines, size)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&out, img); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// set sets text for the block's box: at the largest size from Size down to
// Min at which it fits, wrapped at spaces; at Min, the lines that fit,
// the last ending in an ellipsis. It returns the face, the lines and the
// size.
func (b *Block) set(fs *fonts, text string) (font.Face, []string, int, error) {
	for size := b.Size; ; size -= 2 {
		size = max(size, b.Min)
		f, err := fs.face(b.Weight, size)
		if err != nil {
			return nil, nil, 0, err
		}
		lines := wrap(f, text, b.W)
		if len(lines)*b.lineHeight(size) <= b.H || size == b.Min {
			return f, fit(f, lines, max(1, b.H/b.lineHeight(size)), b.W), size, nil
		}
	}
}

func (b *Block) lineHeight(size int) int { return int(float64(size)*b.Leading + 0.5) }

// setLines draws lines from the top (or bottom) of the box.
func (b *Block) setLines(img *image.RGBA, f font.Face, lines []string, size int) {
	lh := b.lineHeight(size)
	m := f.Metrics()
	top := b.Y
	if b.Bottom {
		top = b.Y + b.H - len(lines)*lh
	}
	clip := img.SubImage(image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H)).(*image.RGBA)
	d := &font.Drawer{Dst: clip, Src: image.NewUniform(b.c), Face: f}
	for i, line := range lines {
		// The baseline sits the font's ascent into the line, with the
		// leading shared above and below.
		base := top + i*lh + (lh-(m.Ascent+m.Descent).Round())/2 + m.Ascent.Round()
		d.Dot = fixed.P(b.X, base)
		d.DrawString(line)
	}
}

// wrap breaks text into lines no wider than w, at spaces; a word wider
// than w on its own is broken where it must be.
func wrap(f font.Face, text string, w int) []string {
	limit := fixed.I(w)
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if font.MeasureString(f, try) <= limit {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		for font.MeasureString(f, word) > limit {
			cut := breakAt(f, word, limit)
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// breakAt is the most bytes of word, whole characters, that fit in limit
// (at least one character).
func breakAt(f font.Face, word string, limit fixed.Int26_6) int {
	cut := 0
	for i := range word {
		if i > 0 && font.MeasureString(f, word[:i]) > limit {
			break
		}
		cut = i
	}
	if cut == 0 {
		for i := range word {
			if i > 0 {
				return i
			}
		}
		return len(word)
	}
	return cut
}

// fit keeps the first n lines, ending the last with an ellipsis when some
// are left out, shortened until it fits in w.
func fit(f font.Face, lines []string, n, w int) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := lines[n-1]
	for {
		try := strings.TrimRight(last, " ,;:.") + "…"
		if font.MeasureString(f, try) <= fixed.I(w) || last == "" {
			lines[n-1] = try
			return lines
		}
		i := strings.LastIndexByte(last, ' ')
		if i < 0 {
			_, size := lastRune(last)
			i = len(last) - size
		}
		last = last[:i]
	}
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 0
}
