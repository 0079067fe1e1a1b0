package build

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// rebuildBilingual is rebuildLayouts in English and Welsh: its site.toml
// declares both, with Welsh menus, and its layouts show each page's
// language, its twins, a string from i18n and a date in the language.
func rebuildBilingual(t *testing.T) string {
	a := txtar.Parse([]byte(rebuildLayouts))
	for i, f := range a.Files {
		switch f.Name {
		case "site.toml":
			a.Files[i].Data = []byte("defaultContentLanguage = \"en\"\n" + string(f.Data) + bilingualTables("Safle prawf"))
		case "layouts/baseof.html":
			a.Files[i].Data = []byte(`<!doctype html><html lang="{{ .Language.LanguageCode }}"><head><title>{{ .Title }} | {{ .Site.Title }}</title>{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">{{ end }}</head>
<body><a href="#main">{{ i18n "skip" }}</a>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
{{ partial "nav.html" . }}{{ partial "card.html" (dict "title" .Title "kind" .Kind) }}<p>{{ i18n "pages" (len .Site.RegularPages) }} {{ dateFormat "2 January 2006" .Date }}</p><main id="main">{{ block "main" . }}{{ end }}</main></body></html>
`)
		}
	}
	a.Files = append(a.Files,
		txtar.File{Name: "i18n/en.toml", Data: []byte("skip = \"Skip\"\n[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n")},
		txtar.File{Name: "i18n/cy.toml", Data: []byte(i18nWelsh("Neidio"))},
		txtar.File{Name: "content/_index.cy.md", Data: []byte("---\ntitle: Hafan prawf\n---\nTestun prawf.\n")},
	)
	return string(txtar.Format(a))
}

// bilingualTables are the languages of rebuildBilingual's site.toml, the
// Welsh site's title given.
func bilingualTables(title string) string {
	return fmt.Sprintf(`
[languages.en]
languageCode = "en-GB"
languageName = "English"
weight = 1
[languages.cy]
languageCode = "cy-GB"
languageName = "Cymraeg"
weight = 2
title = %q
[[languages.cy.menus.main]]
name = "Alffa"
page = "alpha"
weight = 1
`, title)
}

// i18nWelsh is the Welsh strings file of rebuildBilingual: test text, in
// the plural forms Welsh has.
func i18nWelsh(skip string) string {
	return fmt.Sprintf("skip = %q\n[pages]\nzero = \"{{ .Count }} tudalen (0)\"\none = \"{{ .Count }} tudalen (1)\"\ntwo = \"{{ .Count }} dudalen\"\nfew = \"{{ .Count }} thudalen\"\nmany = \"{{ .Count }} thudalen (6)\"\nother = \"{{ .Count }} tudalen\"\n", skip)
}

// TestRebuildMatchesFullBuildBilingual is TestRebuildMatchesFullBuild on a
// site in two languages, with translations made, edited, left behind and
// deleted, and the strings files and the languages table edited, broken
// and mended, between the edits of the one-language test.
func TestRebuildMatchesFullBuildBilingual(t *testing.T) {
	seeds := rebuildSeeds(4)
	for _, server := range []bool{false, true} {
		t.Run(fmt.Sprintf("server=%v", server), func(t *testing.T) {
			for seed := int64(1); seed <= seeds; seed++ {
				for _, careful := range []bool{false, true} {
					t.Run(fmt.Sprint("seed", seed, "careful", careful), func(t *testing.T) {
						runBilingualEdits(t, seed, 40, server, careful)
					})
				}
			}
		})
	}
}

// runBilingualEdits checks a rebuild after each of steps random edits
// against a full build, as runRandomEdits does. A careful editor's edits
// mostly leave the site without errors, so that outputs are compared:
// it deletes a translation with its original.
func runBilingualEdits(t *testing.T, seed int64, steps int, server, careful bool) {
	r := rand.New(rand.NewSource(seed))
	dir := writeSite(t, rebuildBilingual(t))
	ed := &editor{t: t, dir: dir, r: r, careful: careful, steps: map[string]int{}}
	for range 6 {
		ed.createPage()
	}
	for range 3 {
		ed.translationEdit(0)
	}
	opts := Options{Src: dir, InMemory: true, Server: server, Incremental: true}
	inc := New(opts)
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for step := range steps {
		edit := ed.randomEdit
		if careful {
			edit = ed.carefulEdit
		}
		if r.Intn(2) == 0 {
			edit = ed.languageEdit
		}
		changed, what := edit()
		if careful {
			changed = append(changed, ed.dropOrphans()...)
		}
		if rebuildStep(t, inc, opts, changed, fmt.Sprintf("step %d (%s)", step, what)) {
			checked++
		}
	}
	t.Logf("%d of %d steps compared outputs", checked, steps)
	if careful && checked < steps/4 {
		t.Errorf("only %d of %d steps left a site without errors to compare", checked, steps)
	}
}

// languageEdit makes one change of a bilingual site: of a translation, of
// the strings files or of the languages table.
func (e *editor) languageEdit() ([]string, string) {
	switch n := e.r.Intn(10); {
	case n < 6:
		return e.translationEdit(n)
	case n < 8:
		file := "i18n/cy.toml"
		text := i18nWelsh(e.words(1))
		k := e.r.Intn(5)
		if e.careful {
			k = 2 + e.r.Intn(3)
		}
		switch k {
		case 0:
			text = "skip = \"" + e.words(1) + "\n" // not TOML
		case 1:
			text = "[pages]\nother = \"{{ .Count }}\"\n" // skip is missing
		case 2:
			file = "i18n/en.toml"
			text = "skip = \"" + e.words(1) + "\"\n[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n"
		}
		e.write(file, text)
		return []string{file}, "edit " + file
	default:
		data, err := os.ReadFile(filepath.Join(e.dir, "site.toml"))
		if err != nil {
			e.t.Fatal(err)
		}
		text, _, _ := strings.Cut(string(data), "\n[languages.en]")
		e.write("site.toml", text+bilingualTables(e.words(2)))
		return []string{"site.toml"}, "edit the languages table"
	}
}

// translationEdit writes, rewrites or deletes the Welsh translation of a
// page; now and then of a page that is gone, which is an error until the
// page comes back, or with a lastmod before its original's.
func (e *editor) translationEdit(n int) ([]string, string) {
	rel := e.pick("")
	if rel == "" {
		return e.createPage(), "create"
	}
	cy := "content/" + strings.TrimSuffix(rel, ".md") + ".cy.md"
	if n == 5 {
		if err := os.Remove(filepath.Join(e.dir, filepath.FromSlash(cy))); err != nil && !os.IsNotExist(err) {
			e.t.Fatal(err)
		}
		return []string{cy}, "delete " + cy
	}
	fm := fmt.Sprintf("---\ntitle: %q\n", "cy "+e.words(2))
	if e.r.Intn(3) == 0 {
		fm += fmt.Sprintf("lastmod: 2019-0%d-01\n", 1+e.r.Intn(9))
	}
	if e.r.Intn(4) == 0 {
		fm += fmt.Sprintf("slug: %s\n", strings.ReplaceAll(e.words(1), " ", "-"))
	}
	if n := e.steps[rel]; n > 0 && e.r.Intn(3) > 0 {
		// The original's steps, which the tracker's reports hold for, now
		// and then fewer of them.
		fm += "steps:\n"
		for range n - e.r.Intn(2) {
			fm += "  - text: cy " + e.words(1) + "\n"
		}
	}
	e.write(cy, fm+"---\n\nTestun prawf "+e.words(5)+".\n")
	return []string{cy}, "write " + cy
}

// dropOrphans deletes the translations whose original is gone, and
// returns their paths.
func (e *editor) dropOrphans() []string {
	var gone []string
	for _, section := range []string{"alpha", "beta", "gamma"} {
		found, _ := filepath.Glob(filepath.Join(e.dir, "content", section, "*.cy.md"))
		for _, f := range found {
			orig := strings.TrimSuffix(f, ".cy.md") + ".md"
			if _, err := os.Stat(orig); os.IsNotExist(err) {
				if err := os.Remove(f); err != nil {
					e.t.Fatal(err)
				}
				rel, _ := filepath.Rel(e.dir, f)
				gone = append(gone, filepath.ToSlash(rel))
			}
		}
	}
	return gone
}

// TestRebuildStringsInShortcode checks that an edit of a strings file
// reaches what a shortcode wrote with i18n, in a rebuild as in a full
// build: the shortcode's page is converted again, not only rendered.
func TestRebuildStringsInShortcode(t *testing.T) {
	a := txtar.Parse([]byte(rebuildBilingual(t)))
	a.Files = append(a.Files,
		txtar.File{Name: "layouts/_shortcodes/skipnote.html", Data: []byte(`<b>{{ i18n "skip" }}</b>`)},
		txtar.File{Name: "content/alpha/note.md", Data: []byte("---\ntitle: Note\n---\n{{< skipnote >}}\n")},
		txtar.File{Name: "content/alpha/note.cy.md", Data: []byte("---\ntitle: Testun prawf\n---\n{{< skipnote >}}\n")},
	)
	for _, server := range []bool{false, true} {
		dir := writeSite(t, string(txtar.Format(a)))
		ed := &editor{t: t, dir: dir}
		opts := Options{Src: dir, InMemory: true, Server: server, Incremental: true}
		inc := New(opts)
		if res, err := inc.Build(context.Background()); err != nil || res.Failed() {
			t.Fatalf("server=%v: %v %s", server, err, diagText(res.Diagnostics))
		}
		ed.write("i18n/cy.toml", i18nWelsh("Testun prawf newydd"))
		if !rebuildStep(t, inc, opts, []string{"i18n/cy.toml"}, fmt.Sprintf("server=%v: edit i18n/cy.toml", server)) {
			t.Fatalf("server=%v: the site has errors", server)
		}
		if got := string(inc.Output()["cy/alpha/note/index.html"]); !strings.Contains(got, "<b>Testun prawf newydd</b>") {
			t.Errorf("server=%v: the Welsh page's shortcode lacks the new string:\n%s", server, got)
		}
		ed.write("i18n/en.toml", "skip = \"Skip ahead\"\n[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n")
		rebuildStep(t, inc, opts, []string{"i18n/en.toml"}, fmt.Sprintf("server=%v: edit i18n/en.toml", server))
	}
}
