package render

import "testing"

func TestTokenColumn(t *testing.T) {
	src := []byte("{{ define \"main\" }}\n<p>{{ .Title }</p> <b>{{ nope 1 }}</b>\n  {{- end }}\n")
	for _, c := range []struct {
		line int
		msg  string
		want int
	}{
		{2, `unexpected "}" in operand`, 14},
		{2, `function "nope" not defined`, 26},
		{3, `unexpected {{end}}`, 3},
		{2, `something else`, 0},
		{9, `unexpected "}" in operand`, 0},
	} {
		if got := tokenColumn(src, c.line, c.msg); got != c.want {
			t.Errorf("tokenColumn(line %d, %q) = %d, want %d", c.line, c.msg, got, c.want)
		}
	}
}
