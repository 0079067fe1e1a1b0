package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewTranslation checks plansite new --lang: the twin starts from the
// original's front matter, as a draft, and nothing is overwritten.
func TestNewTranslation(t *testing.T) {
	const bilingual = "title = \"T\"\nbaseURL = \"https://example.org/\"\ndefaultContentLanguage = \"en\"\n" +
		"[languages.en]\nweight = 1\n[languages.cy]\nweight = 2\n"
	files := map[string]string{
		"site.toml":                        bilingual,
		"content/objectives/skills.md":     "---\ntitle: Skills\nnumber: 1\nlastmod: 2019-04-01\n---\nThe English text.\n",
		"content/objectives/reading.md":    "+++\ntitle = \"Reading\"\n+++\nText.\n",
		"content/objectives/digital.md":    "---\ntitle: Digital\n---\n",
		"content/objectives/digital.cy.md": "---\ntitle: Testun prawf\n---\nTestun prawf.\n",
		"content/offers/health/index.md":   "---\ntitle: Health\ndraft: true\n---\n",
		"content/about.md":                 "---\ntitle: About\n---\n",
		"content/objectives/open.md":       "---\ntitle: Open\nDraft: false\nparams:\n  draft: x\n---\n",
		"content/objectives/toml.md":       "+++\ntitle = \"T\"\ndraft = false\n[params]\ndraft = \"x\"\n+++\n",
		"content/objectives/nested.md":     "+++\ntitle = \"N\"\n[params]\ndraft = true\n+++\n",
	}
	tests := []struct {
		name          string
		args          []string
		site          string // site.toml, when not the bilingual one
		status        int
		created, text string // the file made and its text
		stderr        string // how the error starts
	}{
		{"YAML", []string{"--lang", "cy", "objectives", "skills"}, "", ExitOK,
			"content/objectives/skills.cy.md", "---\ndraft: true\ntitle: Skills\nnumber: 1\nlastmod: 2019-04-01\n---\n", ""},
		{"TOML", []string{"objectives", "reading", "--lang", "cy"}, "", ExitOK,
			"content/objectives/reading.cy.md", "+++\ndraft = true\ntitle = \"Reading\"\n+++\n", ""},
		{"a bundle, a draft already", []string{"--lang", "cy", "offers", "health"}, "", ExitOK,
			"content/offers/health/index.cy.md", "---\ntitle: Health\ndraft: true\n---\n", ""},
		// The page's own draft key, in any case, is set to true, not
		// added twice; one inside params is not the page's.
		{"published original", []string{"--lang", "cy", "objectives", "open"}, "", ExitOK,
			"content/objectives/open.cy.md", "---\ntitle: Open\ndraft: true\nparams:\n  draft: x\n---\n", ""},
		{"published original, TOML", []string{"--lang", "cy", "objectives", "toml"}, "", ExitOK,
			"content/objectives/toml.cy.md", "+++\ntitle = \"T\"\ndraft = true\n[params]\ndraft = \"x\"\n+++\n", ""},
		{"draft only in params", []string{"--lang", "cy", "objectives", "nested"}, "", ExitOK,
			"content/objectives/nested.cy.md", "+++\ndraft = true\ntitle = \"N\"\n[params]\ndraft = true\n+++\n", ""},
		{"the content folder", []string{"--lang", "cy", ".", "about"}, "", ExitOK,
			"content/about.cy.md", "---\ndraft: true\ntitle: About\n---\n", ""},
		{"never overwrites", []string{"--lang", "cy", "objectives", "digital"}, "", ExitSite,
			"content/objectives/digital.cy.md", "---\ntitle: Testun prawf\n---\nTestun prawf.\n",
			"plansite new: content/objectives/digital.cy.md already exists; it was left as it was"},
		{"a slip in the name", []string{"--lang", "cy", "objectives", "skils"}, "", ExitSite, "", "",
			`plansite new: there is no content/objectives/skils.md to translate (did you mean "skills"?)`},
		{"an undeclared language", []string{"--lang", "fr", "objectives", "skills"}, "", ExitSite, "", "",
			`plansite new: the site has no language "fr"`},
		{"the default language", []string{"--lang", "en", "objectives", "skills"}, "", ExitSite, "", "",
			"plansite new: en is the default language"},
		{"a site in one language", []string{"--lang", "cy", "objectives", "skills"}, "title = \"T\"\nbaseURL = \"https://example.org/\"\n", ExitSite, "", "",
			"plansite new: the site declares no languages"},
		{"outside content", []string{"--lang", "cy", "..", "x"}, "", ExitUsage, "", "", "plansite new:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := map[string]string{}
			for k, v := range files {
				fs[k] = v
			}
			if tt.site != "" {
				fs["site.toml"] = tt.site
			}
			src := writeSite(t, fs)
			var stdout, stderr bytes.Buffer
			app := &App{Stdout: &stdout, Stderr: &stderr}
			args := append([]string{"new", "-s", src}, tt.args...)
			if got := app.Run(context.Background(), args); got != tt.status {
				t.Fatalf("status %d, want %d; stderr:\n%s", got, tt.status, stderr.String())
			}
			if !strings.HasPrefix(stderr.String(), tt.stderr) {
				t.Errorf("stderr = %q, want it to start with %q", stderr.String(), tt.stderr)
			}
			if tt.created == "" {
				matches, _ := filepath.Glob(filepath.Join(src, "content", "*", "*.cy.md"))
				if len(matches) != 1 { // digital.cy.md only
					t.Errorf("files made: %v", matches)
				}
				return
			}
			got, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(tt.created)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.text {
				t.Errorf("%s =\n%s\nwant\n%s", tt.created, got, tt.text)
			}
		})
	}
}
