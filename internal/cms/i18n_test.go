package cms

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestI18n checks the configuration of a site in two languages: Decap's
// i18n with each translation a file beside its original (page.cy.md),
// words written in each language, numbers, dates, choices and references
// copied from the default one, and translations edited beside their
// originals rather than listed as pages of their own. A site in one
// language has none of it.
func TestI18n(t *testing.T) {
	cfg := mustConfig(t, everyKind)
	if one := generate(t, Site{Config: cfg, Pages: everyKindPages}); bytes.Contains(one, []byte("i18n")) {
		t.Errorf("a site in one language has i18n:\n%s", one)
	}
	pages := append([]Page{{Path: "about.cy.md", Title: "Amdanom ni"}, {Path: "notes/first.cy.md", Title: "Cyntaf"}}, everyKindPages...)
	bilingual := mustConfig(t, "defaultContentLanguage = \"en\"\n"+everyKind+"\n[languages.en]\nweight = 1\n[languages.cy]\nweight = 2\n")
	s := Site{Config: bilingual, Pages: sortedPages(pages)}
	doc := parseConfig(t, generate(t, s))
	top, _ := doc["i18n"].(map[string]any)
	if top["structure"] != "multiple_files" || !equalList(top["locales"], "en", "cy") || top["default_locale"] != "en" || top["omit_default_locale_from_filename"] != true {
		t.Errorf("i18n: %v", doc["i18n"])
	}
	notes := collection(t, doc, "notes")
	if notes["i18n"] != true {
		t.Errorf("the notes collection's i18n: %v", notes["i18n"])
	}
	fields, _ := fieldsByName(notes["fields"])
	want := map[string]any{
		"title": true, "description": true, "summary": true, "tags": true, "steps": true, "body": true,
		"date": "duplicate", "lastmod": "duplicate", "year": "duplicate", "share": "duplicate", "featured": "duplicate",
		"due": "duplicate", "areas": "duplicate", "status": "duplicate", "owner": "duplicate", "helpers": "duplicate",
		"weight": "duplicate", "draft": "duplicate",
	}
	for name, w := range want {
		if got := fields[name]["i18n"]; got != w {
			t.Errorf("%s: i18n %v, want %v", name, got, w)
		}
	}
	steps, _ := fieldsByName(fields["steps"]["fields"])
	if steps["text"]["i18n"] != true || steps["state"]["i18n"] != "duplicate" {
		t.Errorf("steps' fields: %v", steps)
	}
	col := collection(t, doc, "pages")
	if col["i18n"] != true {
		t.Errorf("the pages collection's i18n: %v", col["i18n"])
	}
	var files []string
	for _, f := range col["files"].([]any) {
		file := f.(map[string]any)
		files = append(files, fmt.Sprint(file["file"]))
		if file["i18n"] != true {
			t.Errorf("%v: i18n %v", file["file"], file["i18n"])
		}
	}
	if got := strings.Join(files, " "); strings.Contains(got, ".cy.md") || !strings.Contains(got, "content/about.md") {
		t.Errorf("the pages collection lists %s", got)
	}
}

func sortedPages(pages []Page) []Page {
	return slices.SortedFunc(slices.Values(pages), func(a, b Page) int { return strings.Compare(a.Path, b.Path) })
}
