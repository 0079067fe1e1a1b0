package main

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cmsTable is the [cms] table the tests add to the default site.
const cmsTable = "\n[cms]\nbackend = \"github\"\nrepo = \"org/plan\"\n"

// cmsSite copies the default site, its data too, and gives it [cms].
func cmsSite(t *testing.T) string {
	t.Helper()
	dir := defaultSite(t)
	if err := os.CopyFS(filepath.Join(dir, "data"), os.DirFS(filepath.Join(repoRoot, "data"))); err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "site.toml"), string(config)+cmsTable)
	return dir
}

// TestCMSPublished checks what plansite build publishes for a site with
// [cms]: the admin page and the CMS's configuration, the same bytes every
// build, and nothing of the local backend; no page, sitemap, feed or menu
// leads to the admin pages, and robots.txt keeps crawlers out of them.
func TestCMSPublished(t *testing.T) {
	src := cmsSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	// At the root of its host, so that it has a robots.txt.
	root := []string{"--base-url", "https://plan.example.org/"}
	plansite(t, append([]string{"build", "-s", src, "-d", dest}, root...)...)
	first := snapshot(t, dest)
	config, index := first[filepath.Join("admin", "config.yml")], first[filepath.Join("admin", "index.html")]
	if !strings.Contains(config, "backend:\n  name: github\n  repo: org/plan\n  branch: main\n") || !strings.Contains(config, "- name: objectives\n") {
		t.Errorf("admin/config.yml:\n%s", config)
	}
	if !strings.Contains(index, `<meta name="robots" content="noindex, nofollow">`) || !strings.Contains(index, `integrity="sha384-`) {
		t.Errorf("admin/index.html:\n%s", index)
	}
	if robots := first["robots.txt"]; !strings.Contains(robots, "\nDisallow: /admin/\n") {
		t.Errorf("robots.txt does not keep crawlers out of /admin/:\n%s", robots)
	}
	for _, name := range slices.Sorted(maps.Keys(first)) {
		text := first[name]
		for _, backend := range []string{"local_backend", "/api/v1", "api/v1"} {
			if strings.Contains(text, backend) {
				t.Errorf("%s names the local backend (%q): plansite build must not", name, backend)
			}
		}
		if strings.HasPrefix(name, "admin") || name == "robots.txt" {
			continue
		}
		if strings.Contains(text, "/admin") {
			t.Errorf("%s leads to the admin pages", name)
		}
	}

	// Under a path (the default site's own base URL), where robots.txt is
	// the host's: the build says what to add to it.
	if out := plansite(t, "build", "-s", src, "-d", filepath.Join(t.TempDir(), "public")); !strings.Contains(out, `add "Disallow: /plan/admin/" too`) {
		t.Errorf("a site under a path is not told to keep crawlers out of its admin pages:\n%s", out)
	}

	// Built again, into another folder: the same bytes.
	other := filepath.Join(t.TempDir(), "public")
	plansite(t, append([]string{"build", "-s", src, "-d", other}, root...)...)
	if second := snapshot(t, other); !maps.Equal(first, second) {
		for name := range first {
			if first[name] != second[name] {
				t.Errorf("%s differs from one build to the next", name)
			}
		}
	}
}

// TestCMSBadInput checks that a [cms] table the CMS could not use fails
// the build at its line of site.toml, writing nothing.
func TestCMSBadInput(t *testing.T) {
	src := defaultSite(t)
	config, err := os.ReadFile(filepath.Join(src, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Count(config, []byte("\n")) + 2
	writeFile(t, filepath.Join(src, "site.toml"), string(config)+"\n[cms]\nrepo = \"org/plan\"\n")
	dest := filepath.Join(t.TempDir(), "public")
	_, stderr, status := run(t, "build", "-s", src, "-d", dest)
	if want := "site.toml:" + strconv.Itoa(line) + ":1: [cms] has no backend"; status != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, want 1 and %q:\n%s", status, want, stderr)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("a build with a bad [cms] wrote its output")
	}
}

// cmsPost sends an action to the preview's CMS backend as the CMS does
// from the admin page, with edit changing the request first.
func cmsPost(t *testing.T, p *preview, action string, params any, edit func(*http.Request)) (int, map[string]any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"action": action, "params": params})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, p.url+"api/v1", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", strings.TrimSuffix(p.url, "/"))
	if edit != nil {
		edit(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

// TestCMSPreview checks the preview as the CMS's backend: the
// configuration it serves names it, the admin page is served as built,
// requests from other sites are refused, and a save that breaks the site
// is written all the same and shows in the error overlay, as any save
// does, until the next save fixes it.
func TestCMSPreview(t *testing.T) {
	p := startPreviewIn(t, cmsSite(t))
	if config := p.page("/admin/config.yml"); !strings.Contains(config, "local_backend:\n  url: "+p.url+"api/v1\n  allowed_hosts:\n    - '[::1]'\n") {
		t.Errorf("the preview's admin/config.yml does not name its backend:\n%s", config)
	}
	if admin := p.page("/admin/"); strings.Contains(admin, "__plansite") {
		t.Errorf("the admin page has the preview's script, which would undo the CMS's page:\n%s", admin)
	}

	page := filepath.Join(p.dir, "content", "objectives", "skills.md")
	original, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	code, res := cmsPost(t, p, "getEntry", map[string]string{"path": "content/objectives/skills.md"}, nil)
	if code != http.StatusOK || res["data"] != string(original) {
		t.Fatalf("getEntry: %d %v", code, res)
	}
	broken := strings.Replace(string(original), "number: 3\n", "number: three\n", 1)
	save := map[string]any{"dataFiles": []map[string]string{{"slug": "skills", "path": "content/objectives/skills.md", "raw": broken}}, "assets": []any{}}

	// Another site's page, or one whose name was pointed at 127.0.0.1,
	// saves nothing.
	for name, edit := range map[string]func(*http.Request){
		"DNS rebinding":       func(r *http.Request) { r.Host = "rebound.example" },
		"another site":        func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") },
		"another port's page": func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:1") },
	} {
		if code, _ := cmsPost(t, p, "persistEntry", save, edit); code < 400 || code > 499 {
			t.Errorf("%s: answered %d, want a refusal", name, code)
		}
	}
	if now, _ := os.ReadFile(page); !bytes.Equal(now, original) {
		t.Fatalf("a refused request wrote the page:\n%s", now)
	}

	if code, res := cmsPost(t, p, "persistEntry", save, nil); code != http.StatusOK {
		t.Fatalf("persistEntry: %d %v", code, res)
	}
	if now, _ := os.ReadFile(page); string(now) != broken {
		t.Fatalf("the save that breaks the site was not written as sent:\n%s", now)
	}
	p.expect("update")
	body := p.page("/objectives/skills/")
	for _, want := range []string{`id="plansite-errors"`, "content/objectives/skills.md:5:9", "number must be a whole number"} {
		if !strings.Contains(body, want) {
			t.Errorf("the error overlay lacks %q:\n%s", want, body)
		}
	}

	fixed := strings.Replace(string(original), "number: 3\n", "number: 3\nlastmod: 2026-12-01\n", 1)
	fixed = strings.Replace(fixed, "lastmod: 2026-11-29\n", "", 1)
	save["dataFiles"] = []map[string]string{{"slug": "skills", "path": "content/objectives/skills.md", "raw": fixed}}
	if code, res := cmsPost(t, p, "persistEntry", save, nil); code != http.StatusOK {
		t.Fatalf("persistEntry: %d %v", code, res)
	}
	p.expect("update")
	if body := p.page("/objectives/skills/"); strings.Contains(body, "plansite-errors") {
		t.Errorf("the overlay stayed once the CMS saved a good page:\n%s", body)
	}
	leftovers, _ := filepath.Glob(filepath.Join(p.dir, "content", "objectives", ".plansite-cms-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}
