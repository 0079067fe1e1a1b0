package render

import "testing"

// TestDeclSyntaxError checks that a declaration that is not TOML is an
// error at its place in the template, on the marker's line too, in
// plansite's words.
func TestDeclSyntaxError(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{{/* plansite:shortcode\n[args.n]\nkind = \"int\"\nkind = \"string\"\n*/}}x",
			"x.html:4:1: the shortcode's declaration: args.n.kind is already set above: keep one of the two"},
		{"{{- /* plansite:shortcode\n[args.n]\n  kind = int\n*/ -}}x",
			`x.html:3:10: the shortcode's declaration: expected value but found "nt" instead`},
		{"{{/* plansite:shortcode inner = = \"x\"\n*/}}x",
			"x.html:1:33: the shortcode's declaration: expected value but found '=' instead"},
	} {
		_, err := parseDecl("x.html", []byte(c.src))
		if err == nil || err.Error() != c.want {
			t.Errorf("parseDecl(%q) = %v, want %s", c.src, err, c.want)
		}
	}
}
