package content

import (
	"testing"

	"plansite/internal/config"
)

// TestSplitLang reads languages from file names as Hugo does, only in a
// site that declares [languages], and only for a suffix that is a
// language's code.
func TestSplitLang(t *testing.T) {
	bilingual, err := config.Parse([]byte("title = \"T\"\n[languages.en]\n[languages.cy]\n"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := config.Parse([]byte("title = \"T\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cfg                *config.Config
		rel, logical, lang string
	}{
		{bilingual, "objectives/skills.md", "objectives/skills.md", "en"},
		{bilingual, "objectives/skills.cy.md", "objectives/skills.md", "cy"},
		{bilingual, "objectives/skills.CY.md", "objectives/skills.md", "cy"},
		{bilingual, "objectives/skills.en.md", "objectives/skills.md", "en"},
		{bilingual, "objectives/_index.cy.md", "objectives/_index.md", "cy"},
		{bilingual, "about/index.cy.md", "about/index.md", "cy"},
		{bilingual, "skills.fr.md", "skills.md", "fr"},        // undeclared: left out, with a warning
		{bilingual, "report.2019.md", "report.2019.md", "en"}, // not a language
		{bilingual, "notes.old.md", "notes.old.md", "en"},     // three letters: a word, most likely
		{bilingual, ".cy.md", ".cy.md", "en"},
		{plain, "objectives/skills.cy.md", "objectives/skills.cy.md", "en"},
	}
	for _, tt := range tests {
		logical, lang := SplitLang(tt.rel, tt.cfg)
		if logical != tt.logical || lang != tt.lang {
			t.Errorf("SplitLang(%q) = %q, %q; want %q, %q", tt.rel, logical, lang, tt.logical, tt.lang)
		}
	}
	p, ds := Parse("skills.fr.md", []byte("---\ntitle: x\n---\n"), bilingual)
	if len(ds) != 1 || ds[0].Error() != `content/skills.fr.md:1:1: warning: this page is in "fr" (French), which is not one of the site's languages (cy, en), so it is not published: add [languages.fr] to site.toml, or rename the file` {
		t.Errorf("diagnostics %v", ds)
	}
	if p.Name() != "skills" || p.Lang != "fr" {
		t.Errorf("page %q in %q", p.Name(), p.Lang)
	}
}
