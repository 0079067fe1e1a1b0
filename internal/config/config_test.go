package config

import (
	"reflect"
	"strings"
	"testing"

	"plansite/internal/diag"
)

const base = "title = \"T\"\nbaseURL = \"https://example.org/\"\n"

// TestProblems parses site.toml files with faults and checks every message
// and position reported, exactly.
func TestProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"TOML syntax", base + "summaryLength = = 3\n",
			`site.toml:3:17: expected value but found '=' instead`},
		{"a key set twice", base + "title = \"Again\"\n",
			`site.toml:3:1: title is already set above: keep one of the two`},
		{"unknown setting with a hint", base + "tittle = \"Oops\"\n",
			`site.toml:3:1: unknown setting "tittle" (did you mean "title"?)`},
		{"unknown setting of one's own", base + "author = \"Us\"\n",
			`site.toml:3:1: unknown setting "author": put settings of your own under [params], where templates find them as .Site.Params`},
		{"unknown setting in a table", base + "[markup]\nunsafee = true\n",
			`site.toml:4:1: unknown setting "markup.unsafee" (did you mean "unsafe"?)`},
		{"unknown setting in a table, no hint", base + "[markup]\ncolour = true\n",
			`site.toml:4:1: unknown setting "markup.colour"; [markup] takes: unsafe`},
		{"unknown setting of a field", base + "[types.quotes.fields.year]\nkidn = \"int\"\n",
			`site.toml:4:1: unknown setting "types.quotes.fields.year.kidn" (did you mean "kind"?)`},
		{"unknown setting of a content type", base + "[types.quotes]\nfeilds = 3\n",
			`site.toml:4:1: unknown setting "types.quotes.feilds" (did you mean "fields"?)`},
		{"unknown setting of the second menu entry", base + "[[menus.main]]\nname = \"A\"\nurl = \"/a/\"\n[[menus.main]]\nname = \"B\"\nurl = \"/b/\"\nwieght = 3\n",
			`site.toml:9:1: unknown setting "menus.main.wieght" (did you mean "weight"?)`},
		{"missing title", "baseURL = \"https://example.org/\"\n",
			`site.toml: title is missing: add title = "Your site" to site.toml`},
		{"title not text", "title = 2019\n",
			`site.toml:1:9: title must be text in quotes, such as title = "Our plan", not the number 2019`},
		{"summaryLength not a number", base + "summaryLength = \"long\"\n",
			`site.toml:3:17: summaryLength must be a whole number, such as summaryLength = 70, not the text "long"`},
		{"types not a table", base + "types = 3\n",
			`site.toml:3:9: types must be a table, such as [types.quotes.fields.year], not the number 3`},
		{"menus not a table", base + "menus = [\"About\"]\n",
			`site.toml:3:9: menus must be a table, such as [[menus.main]], not a list`},
		{"a menu's url not text", base + "[[menus.main]]\nname = \"A\"\nurl = 3\n",
			`site.toml:5:7: menus.main.url must be text in quotes, such as url = "/about/", not the number 3`},
		{"values not all text", base + "[types.q.fields.s]\nvalues = [\"a\", 2]\n",
			`site.toml:4:10: types.q.fields.s.values must be a list of text, such as values = ["planned", "done"], not a list`},
		{"baseURL not http", "title = \"T\"\nbaseURL =  \"ftp://example.org/\"\n",
			`site.toml:2:12: baseURL "ftp://example.org/" must start with https:// (or http://), not ftp://`},
		{"baseURL without its scheme", "title = \"T\"\nbaseURL = \"example.org/plan/\"\n",
			`site.toml:2:11: baseURL "example.org/plan/" needs a scheme: write "https://example.org/plan/" (or start it with / if it is only a path, such as "/plan/")`},
		{"baseURL without its scheme, with two slashes", "title = \"T\"\nbaseURL = \"//example.org/\"\n",
			`site.toml:2:11: baseURL "//example.org/" needs a scheme: write "https://example.org/"`},
		{"baseURL of a host and port", "title = \"T\"\nbaseURL = \"localhost:1313\"\n",
			`site.toml:2:11: baseURL "localhost:1313" needs a scheme: write "https://localhost:1313"`},
		{"baseURL with one slash after its scheme", "title = \"T\"\nbaseURL = \"http:/x\"\n",
			`site.toml:2:11: baseURL "http:/x" needs two slashes after http:, as in "http://x"`},
		{"baseURL without a host", "title = \"T\"\nbaseURL = \"https:///plan/\"\n",
			`site.toml:2:11: baseURL "https:///plan/" has no host name: write it between https:// and the path, as in "https://example.org/plan/"`},
		{"baseURL of another kind", "title = \"T\"\nbaseURL = \"mailto:us@example.org\"\n",
			`site.toml:2:11: baseURL "mailto:us@example.org" must start with https:// (or http://), not mailto:`},
		{"baseURL with a space", "title = \"T\"\nbaseURL = \"https://exa mple.org/\"\n",
			`site.toml:2:11: baseURL "https://exa mple.org/" is not a web address: invalid character " " in host name`},
		{"baseURL with a query", "title = \"T\"\nbaseURL = \"https://example.org/?lang=en\"\n",
			`site.toml:2:11: baseURL "https://example.org/?lang=en" must not have a query or fragment`},
		{"unknown field kind", base + "[types.quotes.fields.year]\nkind = \"integer\"\n",
			`site.toml:4:8: field "year": unknown kind "integer" (did you mean "int"?); the kinds are string, text, int, float, bool, date, list, records, ref, refs`},
		{"ref without section", base + "[types.quotes.fields.objective]\nkind = \"ref\"\n",
			`site.toml:3:1: field "objective" is a ref: say which section it refers to with section = "..."`},
		{"refs without section", base + "[types.quotes.fields]\noffers = { kind = \"refs\" }\n",
			`site.toml:4:1: field "offers" is a refs: say which section it refers to with section = "..."`},
		{"section with a typo", base + "[types.quotes.fields.objective]\nkind = \"ref\"\nsection = \"objectivs\"\n[types.objectives.fields.number]\nkind = \"int\"\n",
			`site.toml:5:11: field "objective" refers to section "objectivs", which has no type (did you mean "objectives"?)`},
		{"records without fields", base + "[types.objectives.fields.actions]\nkind = \"records\"\n",
			`site.toml:3:1: field "actions" holds records: declare their fields under [types.objectives.fields.actions.fields]`},
		{"a built-in field declared", base + "[types.quotes.fields.slug]\nkind = \"string\"\n",
			`site.toml:3:1: field "slug" is built in to every page and cannot be declared`},
		{"default not among the values", base + "[types.q.fields.status]\nvalues = [\"planned\", \"done\"]\ndefault = \"doing\"\n",
			`site.toml:5:11: field "status": default "doing" is not one of the field's values: planned, done`},
		{"default of the wrong kind", base + "[types.q.fields.year]\nkind = \"int\"\ndefault = \"2019\"\n",
			`site.toml:5:11: field "year": default must be a whole number, as the field's kind is int, not the text "2019"`},
		{"menu entry with url and page", base + "[[menus.main]]\nname = \"About\"\nurl = \"/about/\"\npage = \"about\"\n",
			`site.toml:3:1: menu entry "About" has both url and page: keep one`},
		{"menu entry without a name", base + "[[menus.main]]\nname = \"A\"\nurl = \"/a/\"\n[[menus.main]]\nurl = \"/b/\"\n",
			`site.toml:6:1: menu entry 2 of "main" has no name`},
		{"faults in two menu entries", base + "[[menus.main]]\nurl = \"/a/\"\n[[menus.main]]\nname = 3\nurl = \"/b/\"\n",
			"site.toml:3:1: menu entry 1 of \"main\" has no name\nsite.toml:6:8: menus.main.name must be text in quotes, such as name = \"About\", not the number 3"},
		{"menu entry going nowhere", base + "[[menus.footer]]\nname = \"About\"\n",
			`site.toml:3:1: menu entry "About" needs url or page`},
		{"every problem at once, in order", "title = 3\nbaseURL = \"ftp://x/\"\ncolour = \"red\"\n[types.q.fields.o]\nkind = \"ref\"\n",
			"site.toml:1:9: title must be text in quotes, such as title = \"Our plan\", not the number 3\n" +
				"site.toml:2:11: baseURL \"ftp://x/\" must start with https:// (or http://), not ftp://\n" +
				"site.toml:3:1: unknown setting \"colour\": put settings of your own under [params], where templates find them as .Site.Params\n" +
				"site.toml:4:1: field \"o\" is a ref: say which section it refers to with section = \"...\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if _, ok := diag.AsList(err); !ok {
				t.Fatalf("the error carries no diagnostics: %v", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestDefaults checks what a minimal site.toml gets without saying.
func TestDefaults(t *testing.T) {
	c, err := Parse([]byte("title = \"T\"\nbaseURL = \"https://example.org/plan\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := []any{c.BaseURL, c.BasePath(), c.LanguageCode, c.LanguageName, c.SummaryLength, c.FeedLimit, c.Markup.Unsafe, len(c.Params), len(c.Menus), len(c.Types)}
	want := []any{"https://example.org/plan/", "/plan/", "en-GB", "English", 70, 100, false, 0, 0, 0}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if c.Params == nil {
		t.Error("Params is nil: templates ranging over .Site.Params would fail")
	}

	c, err = Parse([]byte("title = \"T\"\nlanguageCode = \"cy\"\nsummaryLength = 0\nfeedLimit = 0\n[markup]\nunsafe = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "/" || c.LanguageCode != "cy" || c.SummaryLength != 0 || c.FeedLimit != 0 || !c.Markup.Unsafe {
		t.Errorf("settings given were not kept: %+v", c)
	}
}

// TestBaseURLs checks the base URLs accepted, and how they are written.
func TestBaseURLs(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "/",
		"https://example.org":        "https://example.org/",
		"http://example.org/plan":    "http://example.org/plan/",
		"https://example.org/a/b/":   "https://example.org/a/b/",
		"https://example.org:8443/x": "https://example.org:8443/x/",
		"/plan/":                     "/plan/",
		"HTTPS://example.org/plan":   "https://example.org/plan/",
	} {
		got, err := NormalizeBaseURL(in)
		if err != nil || got != want {
			t.Errorf("NormalizeBaseURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestTypes checks content types: fields in the order they are declared,
// however they are written, with kinds, defaults given the Go types pages'
// own values have, and records' fields.
func TestTypes(t *testing.T) {
	c, err := Parse([]byte(base + `
[types.quotes.fields.zeta]
kind = "int"
default = 3
[types.quotes.fields.alpha]
required = true
[types.quotes.fields]
mid = { kind = "list", default = ["a", "b"] }
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"

[types.objectives.fields.actions]
kind = "records"
default = [{ text = "Do it" }]
[types.objectives.fields.actions.fields.text]
required = true
[types.objectives.fields.actions.fields.status]
values = ["planned", "done"]
default = "planned"
`))
	if err != nil {
		t.Fatal(err)
	}
	q := c.Types["quotes"]
	if got, want := strings.Join(Names(q.Fields), " "), "zeta alpha mid objective"; got != want {
		t.Errorf("quotes' fields in the order %s, want %s", got, want)
	}
	zeta, alpha, mid, obj := q.Fields[0], q.Fields[1], q.Fields[2], q.Fields[3]
	if zeta.Kind != Int || zeta.Default != 3 {
		t.Errorf("zeta: kind %q, default %#v; want int, 3 (an int, as a page's own value)", zeta.Kind, zeta.Default)
	}
	if alpha.Kind != String || !alpha.Required {
		t.Errorf("alpha: kind %q, required %v; want string, required", alpha.Kind, alpha.Required)
	}
	if !reflect.DeepEqual(mid.Default, []string{"a", "b"}) {
		t.Errorf("mid: default %#v, want []string{a, b}", mid.Default)
	}
	if obj.Kind != Ref || obj.Section != "objectives" || obj.Pos.Line != 11 {
		t.Errorf("objective: %+v", obj)
	}
	actions := c.Types["objectives"].Fields[0]
	if got := strings.Join(Names(actions.Fields), " "); actions.Kind != Records || got != "text status" {
		t.Errorf("actions: kind %q, fields %s", actions.Kind, got)
	}
	if Lookup(q.Fields, "ZETA") != zeta || Lookup(q.Fields, "nothing") != nil {
		t.Error("Lookup is not by name, case-insensitively")
	}
}

// TestParamsAndMenus checks that params keep their values with keys in
// lower case at every depth, as Hugo's are, and that menus are sorted by
// weight, keeping the file's order among equals.
func TestParamsAndMenus(t *testing.T) {
	c, err := Parse([]byte(base + `
[params]
OrganisationURL = "https://example.org/"
Year = 2019
[params.Social]
Mastodon = "@plan"

[[menus.main]]
name = "B"
page = "/objectives/"
weight = 20
[[menus.main]]
name = "A"
url = "/about/"
weight = 10
[[menus.main]]
name = "C"
url = "https://elsewhere.example/"
weight = 20
identifier = "c-link"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"organisationurl": "https://example.org/",
		"year":            int64(2019),
		"social":          map[string]any{"mastodon": "@plan"},
	}
	if !reflect.DeepEqual(c.Params, want) {
		t.Errorf("params %#v, want %#v", c.Params, want)
	}
	var got []string
	for _, e := range c.Menus["main"] {
		got = append(got, e.Name+"|"+e.Page+"|"+e.URL+"|"+e.Identifier)
	}
	if strings.Join(got, " ") != "A||/about/|A B|objectives||B C||https://elsewhere.example/|c-link" {
		t.Errorf("menu: %v", got)
	}
	if p := c.Menus["main"][1].Pos; p != (diag.Pos{Line: 10, Col: 1}) {
		t.Errorf("menu entry B at %v, want 10:1", p)
	}
}

// TestCMS checks [cms]: its defaults, and each problem at its place.
func TestCMS(t *testing.T) {
	cfg, err := Parse([]byte(base + "[cms]\nbackend = \"github\"\nrepo = \"/org/plan/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.CMS
	if c.Repo != "org/plan" || c.Branch != "main" || c.MediaFolder != "content/images" || c.PublicFolder() != "/images" || c.Pos.Line != 3 {
		t.Errorf("[cms] read as %+v", c)
	}
	tests := []struct{ name, src, want string }{
		{"no backend", base + "[cms]\nrepo = \"org/plan\"\n",
			`site.toml:3:1: [cms] has no backend: say where the CMS saves the site, as Decap names it: backend = "github" (one of: azure, bitbucket, git-gateway, gitea, github, gitlab)`},
		{"a backend Decap does not have", base + "[cms]\nbackend = \"githbu\"\nrepo = \"o/r\"\n",
			`site.toml:4:11: cms.backend "githbu" is not a backend Decap CMS has (did you mean "github"?); it takes: azure, bitbucket, git-gateway, gitea, github, gitlab`},
		{"no repository", base + "[cms]\nbackend = \"gitlab\"\n",
			`site.toml:4:11: [cms] backend "gitlab" needs the repository: repo = "ORG/REPO"`},
		{"media outside content", base + "[cms]\nbackend = \"git-gateway\"\nmediaFolder = \"assets/img\"\n",
			`site.toml:5:15: cms.mediaFolder "assets/img" must be a folder inside content/, such as "content/images", so that the files uploaded are published with the site`},
		{"media through ..", base + "[cms]\nbackend = \"git-gateway\"\nmediaFolder = \"content/../data\"\n",
			`site.toml:5:15: cms.mediaFolder "content/../data" must be a folder inside content/, such as "content/images", so that the files uploaded are published with the site`},
		{"a setting of the wrong kind", base + "[cms]\nbackend = 3\n",
			`site.toml:4:11: cms.backend must be text in quotes, such as backend = "github", not the number 3`},
		{"an unknown setting", base + "[cms]\nbackend = \"github\"\nrepo = \"o/r\"\nmedia_folder = \"content/img\"\n",
			`site.toml:6:1: unknown setting "cms.media_folder" (did you mean "mediaFolder"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
