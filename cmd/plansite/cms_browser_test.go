package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCMSInChromium edits a page as a writer does: Decap CMS (the npm
// package pinned in testdata/browser/package.json, served by the test as
// a site serves its own copy) opened at the preview's /admin/, the title
// and an action's status changed in its form and published. The file on
// disk then has the new values, plansite check finds nothing wrong, and
// the preview's page, open in another tab, shows them.
func TestCMSInChromium(t *testing.T) {
	b := startChromium(t)
	dist := filepath.Join(nodeModules, "decap-cms", "dist")
	requireTool(t, "the decap-cms npm package (npm ci in cmd/plansite/testdata/browser)", haveFile(filepath.Join(dist, "decap-cms.js")))
	script := serveFolder(t, dist) + "decap-cms.js"

	dir := defaultSite(t)
	config, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "site.toml"), string(config)+"\n[cms]\nbackend = \"github\"\nrepo = \"org/plan\"\nscript = \""+script+"\"\n")
	p := startPreviewIn(t, dir)

	preview := b.open(t, p.url+"objectives/skills/", 1280, 900)
	admin := b.openPlain(t, p.url+"admin/", 1280, 900)
	// The local backend needs no account: Decap shows a Login button that
	// lets the writer in.
	admin.click(`button:has-text("Login")`)
	admin.eval(`() => { location.hash = "#/collections/objectives/entries/skills"; }`, nil, nil)
	const title = "The library workforce has the skills it needs, edited in the CMS"
	admin.fill(`input[id^="title-field"]`, title)
	// The writer's usual edit: an action's status, chosen from the values
	// site.toml allows, in the first action's form (opened first: Decap
	// shows a list's records folded).
	admin.click(`[class*="listControlItem"]:has-text("Deliver the Public Library Skills Strategy") button`)
	admin.click(`input[id^="status-field"]`)
	admin.click(`[class*="option"]:has-text("in progress")`)
	admin.click(`text="Publish"`)
	admin.click(`text="Publish now"`)

	page := filepath.Join(dir, "content", "objectives", "skills.md")
	var saved string
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(saved, title) {
		if time.Now().After(deadline) {
			t.Fatalf("the page on disk does not have the new title:\n%s\nplansite serve said:\n%s", saved, p.out.String())
		}
		time.Sleep(100 * time.Millisecond)
		data, _ := os.ReadFile(page)
		saved = string(data)
	}
	for _, want := range []string{"title: " + title + "\n", "number: 3\n", "actions:\n  - text: Deliver the Public Library Skills Strategy", "    status: in progress\n"} {
		if !strings.Contains(saved, want) {
			t.Errorf("the saved page lacks %q:\n%s", want, saved)
		}
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "check", "-s", dir).CombinedOutput(); err != nil {
		t.Errorf("plansite check after the CMS saved: %v\n%s", err, out)
	}
	preview.wait("the preview shows the new title", `(title) => document.querySelector("h1").textContent.includes(title)`, title, nil, 30*time.Second)
	preview.wait("the preview shows the action's new status", `() => document.querySelector(".action .status-in-progress")?.textContent.includes("In progress")`, nil, nil, 30*time.Second)
	for _, e := range admin.errors() {
		if strings.Contains(e, "api/v1") {
			t.Errorf("the CMS reported: %s", e)
		}
	}
}

// serveFolder serves dir on a loopback port of its own for the test, as a
// site's host would serve its own copy of the CMS, and returns its URL.
func serveFolder(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir))}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/"
}
