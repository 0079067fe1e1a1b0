package i18n

import (
	"strings"
	"testing"
	"time"

	"plansite/internal/config"
	"plansite/internal/diag"
)

// files is a Source of i18n files: the built-in theme's and the site's.
type files struct{ builtIn, own map[string]string }

func (f files) Layers(name string) (builtIn, own []byte, err error) {
	if s, ok := f.builtIn[name]; ok {
		builtIn = []byte(s)
	}
	if s, ok := f.own[name]; ok {
		own = []byte(s)
	}
	return builtIn, own, nil
}

func languages(t *testing.T) []*config.Language {
	t.Helper()
	c, err := config.Parse([]byte("title = \"T\"\n[languages.en]\nlanguageCode = \"en-GB\"\n[languages.cy]\nlanguageCode = \"cy-GB\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return c.Languages
}

func load(t *testing.T, f files) (*Bundle, []diag.Diagnostic) {
	t.Helper()
	return Load(f, languages(t))
}

// TestPluralForms checks that a count chooses the form CLDR's rules give
// the language: Welsh has six (0 zero, 1 one, 2 two, 3 few, 6 many, the
// rest other), English two; a form the file lacks falls back to other.
func TestPluralForms(t *testing.T) {
	b, ds := load(t, files{own: map[string]string{
		"i18n/en.toml": "[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n",
		// Test fixture: each form names itself, so that the form chosen shows.
		"i18n/cy.toml": "[pages]\nzero = \"zero {{ .Count }}\"\none = \"one {{ .Count }}\"\ntwo = \"two {{ .Count }}\"\n" +
			"few = \"few {{ .Count }}\"\nmany = \"many {{ .Count }}\"\nother = \"other {{ .Count }}\"\n" +
			"[short]\none = \"one\"\nother = \"other\"\n",
	}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	tests := []struct {
		lang, key string
		data      any
		want      string
	}{
		{"en", "pages", 1, "1 page"}, {"en", "pages", 0, "0 pages"}, {"en", "pages", 2, "2 pages"},
		{"en", "pages", 1.5, "1.5 pages"},
		{"cy", "pages", 0, "zero 0"}, {"cy", "pages", 1, "one 1"}, {"cy", "pages", 2, "two 2"},
		{"cy", "pages", 3, "few 3"}, {"cy", "pages", 6, "many 6"}, {"cy", "pages", 4, "other 4"},
		{"cy", "pages", 5, "other 5"}, {"cy", "pages", 7, "other 7"}, {"cy", "pages", 10, "other 10"},
		{"cy", "pages", int64(3), "few 3"}, {"cy", "pages", "6", "many 6"},
		{"cy", "pages", map[string]any{"Count": 2}, "two 2"},
		{"cy", "short", 2, "other"}, // no form two: other
		{"cy", "short", nil, "other"},
		{"cy", "PAGES", 1, "one 1"}, // keys in any case, as Hugo reads them
	}
	for _, tt := range tests {
		got, err := b.Translate(tt.lang, tt.key, tt.data)
		if err != nil || got != tt.want {
			t.Errorf("Translate(%s, %s, %v) = %q, %v; want %q", tt.lang, tt.key, tt.data, got, err, tt.want)
		}
	}
}

// TestSiteOverTheme checks that the site's file changes and adds keys
// over the built-in theme's, key by key, and that data reaches the text.
func TestSiteOverTheme(t *testing.T) {
	b, ds := load(t, files{
		builtIn: map[string]string{"i18n/en.toml": "skip = \"Skip to main content\"\nhome = \"Home\"\n"},
		own:     map[string]string{"i18n/en.toml": "home = \"Start\"\nby = \"Published by {{ .Org }}\"\n"},
	})
	if errs, _ := diag.Count(ds); errs > 0 {
		t.Fatal(ds)
	}
	for key, want := range map[string]string{"skip": "Skip to main content", "home": "Start", "by": "Published by Us"} {
		if got, err := b.Translate("en", key, map[string]any{"Org": "Us"}); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", key, got, err, want)
		}
	}
}

// TestMissingKey checks what a key the language lacks says: the key, the
// file to add it to, and a key it may have meant.
func TestMissingKey(t *testing.T) {
	b, _ := load(t, files{own: map[string]string{"i18n/en.toml": "skipLink = \"Skip\"\n"}})
	for _, tt := range []struct{ lang, key, want string }{
		{"en", "skiplnk", `i18n key "skiplnk" is missing from i18n/en.toml (did you mean "skiplink"?): add skiplnk = "…" to it`},
		{"cy", "skipLink", `i18n key "skipLink" is missing: there is no i18n/cy.toml; add it, with skipLink = "…"`},
	} {
		_, err := b.Translate(tt.lang, tt.key, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Translate(%s, %s): %v, want %s", tt.lang, tt.key, err, tt.want)
		}
	}
}

// TestFileProblems checks that a file that is not valid TOML, or not
// Hugo's form, is reported at its place, and that its language then says
// nothing more of the keys it would have had.
func TestFileProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"syntax", "home = \"Home\"\nskip = \"Skip\n", `i18n/cy.toml:2:13: strings cannot contain newlines`},
		{"no other", "[pages]\none = \"a page\"\n", `i18n/cy.toml:1:1: pages has plural forms but no other, which every count without a form of its own takes: add other = "…"`},
		{"a form's slip", "[pages]\nothr = \"pages\"\nother = \"x\"\n", `i18n/cy.toml:2:1: pages: unknown plural form "othr" (did you mean "other"?); a key takes: few, many, one, other, two, zero, description`},
		{"not text", "home = 3\n", `i18n/cy.toml:1:8: home must be text in quotes, or a table of plural forms ([home] with one = "…" and other = "…")`},
		{"a template", "home = \"{{ .Count \"\n", `i18n/cy.toml:1:8: home: 1: unclosed action`},
		{"twice in two cases", "home = \"a\"\nHome = \"b\"\n", `i18n/cy.toml:2:1: Home is given twice (first as home): keys are read in any case, so keep one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, ds := load(t, files{own: map[string]string{"i18n/cy.toml": tt.src}})
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
			if s, err := b.Translate("cy", "nothing", nil); s != "" || err != nil {
				t.Errorf("a broken file's lookup: %q, %v", s, err)
			}
		})
	}
}

// TestWelshDates checks that month and day names come from CLDR, in the
// page's language, and that English dates are Go's.
func TestWelshDates(t *testing.T) {
	b, _ := load(t, files{})
	day := time.Date(2019, 4, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct{ lang, layout, want string }{
		{"cy", "2 January 2006", "1 Ebrill 2019"},
		{"cy", "Monday 2 January 2006", "Dydd Llun 1 Ebrill 2019"},
		{"cy", "Jan 2006", "Ebr 2019"},
		{"cy", "02/01/2006 15:04", "01/04/2019 09:30"},
		{"en", "Monday 2 January 2006", "Monday 1 April 2019"},
		{"en", ":date_long", "1 April 2019"}, // en-GB's order, not en-US's
		{"cy", ":date_long", "1 Ebrill 2019"},
	}
	for _, tt := range tests {
		if got, err := b.FormatDate(tt.lang, tt.layout, day); err != nil || got != tt.want {
			t.Errorf("FormatDate(%s, %q) = %q, %v; want %q", tt.lang, tt.layout, got, err, tt.want)
		}
	}
	if got, _ := b.FormatDate("cy", "2 January 2006", "2019-12-25"); got != "25 Rhagfyr 2019" {
		t.Errorf("a date in text: %q", got)
	}
}

// TestIncomplete checks that the keys a language lacks are named all at
// once, in one warning at its file, whether the theme or the site has
// them in the default language; and that a complete language has none.
func TestIncomplete(t *testing.T) {
	tests := []struct {
		name string
		f    files
		want string // "" for no diagnostic
	}{
		{"theme and site keys", files{
			builtIn: map[string]string{"i18n/en.toml": "skip = \"Skip\"\nhome = \"Home\"\n", "i18n/cy.toml": "skip = \"Neidio\"\n"},
			own:     map[string]string{"i18n/en.toml": "[pages]\nother = \"pages\"\n"},
		}, "i18n/cy.toml: warning: Welsh has no text for 2 of the 3 strings i18n/en.toml has: add home, pages to i18n/cy.toml"},
		{"complete", files{
			builtIn: map[string]string{"i18n/en.toml": "skip = \"Skip\"\n", "i18n/cy.toml": "skip = \"Neidio\"\n"},
			own:     map[string]string{"i18n/cy.toml": "extra = \"Testun prawf\"\n"},
		}, ""},
		{"broken default says nothing more", files{
			own: map[string]string{"i18n/en.toml": "skip = \"Skip\n"},
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := load(t, tt.f)
			var got []string
			for _, d := range ds {
				if d.Severity == diag.Warning {
					got = append(got, d.Error())
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("got %q, want no warning", got)
			case tt.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tt.want)):
				t.Errorf("got %q, want one warning starting %q", got, tt.want)
			}
		})
	}
}
