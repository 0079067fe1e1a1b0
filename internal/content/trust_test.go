package content

import (
	"fmt"
	"strings"
	"testing"
)

// TestDuplicateKeys checks that a key given twice is an error at the
// second, in every format, at any depth, with keys compared as Hugo reads
// them (Title is title): YAML and JSON let the last one win in silence.
func TestDuplicateKeys(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"YAML", "---\ntitle: A\ntags: [a]\ntitle: B\n---\n",
			"content/a.md:4:1: title is given twice (first on line 2): keep one"},
		{"YAML, plain lines", "---\ntitle: A\ntitle: B\n---\n",
			"content/a.md:3:1: title is given twice (first on line 2): keep one"},
		{"YAML, another case", "---\ntitle: A\nTitle: B\n---\n",
			"content/a.md:3:1: Title is given twice (first on line 2, as title): keep one"},
		{"YAML, flow", "---\nparams: {colour: red, Colour: blue}\n---\n",
			"content/a.md:2:23: params.Colour is given twice (first at column 10, as colour): keep one"},
		{"YAML, in a record", "---\nactions:\n  - text: A\n  - text: B\n    status: done\n    text: C\n---\n",
			"content/a.md:6:5: actions[2].text is given twice (first on line 4): keep one"},
		{"YAML, every one", "---\ntitle: A\nweight: 1\ntitle: B\nweight: 2\n---\n",
			"content/a.md:4:1: title is given twice (first on line 2): keep one\n" +
				"content/a.md:5:1: weight is given twice (first on line 3): keep one"},
		{"JSON", "{\n  \"title\": \"A\",\n  \"title\": \"B\"\n}\n\n",
			"content/a.md:3:3: title is given twice (first on line 2): keep one"},
		{"JSON, on one line", "{\"title\": \"A\", \"Title\": \"B\"}\n",
			"content/a.md:1:16: Title is given twice (first at column 2, as title): keep one"},
		{"JSON, in a record", "{\n  \"actions\": [{\"text\": \"A\",\n    \"TEXT\": \"B\"}]\n}\n\n",
			"content/a.md:3:5: actions[1].TEXT is given twice (first on line 2, as text): keep one"},
		{"TOML, another case", "+++\ntitle = \"A\"\nTitle = \"B\"\n+++\n",
			"content/a.md:3:1: Title is given twice (first on line 2, as title): keep one"},
		{"TOML, in a record", "+++\n[[actions]]\ntext = \"A\"\n[[actions]]\ntext = \"B\"\nText = \"C\"\n+++\n",
			"content/a.md:6:1: actions[2].Text is given twice (first on line 5, as text): keep one"},
		// Many keys are compared through a set, not pair by pair.
		{"YAML, many keys", "---\n" + manyKeys(20, " x") + "K3: again\n---\n",
			"content/a.md:22:1: K3 is given twice (first on line 4, as k3): keep one"},
	}
	cfg := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("a.md", []byte(tt.src), cfg)
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
	// A YAML merge key's fields are defaults that the map's own fields
	// override: not given twice.
	p, ds := Parse("a.md", []byte("---\n<<: {title: A, weight: 3}\ntitle: B\n---\n"), cfg)
	if len(ds) > 0 || p.Meta.Title != "B" || p.Meta.Weight != 3 {
		t.Errorf("merge key: title %q, weight %d, %v", p.Meta.Title, p.Meta.Weight, ds)
	}
}

// manyKeys is YAML front matter of n fields, k1 to kn, each of the value
// val.
func manyKeys(n int, val string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "k%d:%s\n", i, val)
	}
	return b.String()
}

// TestFrontMatterBounds checks that front matter nested too deeply, with
// too many values or too large is refused, in every format alike, at the
// value where it goes over, and before TOML's decoder, which took
// seconds, and hundreds of MB, over a few thousand levels of nesting.
func TestFrontMatterBounds(t *testing.T) {
	const (
		deep  = "front matter is nested too deeply (more than 64 levels)"
		many  = "front matter has too many values (more than 100000)"
		large = "front matter is larger than 1 MiB: move long text into the page's body"
	)
	n, w, big := 5000, 150000, strings.Repeat("x", 1<<20)
	nest := func(open, inner, close string, k int) string {
		return strings.Repeat(open, k) + inner + strings.Repeat(close, k)
	}
	tests := []struct{ name, src, want string }{
		{"TOML, lists", "+++\na = " + nest("[", "", "]", n) + "\n+++\n", "2:69: " + deep},
		{"TOML, tables in a line", "+++\na = " + nest("{b = ", "1", "}", n) + "\n+++\n", "2:325: " + deep},
		{"TOML, a dotted key", "+++\n" + strings.Repeat("a.", n) + "a = 1\n+++\n", "2:129: " + deep},
		{"TOML, a table", "+++\n[" + strings.Repeat("a.", n) + "a]\nb = 1\n+++\n", "2:130: " + deep},
		{"TOML, an array of tables", "+++\n[[" + strings.Repeat("a.", 63) + "a]]\nb = 1\n+++\n", "2:1: " + deep},
		{"TOML, a key of a table", "+++\n[" + strings.Repeat("a.", 63) + "a]\nb = 1\n+++\n", "3:5: " + deep},
		{"TOML, a value in lists", "+++\na = " + nest("[", "1", "]", 64) + "\n+++\n", "2:69: " + deep},
		{"TOML, wide", "+++\na = [" + strings.Repeat("1,", w) + "1]\n+++\n", "2:200002: " + many},
		{"TOML, many fields", "+++\n" + tomlKeys(100001) + "+++\n", "100001:9: " + many},
		{"TOML, large", "+++\ntitle = \"" + big + "\"\n+++\n", "1:1: " + large},
		{"YAML, lists", "---\na: " + nest("[", "", "]", n) + "\n---\n", "2:68: " + deep},
		{"YAML, lists deeper than yaml.v3 reads", "---\na: " + nest("[", "", "]", 20000) + "\n---\n", "2:68: " + deep},
		{"YAML, fields", "---\n" + indented(100) + "---\n", "67:66: " + deep},
		{"YAML, wide", "---\na: [" + strings.Repeat("1,", w) + "1]\n---\n", "2:200001: " + many},
		{"YAML, many fields", "---\n" + manyKeys(100001, "") + "---\n", "100001:9: " + many},
		{"YAML, large", "---\ntitle: " + big + "\n---\n", "1:1: " + large},
		{"JSON, lists", "{\n\"a\": " + nest("[", "", "]", n) + "\n}\n\n", "2:70: " + deep},
		{"JSON, wide", "{\n\"a\": [" + strings.Repeat("1,", w) + "1]\n}\n\n", "2:200003: " + many},
		{"JSON, large", "{\n\"title\": \"" + big + "\"\n}\n\n", "1:1: " + large},
	}
	cfg := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("a.md", []byte(tt.src), cfg)
			if len(ds) != 1 || posOf(ds[0])+": "+ds[0].Message != tt.want {
				t.Errorf("got  %.300v\nwant %s", ds, tt.want)
			}
		})
	}
	// Up to the bounds, all is well.
	for _, src := range []string{
		"+++\na = " + nest("[", "", "]", 64) + "\n+++\n",
		"+++\na = " + nest("[", "1", "]", 63) + "\n+++\n",
		"+++\n[" + strings.Repeat("a.", 62) + "a]\nb = 1\n+++\n",
		"---\na: " + nest("[", "", "]", 64) + "\n---\n",
		"{\n\"a\": " + nest("[", "", "]", 64) + "\n}\n\n",
		"+++\na = [" + strings.Repeat("1,", 99997) + "1]\n+++\n",
		// Sorting the keys by their positions took time quadratic in
		// their number: many minutes for these.
		"+++\n" + tomlKeys(99999) + "+++\n",
		"---\na: [" + strings.Repeat("1,", 99997) + "1]\n---\n",
		"{\n\"a\": [" + strings.Repeat("1,", 99997) + "1]\n}\n\n",
	} {
		if _, ds := Parse("a.md", []byte(src), cfg); len(ds) > 0 {
			t.Errorf("%.80q: %.300v", src, ds)
		}
	}
}

// indented is YAML of n fields, each nested in the one before.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return b.String()
}

// tomlKeys is TOML front matter of n fields, k1 to kn.
func tomlKeys(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "k%d=1\n", i)
	}
	return b.String()
}

// TestNotUTF8 checks that a file that is not UTF-8 (saved as Latin-1, say)
// is warned of at its first such byte, and that each such byte becomes
// U+FFFD in the body and in front matter values, so that a page (which
// declares UTF-8) and the feed (which replaced them) say the same. YAML
// and TOML refused such values, and JSON replaced them without a word.
func TestNotUTF8(t *testing.T) {
	const warn = "warning: this file is not UTF-8 text (this byte is the first that is not): save it as UTF-8 in your editor; until then each such byte is published as \uFFFD"
	tests := []struct{ name, src, want, title, body string }{
		{"body", "---\ntitle: Café\n---\n\nA caf\xe9 and a na\xefve \xff\xfe.\n", "content/a.md:5:6: " + warn,
			"Café", "\nA caf\uFFFD and a na\uFFFDve \uFFFD\uFFFD.\n"},
		{"no front matter", "caf\xe9\n", "content/a.md:1:4: " + warn, "", "caf\uFFFD\n"},
		{"YAML", "---\ntitle: Caf\xe9\n---\nBody\n", "content/a.md:2:11: " + warn, "Caf\uFFFD", "Body\n"},
		{"YAML, quoted", "---\ntitle: \"Caf\xe9\"\n---\nBody\n", "content/a.md:2:12: " + warn, "Caf\uFFFD", "Body\n"},
		{"TOML", "+++\ntitle = \"Caf\xe9\"\n+++\nBody\n", "content/a.md:2:13: " + warn, "Caf\uFFFD", "Body\n"},
		{"JSON", "{\n\"title\": \"Caf\xe9\"\n}\n\nBody\n", "content/a.md:2:14: " + warn, "Caf\uFFFD", "Body\n"},
	}
	cfg := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ds := Parse("a.md", []byte(tt.src), cfg)
			if len(ds) != 1 || ds[0].Error() != tt.want {
				t.Errorf("got  %v\nwant %s", ds, tt.want)
			}
			if p.Meta.Title != tt.title || string(p.Body) != tt.body {
				t.Errorf("title %q, body %q; want %q, %q", p.Meta.Title, p.Body, tt.title, tt.body)
			}
		})
	}
}

// TestScripts checks the warning for a file of content/ that is published
// as it is and runs a script, which raw HTML being off does not stop: at
// the first <script>, event handler or javascript: link, and none for a
// file that only mentions them.
func TestScripts(t *testing.T) {
	const rest = "; it is published as it is, and raw HTML is off: remove the script, or set [markup] unsafe = true in site.toml"
	tests := []struct{ name, file, src, want string }{
		{"script in an SVG", "chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n    <script>alert(1)</script>\n  </g>\n</svg>\n",
			"content/chart.svg:3:5: warning: this file has a script (<script>)" + rest},
		{"script in capitals", "a/page.HTML", "<!doctype html>\n<SCRIPT src=x.js></SCRIPT>\n",
			"content/a/page.HTML:2:1: warning: this file has a script (<script>)" + rest},
		{"event handler", "chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"\n     width=\"10\" onLoad=\"alert(1)\">\n</svg>\n",
			"content/chart.svg:2:17: warning: this file has a script (the event handler onload=)" + rest},
		{"event handler unquoted", "p.htm", "<p>Text</p><img src=x onerror=alert(1)>\n",
			"content/p.htm:1:23: warning: this file has a script (the event handler onerror=)" + rest},
		{"javascript: link", "p.xhtml", "<html><body>\n<a href=\"  JavaScript:alert(1)\">x</a>\n</body></html>\n",
			"content/p.xhtml:2:10: warning: this file has a script (a javascript: link)" + rest},
		{"javascript: link in character references", "p.html", "<a href='&#106;ava&#x09;script:alert(1)'>x</a>\n",
			"content/p.html:1:10: warning: this file has a script (a javascript: link)" + rest},
		{"xlink:href in SVG", "c.svg", "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
			"content/c.svg:1:21: warning: this file has a script (a javascript: link)" + rest},
		{"after a comment and CDATA", "c.svg", "<svg><!-- <script> -->\n<style><![CDATA[ a > b {} ]]></style><desc><![CDATA[ <script> ]]></desc><script/></svg>",
			"content/c.svg:2:73: warning: this file has a script (<script>)" + rest},
		{"only mentions", "c.svg", "<svg><!-- <script> --><desc>onload=x, javascript:x</desc><text title=\"javascript:\">x</text></svg>", ""},
		{"not a page", "notes.txt", "<script>alert(1)</script>", ""},
		{"an image", "photo.png", "\x89PNG\r\n<script>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if d, ok := Scripts(tt.file, []byte(tt.src)); ok {
				got = d.Error()
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
