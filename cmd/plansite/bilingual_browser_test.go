package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// bilingualFixture writes the bilingual test site (English and Welsh, on
// the default theme) into a new folder.
func bilingualFixture(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "internal/build/testdata/bilingual/site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range txtar.Parse(data).Files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	return dir
}

// TestBrowserBilingual opens every page of a site in English and Welsh,
// in both languages, in headless Chromium at 390 and 1280 px, in the
// light and the dark scheme, with axe-core's WCAG 2.1 A and AA rules
// (among which the page's lang, and the language switcher's own), and
// checks that each page says its language.
func TestBrowserBilingual(t *testing.T) {
	requireTool(t, "Chromium (/usr/bin/chromium)", haveFile("/usr/bin/chromium") || os.Getenv("CHROMIUM") != "")
	requireTool(t, "Node.js", haveCommand("node"))
	requireTool(t, "cmd/plansite/testdata/browser/node_modules (npm ci in that folder)", haveFile(filepath.Join(nodeModules, "playwright-core")) && haveFile(filepath.Join(nodeModules, "axe-core/axe.min.js")))

	dest, base := publishedSite(t, bilingualFixture(t))
	urls := pageURLs(t, dest, base)
	welsh := 0
	for _, u := range urls {
		if strings.HasPrefix(u, base+"cy/") {
			welsh++
		}
	}
	if welsh < 7 || len(urls)-welsh < 7 {
		t.Fatalf("%d Welsh and %d English pages, want 7 or more of each: %v", welsh, len(urls)-welsh, urls)
	}
	res := runCheckJS(t, map[string]any{"urls": urls, "widths": []int{390, 1280}, "phone": 390, "narrow": 320})
	checkAxe(t, res)
	if len(res.Pages) != len(urls) {
		t.Fatalf("facts of %d pages, want %d", len(res.Pages), len(urls))
	}
	for _, p := range res.Pages {
		want := "en-GB"
		if strings.HasPrefix(p.URL, base+"cy/") {
			want = "cy-GB"
		}
		if p.Lang != want {
			t.Errorf("%s: lang %q, want %s", p.URL, p.Lang, want)
		}
		if f := p.FirstFocusable; f == nil || !strings.HasPrefix(f.Href, "#") {
			t.Errorf("%s: the first focusable element is %+v, want the skip link", p.URL, f)
		}
	}
	for _, p := range res.Phone {
		if limit := float64(p.Screen) / 8; p.HeaderBottom > limit {
			t.Errorf("%s: at 390×%d the header, switcher and menu end %.0fpx down, more than an eighth of the screen (%.0fpx)", p.URL, p.Screen, p.HeaderBottom, limit)
		}
	}
}

// TestValidHTMLBilingual validates every page of a site in English and
// Welsh, both languages, with the W3C Nu HTML validator.
func TestValidHTMLBilingual(t *testing.T) {
	jar, _ := filepath.Abs(filepath.Join(nodeModules, "vnu-jar/build/dist/vnu.jar"))
	requireTool(t, "Java", haveCommand("java"))
	requireTool(t, "the W3C Nu validator (vnu-jar, from npm ci in cmd/plansite/testdata/browser)", haveFile(jar))
	dest, _ := publishedSite(t, bilingualFixture(t))
	validate(t, jar, dest, 16)
}

// TestPreviewBilingual checks that the preview of a bilingual site follows
// edits of a translation, of an i18n file and of the languages table.
func TestPreviewBilingual(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "internal/build/testdata/bilingual/site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	p := startPreview(t, string(data))
	if body := p.page("/cy/objectives/sgiliau/"); !strings.Contains(body, `hreflang="en-GB">English</a>`) {
		t.Fatalf("the Welsh page has no switcher:\n%s", body)
	}
	t.Run("404", func(t *testing.T) {
		for path, want := range map[string]string{"/cy/dim-byd/": "Heb ddod o hyd i’r dudalen", "/cy/dim": "Heb ddod o hyd i’r dudalen",
			"/nothing/": "Page not found", "/cyx/nothing/": "Page not found"} {
			code, body, _ := p.get(path)
			if code != http.StatusNotFound || !strings.Contains(body, "<h1>"+want+"</h1>") {
				t.Errorf("GET %s: %d, want 404 with %q:\n%s", path, code, want, body)
			}
		}
	})
	t.Run("translation", func(t *testing.T) {
		p.write("content/objectives/skills.cy.md", "---\ntitle: Amcan prawf newydd\nslug: sgiliau\nnumber: 1\nlastmod: 2019-04-02\nactions:\n  - text: Testun prawf un\n---\nTestun prawf, 2.\n")
		p.expect("update")
		if body := p.page("/cy/objectives/sgiliau/"); !strings.Contains(body, "Testun prawf, 2.") {
			t.Errorf("the edit of the translation is not served:\n%s", body)
		}
		if body := p.page("/cy/objectives/"); !strings.Contains(body, "Amcan prawf newydd") {
			t.Errorf("the Welsh section does not list the new title:\n%s", body)
		}
	})
	// The fixture's own strings (test placeholders for what the theme
	// has no Welsh for), before which the edits below put a key: after
	// them it would be in the last table.
	fixture, err := os.ReadFile(filepath.Join(p.dir, "i18n", "cy.toml"))
	if err != nil {
		t.Fatal(err)
	}
	own := string(fixture)
	t.Run("i18n", func(t *testing.T) {
		// Test text, to tell the site's string from the theme's.
		p.write("i18n/cy.toml", "skipToMainContent = \"Testun prawf: neidio\"\n"+own)
		p.expect("update")
		if body := p.page("/cy/"); !strings.Contains(body, "Testun prawf: neidio") {
			t.Errorf("the site's i18n/cy.toml is not served:\n%s", body)
		}
		if body := p.page("/"); !strings.Contains(body, "Skip to main content") {
			t.Errorf("the English page lost its string:\n%s", body)
		}
		p.write("i18n/cy.toml", "skipToMainContent = \"Testun prawf\n"+own)
		p.expect("update")
		if body := p.page("/cy/"); !strings.Contains(body, "i18n/cy.toml:1:") {
			t.Errorf("a broken i18n file is not shown at its place:\n%s", body)
		}
	})
	t.Run("languages table", func(t *testing.T) {
		site, err := os.ReadFile(filepath.Join(p.dir, "site.toml"))
		if err != nil {
			t.Fatal(err)
		}
		p.write("i18n/cy.toml", "skipToMainContent = \"Testun prawf: neidio\"\n"+own)
		p.expect("update")
		p.write("site.toml", strings.Replace(string(site), `title = "Cynllun prawf"`, `title = "Cynllun prawf newydd"`, 1))
		p.expect("update")
		if body := p.page("/cy/"); !strings.Contains(body, "<title>Cynllun prawf newydd</title>") {
			t.Errorf("the Welsh title is not served:\n%s", body)
		}
	})
}
