package diag

import "testing"

func TestPositions(t *testing.T) {
	src := []byte("title: A\nsource: “Ffynnon”\n\nlast")
	lines := NewLines(src)
	// In order, and then back again: both must count the same.
	defer func() {
		for off := range len(src) + 1 {
			if got, want := lines.Pos(off), PosAt(src, off); got != want {
				t.Errorf("Lines.Pos(%d) in order = %v, want %v", off, got, want)
			}
		}
	}()
	for _, c := range []struct {
		off  int
		want Pos
	}{
		{0, Pos{1, 1}},
		{7, Pos{1, 8}},
		{8, Pos{1, 9}},   // the newline itself
		{9, Pos{2, 1}},   // the start of the next line
		{20, Pos{2, 10}}, // after the two-byte-wide quote and "Ff": characters, not bytes
		{len(src), Pos{4, 5}},
		{-3, Pos{1, 1}},
		{len(src) + 10, Pos{4, 5}},
	} {
		if got := PosAt(src, c.off); got != c.want {
			t.Errorf("PosAt(%d) = %v, want %v", c.off, got, c.want)
		}
		if got := lines.Pos(c.off); got != c.want {
			t.Errorf("Lines.Pos(%d) = %v, want %v", c.off, got, c.want)
		}
	}
}

func TestError(t *testing.T) {
	for _, c := range []struct {
		d    Diagnostic
		want string
	}{
		{Errorf("content/a.md", 3, 9, "bad"), "content/a.md:3:9: bad"},
		{Warnf("content/a.md", 3, 0, "odd"), "content/a.md:3: warning: odd"},
		{Errorf("site.toml", 0, 0, "missing"), "site.toml: missing"},
		{Diagnostic{File: "layouts/page.html", Line: 2, Column: 5, Origin: BuiltIn, Message: "boom", Page: "content/a.md"},
			"layouts/page.html (built-in theme):2:5: boom (rendering content/a.md)"},
		{Diagnostic{File: "layouts/page.html", Message: "boom", Page: "content/a.md", Others: 1},
			"layouts/page.html: boom (rendering content/a.md and 1 more page)"},
		{Diagnostic{File: "layouts/page.html", Message: "boom", Page: "/plan/", Others: 4},
			"layouts/page.html: boom (rendering /plan/ and 4 more pages)"},
	} {
		if got := c.d.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
	d := Diagnostic{File: "layouts/a.html", Line: 4, Column: 2, Origin: BuiltIn, Message: "m"}
	if got, want := d.Where(), "layouts/a.html (built-in theme):4:2"; got != want {
		t.Errorf("Where = %q, want %q", got, want)
	}
}

func TestCount(t *testing.T) {
	ds := []Diagnostic{Errorf("a", 1, 1, "x"), Warnf("a", 2, 1, "y"), Errorf("b", 1, 1, "z")}
	if e, w := Count(ds); e != 2 || w != 1 {
		t.Errorf("Count = %d, %d; want 2, 1", e, w)
	}
}
