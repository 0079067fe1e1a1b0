package content

import (
	"strconv"
	"strings"
	"testing"

	"plansite/internal/config"
	"plansite/internal/diag"
)

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(`
title = "T"
baseURL = "https://example.org/"
[types.quotes.fields.year]
kind = "int"
required = true
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"
[types.quotes.fields.tags]
kind = "list"
[types.quotes.fields.published]
kind = "date"
[types.quotes.fields.status]
kind = "string"
values = ["planned", "done"]
default = "planned"
`))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The same front matter in the three formats gives the same page, and an
// error in each points at the same field's line and column.
func TestFormats(t *testing.T) {
	tests := []struct {
		name, src, format string
		bodyLine          int
	}{
		{"yaml", "---\ntitle: Q\nyear: 2019\nobjective: skills\ntags: [a, b]\n---\nBody\n", "yaml", 7},
		{"toml", "+++\ntitle = \"Q\"\nyear = 2019\nobjective = \"skills\"\ntags = [\"a\", \"b\"]\n+++\nBody\n", "toml", 7},
		{"json", "{\n  \"title\": \"Q\",\n  \"year\": 2019,\n  \"objective\": \"skills\",\n  \"tags\": [\"a\", \"b\"]\n}\n\nBody\n", "json", 8},
		{"leading blank lines", "\n\n---\ntitle: Q\nyear: 2019\nobjective: skills\ntags: [a, b]\n---\nBody\n", "yaml", 9},
		{"byte order mark", "\xef\xbb\xbf---\ntitle: Q\nyear: 2019\nobjective: skills\ntags: [a, b]\n---\nBody\n", "yaml", 7},
		// Hugo reads a JSON object wherever its braces stand.
		{"json on one line", "{\"title\": \"Q\", \"year\": 2019, \"objective\": \"skills\", \"tags\": [\"a\", \"b\"]}\nBody\n", "json", 2},
		{"json braces inline", "\n{ \"title\": \"Q\", \"year\": 2019,\n  \"objective\": \"skills\", \"tags\": [\"a\", \"b\"] }\n\nBody\n", "json", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ds := Parse("quotes/q.md", []byte(tt.src), testConfig(t))
			if len(ds) > 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			if p.Format != tt.format || p.Meta.Title != "Q" || p.Params["year"] != 2019 {
				t.Errorf("format %q, title %q, year %#v", p.Format, p.Meta.Title, p.Params["year"])
			}
			if got := p.Params["tags"]; len(got.([]string)) != 2 {
				t.Errorf("tags = %#v", got)
			}
			if p.Params["status"] != "planned" {
				t.Errorf("default not applied: status = %#v", p.Params["status"])
			}
			if len(p.Refs) != 1 || p.Refs[0].Name != "skills" || p.Refs[0].Section != "objectives" {
				t.Errorf("refs = %+v", p.Refs)
			}
			if strings.TrimSpace(string(p.Body)) != "Body" || p.BodyLine != tt.bodyLine {
				t.Errorf("body %q on line %d, want on line %d", p.Body, p.BodyLine, tt.bodyLine)
			}
		})
	}
}

func TestFieldPositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"yaml value", "---\ntitle: Q\nyear: soon\n---\n", "3:7"},
		{"toml value", "+++\ntitle = \"Q\"\nyear   =   \"soon\"\n+++\n", "3:12"},
		{"json value", "{\n  \"title\": \"Q\",\n  \"year\": \"soon\"\n}\n\n", "3:11"},
		{"yaml in a list", "---\nyear: 1\ntags:\n  - a\n  - {x: 1}\n---\n", "5:5"},
		{"toml unknown key", "+++\nyear = 1\n  colour = \"red\"\n+++\n", "3:3"},
		{"json unknown key", "{\n  \"year\": 1,\n    \"colour\": \"red\"\n}\n\n", "3:5"},
		{"json on one line", "{\"title\": \"Q\", \"year\": \"soon\"}\n", "1:24"},
		{"json on one line, indented", "  {\"year\": 1, \"colour\": \"red\"}\n", "1:15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("quotes/q.md", []byte(tt.src), testConfig(t))
			if len(ds) != 1 {
				t.Fatalf("want one diagnostic, got %v", ds)
			}
			if got := posOf(ds[0]); got != tt.want {
				t.Errorf("position %s, want %s (%s)", got, tt.want, ds[0].Message)
			}
		})
	}
}

func posOf(d diag.Diagnostic) string {
	return strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Column)
}

func TestNotJSON(t *testing.T) {
	for _, src := range []string{"{braces} in the text\n", "{\"a\": 1} and more\n", "{\"a\": 1\n\nText\n", "[1, 2]\n"} {
		p, ds := Parse("a.md", []byte(src), testConfig(t))
		if len(ds) > 0 || p.Format != "" || string(p.Body) != src || p.BodyLine != 1 {
			t.Errorf("%q: format %q, body %q on line %d, diagnostics %v", src, p.Format, p.Body, p.BodyLine, ds)
		}
	}
}

// Odd but valid input: an empty file, a file of front matter alone, a
// page without front matter, non-ASCII names, a very large page.
func TestOddInput(t *testing.T) {
	cfg := testConfig(t)
	tests := []struct {
		name, path, src string
	}{
		{"empty file", "a.md", ""},
		{"front matter only", "a.md", "---\ntitle: A\n---"},
		{"no front matter", "a.md", "# Just Markdown\n\nText.\n"},
		{"empty front matter", "a.md", "---\n---\nBody\n"},
		{"non-ASCII name", "größe/ünïcode.md", "---\ntitle: Ünïcode\n---\n"},
		{"thematic break first", "a.md", "Text\n\n---\n\nMore\n"},
		{"empty JSON object", "a.md", "{}\n\nBody\n"},
		{"empty TOML key", "a.md", "+++\n\"\" = '0' \n+++\n"},
		{"large page", "a.md", "---\ntitle: Big\n---\n" + strings.Repeat("A paragraph of words, words and words.\n\n", 50000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ds := Parse(tt.path, []byte(tt.src), cfg)
			if len(ds) > 0 {
				t.Fatalf("diagnostics: %v", ds)
			}
			if p == nil || p.Path != tt.path {
				t.Fatalf("page = %+v", p)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"A new objective":            "a-new-objective",
		"  Reading -- for pleasure ": "reading-for-pleasure",
		"Children’s Promise":         "children-s-promise",
		"Ünïcode: ok?":               "ünïcode-ok",
		"../../etc/passwd":           "etc-passwd",
	} {
		if got := Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestAliasBomb checks that YAML aliases cannot make a few lines expand to
// billions of values.
func TestAliasBomb(t *testing.T) {
	src := "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n"
	_, ds := Parse("a.md", []byte(src), testConfig(t))
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "too many values") {
		t.Fatalf("diagnostics: %v", ds)
	}
}

// FuzzParse loads a page from arbitrary bytes: it must never panic, and a
// page it returns keeps its path.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nBody", "+++\ntitle = 'A'\n+++\n", "{\n\"title\": \"A\"\n}\n\nBody",
		"---\nyear: [1, {a: b}]\nobjective: x\n---\n", "---\n&a x: *a\n---\n", "---\n<<: {a: 1}\n---\n",
		"+++\n[[actions]]\ntext = 'a'\n+++\n", "---yaml\nx: 1\n---\n", ";;;\n{\"a\":1}\n;;;\n", "\xef\xbb\xbf---\n",
		"+++\na = [[1, {b.c = '''x]'''}], \"\"\"y\\\"\"\"\"] # [\n\"q.r\".s = 'a\\'\n[t . 'u']\n+++\n",
	} {
		f.Add([]byte(s))
	}
	cfg := testConfig(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ds := Parse("quotes/q.md", data, cfg)
		if p == nil || p.Path != "quotes/q.md" {
			t.Fatalf("Parse returned %+v", p)
		}
		for _, d := range ds {
			if d.File != "content/quotes/q.md" || d.Line < 0 || d.Column < 0 {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
	})
}

// TestEmptyValues checks that a field left empty is as good as not given:
// a built-in one is not an error, and a declared one takes its default.
func TestEmptyValues(t *testing.T) {
	p, ds := Parse("quotes/q.md", []byte("---\ntitle:\ndate:\nyear: 2019\nstatus:\ntags:\n---\n"), testConfig(t))
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	if p.Meta.Title != "" || !p.Meta.Date.IsZero() || p.Params["status"] != "planned" {
		t.Errorf("title %q, date %v, status %#v; want empty, zero, the default \"planned\"", p.Meta.Title, p.Meta.Date, p.Params["status"])
	}
	if _, ok := p.Params["tags"]; ok {
		t.Errorf("tags = %#v, want none", p.Params["tags"])
	}
}
