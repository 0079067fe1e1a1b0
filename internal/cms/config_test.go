package cms

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"plansite/internal/config"
)

var update = flag.Bool("update", false, "rewrite testdata/config.yml")

// everyKind is a site whose types have a field of every kind, with the
// settings a field can have.
const everyKind = `title = "Every kind"
baseURL = "https://example.org/plan/"

[cms]
backend = "github"
repo = "org/plan"
branch = "live"
mediaFolder = "content/img"

[types.people.fields.title]
required = true

[types.notes.fields.title]
kind = "string"
required = true
[types.notes.fields.summary]
kind = "text"
description = "a line or two"
[types.notes.fields.year]
kind = "int"
required = true
default = 2019
[types.notes.fields.share]
kind = "float"
[types.notes.fields.featured]
kind = "bool"
default = false
[types.notes.fields.due]
kind = "date"
[types.notes.fields.tags]
kind = "list"
[types.notes.fields.areas]
kind = "list"
values = ["north", "south"]
[types.notes.fields.status]
kind = "string"
values = ["planned", "in progress", "done"]
required = true
default = "planned"
[types.notes.fields.steps]
kind = "records"
[types.notes.fields.steps.fields.text]
required = true
[types.notes.fields.steps.fields.state]
values = ["open", "closed"]
[types.notes.fields.owner]
kind = "ref"
section = "people"
required = true
[types.notes.fields.helpers]
kind = "refs"
section = "people"
`

// everyKindPages are the pages of that site.
var everyKindPages = []Page{
	{Path: "_index.md", Title: "Home"},
	{Path: "about.md", Title: "About us"},
	{Path: "notes/_index.md", Title: "Notes"},
	{Path: "notes/first.md", Title: "First"},
	{Path: "people/_index.md"},
	{Path: "people/ann.md", Title: "Ann"},
}

func mustConfig(tb testing.TB, src string) *config.Config {
	tb.Helper()
	cfg, err := config.Parse([]byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// generate makes the configuration of the every-kind site.
func generate(tb testing.TB, s Site) []byte {
	tb.Helper()
	files, err := Files(s)
	if err != nil {
		tb.Fatal(err)
	}
	return files[ConfigName]
}

// TestConfigGolden checks the configuration of a field of every kind,
// byte for byte, and that it is the same every time.
func TestConfigGolden(t *testing.T) {
	s := Site{Config: mustConfig(t, everyKind), Pages: everyKindPages}
	got := generate(t, s)
	for range 5 {
		if again := generate(t, s); !bytes.Equal(again, got) {
			t.Fatal("the configuration differs from one build to the next")
		}
	}
	golden := filepath.Join("testdata", "config.yml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("config.yml differs from %s (go test ./internal/cms -update, and review the diff):\n%s", golden, got)
	}
}

// collection finds a collection of a parsed configuration by name.
func collection(tb testing.TB, doc map[string]any, name string) map[string]any {
	tb.Helper()
	for _, c := range doc["collections"].([]any) {
		if m := c.(map[string]any); m["name"] == name {
			return m
		}
	}
	tb.Fatalf("no collection %q", name)
	return nil
}

// fieldsByName maps a list of fields to their settings.
func fieldsByName(list any) (map[string]map[string]any, []string) {
	out := map[string]map[string]any{}
	var order []string
	for _, f := range list.([]any) {
		m := f.(map[string]any)
		out[m["name"].(string)] = m
		order = append(order, m["name"].(string))
	}
	return out, order
}

func parseConfig(tb testing.TB, data []byte) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		tb.Fatal(err)
	}
	return doc
}

// TestWidgets checks the widget each kind gets, and the settings that
// carry over from site.toml.
func TestWidgets(t *testing.T) {
	doc := parseConfig(t, generate(t, Site{Config: mustConfig(t, everyKind), Pages: everyKindPages}))
	if b := doc["backend"].(map[string]any); b["name"] != "github" || b["repo"] != "org/plan" || b["branch"] != "live" {
		t.Errorf("backend: %v", b)
	}
	if doc["media_folder"] != "content/img" || doc["public_folder"] != "/img" || doc["local_backend"] != nil {
		t.Errorf("media_folder %v, public_folder %v, local_backend %v", doc["media_folder"], doc["public_folder"], doc["local_backend"])
	}
	notes := collection(t, doc, "notes")
	if notes["folder"] != "content/notes" || notes["create"] != true || notes["slug"] != "{{slug}}" {
		t.Errorf("notes collection: %v", notes)
	}
	fields, order := fieldsByName(notes["fields"])
	if got, want := strings.Join(order, " "), "title date lastmod description summary year share featured due tags areas status steps owner helpers weight draft body"; got != want {
		t.Errorf("fields in the order\n%s, want\n%s", got, want)
	}
	want := map[string]string{
		"title": "string", "summary": "text", "year": "number", "share": "number", "featured": "boolean",
		"due": "datetime", "tags": "list", "areas": "select", "status": "select", "steps": "list",
		"owner": "relation", "helpers": "relation", "body": "markdown", "date": "datetime", "weight": "number", "draft": "boolean",
	}
	for name, w := range want {
		if got := fields[name]["widget"]; got != w {
			t.Errorf("%s: widget %v, want %s", name, got, w)
		}
	}
	checks := []struct {
		field, key string
		want       any
	}{
		{"year", "value_type", "int"}, {"share", "value_type", "float"}, {"year", "required", true},
		{"year", "default", 2019}, {"share", "required", false}, {"summary", "hint", "a line or two"},
		{"featured", "default", false}, {"due", "format", "YYYY-MM-DD"}, {"due", "time_format", false},
		{"areas", "multiple", true}, {"status", "default", "planned"}, {"owner", "collection", "people"},
		{"owner", "value_field", "{{slug}}"}, {"helpers", "multiple", true}, {"owner", "multiple", nil},
		{"title", "required", true}, {"weight", "value_type", "int"},
	}
	for _, c := range checks {
		if got := fields[c.field][c.key]; got != c.want {
			t.Errorf("%s.%s = %v, want %v", c.field, c.key, got, c.want)
		}
	}
	if got := fields["status"]["options"]; !equalList(got, "planned", "in progress", "done") {
		t.Errorf("status options %v", got)
	}
	steps, _ := fieldsByName(fields["steps"]["fields"])
	if steps["state"]["widget"] != "select" || steps["text"]["required"] != true || steps["state"]["required"] != false {
		t.Errorf("steps' fields: %v", steps)
	}
	pages := collection(t, doc, "pages")
	var files []string
	for _, f := range pages["files"].([]any) {
		files = append(files, f.(map[string]any)["file"].(string))
	}
	if got, want := strings.Join(files, " "), "content/_index.md content/about.md content/notes/_index.md content/people/_index.md"; got != want {
		t.Errorf("the pages collection has %s, want %s", got, want)
	}
}

func equalList(v any, want ...string) bool {
	l, ok := v.([]any)
	if !ok || len(l) != len(want) {
		return false
	}
	for i := range l {
		if l[i] != want[i] {
			return false
		}
	}
	return true
}

// TestLocalBackend checks that only a configuration made for plansite
// serve names the local backend.
func TestLocalBackend(t *testing.T) {
	cfg := mustConfig(t, everyKind)
	tests := []struct{ addr, hosts string }{
		{"http://127.0.0.1:1313/api/v1", "[::1]"},
		{"http://localhost:1313/api/v1", "[::1]"},
		{"http://[::1]:1313/api/v1", "[::1]"},
		{"http://127.0.0.2:1313/api/v1", "[::1] 127.0.0.2"},
	}
	for _, tt := range tests {
		doc := parseConfig(t, generate(t, Site{Config: cfg, LocalBackend: tt.addr}))
		lb, _ := doc["local_backend"].(map[string]any)
		if lb["url"] != tt.addr || !equalList(lb["allowed_hosts"], strings.Fields(tt.hosts)...) {
			t.Errorf("local_backend %v, want url %s and allowed_hosts %s", lb, tt.addr, tt.hosts)
		}
	}
}

// TestAdminPage checks the admin page: noindex, the configuration beside
// it, and the pinned script with its integrity value, or the site's own.
func TestAdminPage(t *testing.T) {
	cfg := mustConfig(t, everyKind)
	files, err := Files(Site{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	page := string(files[IndexName])
	for _, want := range []string{
		`<meta name="robots" content="noindex, nofollow">`,
		`<link href="config.yml" type="text/yaml" rel="cms-config-url">`,
		`<script src="https://unpkg.com/decap-cms@` + DecapVersion + `/dist/decap-cms.js" integrity="sha384-`,
		`crossorigin="anonymous"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page lacks %s:\n%s", want, page)
		}
	}
	cfg = mustConfig(t, strings.Replace(everyKind, "[cms]\n", "[cms]\nscript = \"/admin/decap-cms.js\"\n", 1))
	files, err = Files(Site{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if page := string(files[IndexName]); !strings.Contains(page, `<script src="/admin/decap-cms.js"></script>`) {
		t.Errorf("the admin page does not load the site's own script:\n%s", page)
	}
}

// TestArchetype checks that a section's archetype gives new entries its
// values and body, as plansite new gives new pages.
func TestArchetype(t *testing.T) {
	cfg := mustConfig(t, everyKind)
	arch := func(section string) []byte {
		if section != "notes" {
			return nil
		}
		return []byte("---\ntitle: \"{{ .Title }}\"\ndate: {{ .Date }}\nyear: 2020\ndraft: true\n---\n\nWhat happened, in a paragraph.\n")
	}
	doc := parseConfig(t, generate(t, Site{Config: cfg, Archetype: arch}))
	fields, _ := fieldsByName(collection(t, doc, "notes")["fields"])
	if fields["year"]["default"] != 2020 || fields["draft"]["default"] != true || fields["body"]["default"] != "What happened, in a paragraph.\n" {
		t.Errorf("year %v, draft %v, body %q", fields["year"]["default"], fields["draft"]["default"], fields["body"]["default"])
	}
	if _, ok := fields["title"]["default"]; ok {
		t.Errorf("the title takes the archetype's empty title: %v", fields["title"])
	}
	if _, ok := fields["date"]["default"]; ok {
		t.Errorf("the date takes a default, which would change by the day: %v", fields["date"])
	}
}

// TestConfigErrors checks the problems that keep a configuration from
// being made: each is an error at its place in site.toml.
func TestConfigErrors(t *testing.T) {
	cfg := mustConfig(t, everyKind+"[types.notes.fields.author]\nkind = \"ref\"\nsection = \"staff\"\n")
	_, err := Files(Site{Config: cfg})
	if err == nil || !strings.Contains(err.Error(), "site.toml:53:1: field \"author\" refers to pages of staff, which has no content type") {
		t.Errorf("a ref to a section without a type: %v", err)
	}
	cfg = mustConfig(t, everyKind)
	f := config.Lookup(cfg.Types["notes"].Fields, "share")
	f.Kind = "colour" // a kind added to config without a widget here
	_, err = Files(Site{Config: cfg})
	if err == nil || err.Error() != `site.toml:23:1: field "share": the CMS has no widget for the kind "colour"` {
		t.Errorf("a kind without a widget: %v", err)
	}
}
