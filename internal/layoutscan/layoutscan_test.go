package layoutscan

import "testing"

func TestUnclosed(t *testing.T) {
	for _, c := range []struct {
		src  string
		pos  int // -1: nothing open
		what string
	}{
		{`<p class="a">text</p>`, -1, ""},
		{`<a title="a > b" href="{{ .X }}">x</a>`, -1, ""},
		{`<a href="{{ printf "%s" .X }}">x</a>`, -1, ""}, // quotes inside an action are not HTML's
		{`<a href="{{ .X }}>x</a>`, 8, "this quote is never closed, so the rest of the layout is inside the attribute: close it with \""},
		{"<div>\n<img src='x.png' alt='a\n</div>", 27, "this quote is never closed, so the rest of the layout is inside the attribute: close it with '"},
		{`<p class="x" {{ .Attrs }}`, 0, "this tag is never closed with >"},
		{`<p>a</p><!-- note`, 8, "this comment is never closed with -->"},
		{`<p>3 < 4 and don't</p>`, -1, ""},
	} {
		pos, what, ok := Unclosed([]byte(c.src))
		if ok != (c.pos >= 0) || ok && (pos != c.pos || what != c.what) {
			t.Errorf("Unclosed(%q) = %d, %q, %v; want %d, %q", c.src, pos, what, ok, c.pos, c.what)
		}
	}
}
