package main

import (
	"encoding/json"
	"os"
	"os/exec"
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

	dest, base := publishedSiteFrom(t, bilingualFixture(t))
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
	cfg, _ := json.Marshal(map[string]any{"urls": urls, "widths": []int{390, 1280}, "phone": 390, "narrow": 320})
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfgFile, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "testdata/browser/check.js", cfgFile)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the browser check failed: %v", err)
	}
	var res browserResults
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("reading the browser's results: %v\n%s", err, out)
	}
	for _, v := range res.Axe {
		t.Errorf("axe %s (%s) on %s at %dpx, %s scheme: %s", v.ID, v.Impact, v.URL, v.Width, v.Scheme, v.Help)
		for _, n := range v.Nodes {
			t.Logf("    %s: %s\n      %s", n.Target, n.HTML, n.Summary)
		}
	}
	for _, o := range res.Overflow {
		t.Errorf("%s scrolls sideways at 320px: %dpx of content in %dpx", o.URL, o.ScrollWidth, o.ClientWidth)
	}
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
	dest, _ := publishedSiteFrom(t, bilingualFixture(t))
	validate(t, jar, dest, 16)
}
