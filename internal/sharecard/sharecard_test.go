package sharecard

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

// defaultLayout is the default theme's card.
func defaultLayout(t *testing.T) *Layout {
	t.Helper()
	src, err := os.ReadFile("../../layouts/_sharecard.toml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func data(title string, params map[string]any) Data {
	return Data{Title: title, Kind: "page", Params: params, Site: SiteData{Title: "Plan", Organisation: "Libraries Connected"}}
}

func drawn(t *testing.T, c *Card) *image.RGBA {
	t.Helper()
	b, err := c.Draw()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != image.Pt(Width, Height) {
		t.Fatalf("the card is %v, want %d×%d", got, Width, Height)
	}
	rgba := image.NewRGBA(img.Bounds())
	for y := range Height {
		for x := range Width {
			rgba.Set(x, y, img.At(x, y))
		}
	}
	return rgba
}

// TestCardIsDeterministic checks that a card is the same bytes every time
// it is drawn, and that its name changes with what it shows and only then.
func TestCardIsDeterministic(t *testing.T) {
	l := defaultLayout(t)
	c1, _ := l.Card(data("The public library workforce has the skills it needs", nil))
	c2, _ := l.Card(data("The public library workforce has the skills it needs", nil))
	b1, err1 := c1.Draw()
	b2, err2 := c2.Draw()
	if err1 != nil || err2 != nil || !bytes.Equal(b1, b2) {
		t.Fatalf("two drawings of one card differ (%v, %v)", err1, err2)
	}
	if c1.Name() != c2.Name() {
		t.Errorf("one card, two names: %s and %s", c1.Name(), c2.Name())
	}
	c3, _ := l.Card(data("Another title", nil))
	if c3.Name() == c1.Name() {
		t.Error("two cards that show different words have one name")
	}
}

// TestCardText checks which blocks a page's card shows, and its alt text:
// a page's title, or for a quote its words and source, with the
// organisation's name.
func TestCardText(t *testing.T) {
	l := defaultLayout(t)
	tests := []struct {
		name string
		d    Data
		alt  string
	}{
		{"page", data("Our vision", nil), "Our vision. Libraries Connected."},
		{"title ending a sentence", data("What next?", nil), "What next? Libraries Connected."},
		{"quote", data("Q3", map[string]any{"quote": "Words that matter.", "source": "A report", "year": 2019}), "‘Words that matter.’ A report, 2019. Libraries Connected."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := l.Card(tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Alt(); got != tt.alt {
				t.Errorf("Alt() = %q, want %q", got, tt.alt)
			}
		})
	}
}

// TestTextFits checks that text is set as large as fits its box, shrinks
// as it grows, is cut with an ellipsis at the least size, and never draws
// a pixel outside its box: the card outside every box is the card drawn
// with no text at all.
func TestTextFits(t *testing.T) {
	l := defaultLayout(t)
	title := l.Texts[0]
	long := strings.Repeat("Libraries change lives ", 60)
	word := strings.Repeat("W", 400)
	tests := []struct {
		name, text string
		size       int  // the size it is set at; 0: below the largest
		cut        bool // ends with an ellipsis
	}{
		{"short", "Our vision", title.Size, false},
		{"a long title", "Deliver the Public Library Skills Strategy to foster a skilled and diverse workforce, supported by a new Programme Board", 0, false},
		{"far too long", long, title.Min, true},
		{"one word wider than the box", word, title.Min, true},
	}
	blank := drawn(t, &Card{Layout: l, Texts: make([]string, len(l.Texts))})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, lines, size, err := title.set(l.fonts, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if tt.size != 0 && size != tt.size || tt.size == 0 && (size >= title.Size || size <= title.Min) {
				t.Errorf("set at %dpx, want %d (0: between %d and %d)", size, tt.size, title.Min, title.Size)
			}
			if len(lines)*title.lineHeight(size) > title.H {
				t.Errorf("%d lines of %dpx overflow the box's %dpx", len(lines), title.lineHeight(size), title.H)
			}
			if cut := strings.HasSuffix(lines[len(lines)-1], "…"); cut != tt.cut {
				t.Errorf("cut short: %v, want %v (%q)", cut, tt.cut, lines)
			}
			for _, line := range lines {
				if w := font.MeasureString(f, line).Ceil(); w > title.W {
					t.Errorf("line %q is %dpx wide, wider than the box's %d", line, w, title.W)
				}
			}
			c, err := l.Card(data(tt.text, nil))
			if err != nil {
				t.Fatal(err)
			}
			img := drawn(t, c)
			ink := 0
			for y := range Height {
				for x := range Width {
					in := false
					for _, b := range l.Texts {
						in = in || image.Pt(x, y).In(image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H))
					}
					if img.RGBAAt(x, y) != blank.RGBAAt(x, y) {
						if !in {
							t.Fatalf("a pixel drawn at %d,%d, outside every text box", x, y)
						}
						ink++
					}
				}
			}
			if ink == 0 {
				t.Error("no text drawn")
			}
		})
	}
}

// TestParseErrors checks that a theme's card layout that cannot be drawn
// is refused with what is wrong, at the line and column of the setting.
func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`background = "#fff"`, `1:14: background: colour "#fff": write it as #rrggbb`},
		{"background = \"#000000\"\n[[text]]\ntext = \"x\"\nx = 1000\ny = 0\nw = 400\nh = 10\ncolor = \"#ffffff\"", "4:5: text 1: its box (x 1000, y 0, w 400, h 10) must lie inside the card's 1200×630"},
		{"background = \"#000000\"\n[[text]]\ntext = \"x\"\nw = 10\nh = 10\ncolor = \"#ffffff\"\nweight = 500", "7:10: text 1: weight 500: the card's font has 400 and 700"},
		{"background = \"#000000\"\nfont = \"Comic\"", `2:8: unknown setting "font"`},
		{"background = \"#000000\"\n[[text]]\ntext = \"{{ .Title \"\nw = 10\nh = 10\ncolor = \"#ffffff\"", "3:8: text 1: template: text:1: unclosed action"},
		{"background = \"#000000\"\n[[rect]]\nx = 1\ncolor = \"red\"", `4:9: rect 1: colour "red"`},
		{"background = \"#000000\"\nx = [", "2:5: unexpected EOF"},
	}
	for _, tt := range tests {
		if _, err := Parse([]byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tt.src, err, tt.want)
		}
	}
}
