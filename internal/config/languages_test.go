package config

import (
	"strings"
	"testing"

	"plansite/internal/diag"
)

const bilingual = base + `languageCode = "en-GB"
copyright = "Us"
[params]
organisation = "Org"
[params.contact]
email = "a@example.org"
phone = "1"
[[menus.main]]
name = "About"
page = "about"
[languages.en]
weight = 1
[languages.cy]
weight = 2
languageCode = "cy-GB"
title = "Teitl"
[languages.cy.params.contact]
email = "b@example.org"
[[languages.cy.menus.main]]
name = "Amdanom"
page = "about"
`

// TestLanguages reads Hugo's [languages]: each language's own settings,
// and the site-level keys it sets over site.toml's.
func TestLanguages(t *testing.T) {
	c, err := Parse([]byte(bilingual))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Multilingual() || !c.DeclaresLanguages || len(c.Languages) != 2 {
		t.Fatalf("languages: %+v", c.Languages)
	}
	en, cy := c.Languages[0], c.Languages[1]
	if en.Lang != "en" || !en.IsDefault() || en.LanguageCode != "en-GB" || en.LanguageName != "English" || en.Config != c || c.Language != en {
		t.Errorf("en: %+v", en)
	}
	// No languageName: the language's own name, from CLDR.
	if cy.Lang != "cy" || cy.IsDefault() || cy.LanguageCode != "cy-GB" || cy.LanguageName != "Cymraeg" || cy.EnglishName() != "Welsh" {
		t.Errorf("cy: %+v", cy)
	}
	w := cy.Config
	if w.Title != "Teitl" || w.Copyright != "Us" || w.LanguageCode != "cy-GB" || w.Language != cy || w.BaseURL != c.BaseURL {
		t.Errorf("cy's configuration: title %q, copyright %q, languageCode %q", w.Title, w.Copyright, w.LanguageCode)
	}
	// Params are merged key by key, tables too.
	contact := w.Params["contact"].(map[string]any)
	if w.Params["organisation"] != "Org" || contact["email"] != "b@example.org" || contact["phone"] != "1" {
		t.Errorf("cy's params: %v", w.Params)
	}
	if c.Params["contact"].(map[string]any)["email"] != "a@example.org" {
		t.Errorf("the site's params changed: %v", c.Params)
	}
	if got := w.Menus["main"]; len(got) != 1 || got[0].Name != "Amdanom" || !cy.OwnMenus {
		t.Errorf("cy's menu: %+v", got)
	}
	if got := c.Menus["main"]; len(got) != 1 || got[0].Name != "About" || en.OwnMenus {
		t.Errorf("en's menu: %+v", got)
	}
	if len(w.Languages) != 2 || w.Types == nil {
		t.Errorf("cy's configuration lacks what languages share")
	}
}

// TestOneLanguage checks that a site without [languages] has one language,
// made of its top-level settings, and is not multilingual.
func TestOneLanguage(t *testing.T) {
	c, err := Parse([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if c.Multilingual() || c.DeclaresLanguages || len(c.Languages) != 1 {
		t.Fatalf("languages: %+v", c.Languages)
	}
	l := c.Languages[0]
	if l.Lang != "en" || l.LanguageCode != "en-GB" || l.LanguageName != "English" || !l.IsDefault() || l.Config != c || c.DefaultLanguage() != l {
		t.Errorf("the language: %+v", l)
	}
}

// TestDefaultLanguageCode checks the code and name a language has when
// site.toml gives it none: "en-GB" and "English" only for English as the
// default language, set at the top or not; any other language's key and
// its own name, the default language's too. The site's languageCode is
// its default language's.
func TestDefaultLanguageCode(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string // each language's key, code and name, by weight
	}{
		{"no [languages]", base, []string{"en en-GB English"}},
		{"no [languages], set at the top", base + "languageCode = \"en-US\"\nlanguageName = \"Eng\"\n", []string{"en en-US Eng"}},
		{"no [languages], Welsh", base + "defaultContentLanguage = \"cy\"\n", []string{"cy cy Cymraeg"}},
		{"English first", base + "[languages.en]\nweight = 1\n[languages.cy]\nweight = 2\n",
			[]string{"en en-GB English", "cy cy Cymraeg"}},
		{"Welsh the default", base + "defaultContentLanguage = \"cy\"\n[languages.cy]\nweight = 1\n[languages.en]\nweight = 2\n",
			[]string{"cy cy Cymraeg", "en en English"}},
		{"Welsh the default, set at the top", base + "defaultContentLanguage = \"cy\"\nlanguageCode = \"cy-GB\"\n[languages.cy]\nweight = 1\n[languages.en]\nweight = 2\n",
			[]string{"cy cy-GB Cymraeg", "en en English"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse([]byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range cfg.Languages {
				got = append(got, l.Lang+" "+l.LanguageCode+" "+l.LanguageName)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("languages %q, want %q", got, c.want)
			}
			if d := cfg.DefaultLanguage(); cfg.LanguageCode != d.LanguageCode || cfg.LanguageName != d.LanguageName {
				t.Errorf("the site's languageCode %q and languageName %q, its default language's %q and %q", cfg.LanguageCode, cfg.LanguageName, d.LanguageCode, d.LanguageName)
			}
		})
	}
}

// TestLanguageProblems checks the messages, and their positions, of
// mistakes in [languages].
func TestLanguageProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"default not declared", base + "[languages.cy]\nweight = 1\n",
			`site.toml:3:1: [languages] has no table for "en", the default language: add [languages.en], or set defaultContentLanguage to one of: cy`},
		{"defaultContentLanguage a slip", base + "defaultContentLanguage = \"cx\"\n[languages.cy]\n[languages.en]\n",
			`site.toml:3:26: defaultContentLanguage "cx" is not one of the languages of [languages] (did you mean "cy"?); they are: cy, en`},
		{"not a language code", base + "[languages.en]\n[languages.welsh]\n",
			`site.toml:4:1: "welsh" is not a language code: use a BCP 47 code, such as "cy" for Welsh or "en" for English`},
		{"a setting languages share", base + "[languages.en]\n[languages.cy]\nbaseURL = \"https://example.cymru/\"\n",
			`site.toml:5:1: unknown setting "languages.cy.baseURL"; a language takes: copyright, editURL, feedLimit, languageCode, languageDirection, languageName, menus, params, summaryLength, title, weight`},
		{"a direction", base + "[languages.en]\nlanguageDirection = \"up\"\n",
			`site.toml:4:21: languageDirection must be "ltr" or "rtl", not "up"`},
		{"a language's menu entry", base + "[languages.en]\n[[languages.en.menus.main]]\nname = \"A\"\n",
			`site.toml:4:1: menu entry "A" needs url or page`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			ds, ok := diag.AsList(err)
			if !ok {
				t.Fatalf("got %v, want diagnostics", err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}
