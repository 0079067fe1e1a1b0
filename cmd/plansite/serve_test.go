package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// previewSite is the site the preview tests edit.
const previewSite = `-- site.toml --
title = "Preview test"
baseURL = "https://example.org/plan/"
-- layouts/baseof.html --
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}</head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
-- layouts/home.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
-- layouts/404.html --
{{ define "main" }}<h1>Nothing here</h1>{{ end }}
-- assets/css/site.css --
body { color: black }
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/notes/first.md --
---
title: First note
---
The first note.
-- content/notes/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>
`

// preview is a running plansite serve.
type preview struct {
	t      testing.TB
	dir    string
	url    string
	cmd    *exec.Cmd
	events chan string
	out    *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingLine = regexp.MustCompile(`Serving (http://127\.0\.0\.1:\d+/)`)

// startPreview writes the site and starts the real binary serving it on a
// free port, with an event stream open, as a browser's would be.
func startPreview(t testing.TB, archive string, args ...string) *preview {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	return startPreviewIn(t, dir, args...)
}

// startPreviewIn starts the real binary serving the site in dir.
func startPreviewIn(t testing.TB, dir string, args ...string) *preview {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatalf("building plansite: %v", err)
	}
	p := &preview{t: t, dir: dir, events: make(chan string, 64), out: &lockedBuffer{}}
	p.cmd = exec.Command(bin, append([]string{"serve", "-s", dir, "--port", "0"}, args...)...)
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			p.out.Write([]byte(line + "\n"))
			if m := servingLine.FindStringSubmatch(line); m != nil {
				ready <- m[1]
			}
		}
	}()
	select {
	case p.url = <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("the preview did not start:\n%s", p.out)
	}
	p.listen()
	return p
}

// listen opens the event stream and waits for its greeting.
func (p *preview) listen() {
	p.t.Helper()
	resp, err := http.Get(p.url + "__plansite/events")
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { resp.Body.Close() })
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				p.events <- name
			}
		}
	}()
	if e := p.next(); e != "hello" {
		p.t.Fatalf("first event %q, want hello", e)
	}
}

// next waits for the next event.
func (p *preview) next() string {
	p.t.Helper()
	select {
	case e := <-p.events:
		return e
	case <-time.After(20 * time.Second):
		p.t.Fatalf("no event came; the preview said:\n%s", p.out)
		return ""
	}
}

// expect waits for an event, failing on any other.
func (p *preview) expect(want string) {
	p.t.Helper()
	if got := p.next(); got != want {
		p.t.Fatalf("event %q, want %q; the preview said:\n%s", got, want, p.out)
	}
}

// get fetches a path of the preview.
func (p *preview) get(path string) (int, string, http.Header) {
	p.t.Helper()
	resp, err := http.Get(p.url + strings.TrimPrefix(path, "/"))
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// page fetches a page that must be there and returns its HTML.
func (p *preview) page(path string) string {
	p.t.Helper()
	code, body, _ := p.get(path)
	if code != http.StatusOK {
		p.t.Fatalf("GET %s: %d\n%s", path, code, body)
	}
	return body
}

func (p *preview) write(rel, text string) { writeFile(p.t, filepath.Join(p.dir, rel), text) }

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// atomicSave saves a file the way vim and JetBrains editors do: a
// temporary file written beside it and renamed over it.
func (p *preview) atomicSave(rel, text string) {
	p.t.Helper()
	full := filepath.Join(p.dir, rel)
	writeFile(p.t, filepath.Join(filepath.Dir(full), "4913"), "")
	os.Remove(filepath.Join(filepath.Dir(full), "4913"))
	tmp := full + "___jb_tmp___"
	writeFile(p.t, tmp, text)
	if err := os.Rename(tmp, full); err != nil {
		p.t.Fatal(err)
	}
}

func TestPreviewEdits(t *testing.T) {
	p := startPreview(t, previewSite)

	home := p.page("/")
	if !regexp.MustCompile(`<head><script src="/__plansite/reload.js" data-plansite-build="[^"]+" defer></script><meta charset="utf-8">`).MatchString(home) {
		t.Fatalf("the client script is not injected first in the head:\n%s", home)
	}
	if !strings.Contains(home, `<template id="plansite-end"></template></body>`) {
		t.Fatalf("the end marker is not injected before </body>:\n%s", home)
	}
	if !strings.Contains(home, `href="/notes/first/"`) {
		t.Errorf("the preview does not serve the site at its root: %s", home)
	}

	t.Run("edit", func(t *testing.T) {
		p.write("content/notes/first.md", "---\ntitle: First note\n---\nThe edited note.\n")
		p.expect("update")
		if body := p.page("/notes/first/"); !strings.Contains(body, "The edited note.") {
			t.Errorf("the edit is not served:\n%s", body)
		}
	})
	t.Run("atomic save", func(t *testing.T) {
		p.atomicSave("content/notes/first.md", "---\ntitle: First note, renamed\n---\nSaved atomically.\n")
		p.expect("update")
		if body := p.page("/notes/first/"); !strings.Contains(body, "Saved atomically.") {
			t.Errorf("the atomic save is not served:\n%s", body)
		}
		if !strings.Contains(p.page("/"), "First note, renamed") {
			t.Error("the home page's list does not show the new title")
		}
		if code, _, _ := p.get("/notes/first.md___jb_tmp___/"); code != http.StatusNotFound {
			t.Error("the editor's temporary file became a page")
		}
	})
	t.Run("create", func(t *testing.T) {
		p.write("content/notes/second.md", "---\ntitle: Second note\n---\nNew.\n")
		p.expect("update")
		if body := p.page("/notes/second/"); !strings.Contains(body, "New.") {
			t.Errorf("the new page is not served:\n%s", body)
		}
		if !strings.Contains(p.page("/"), "Second note") {
			t.Error("the new page is not listed")
		}
	})
	t.Run("rename", func(t *testing.T) {
		if err := os.Rename(filepath.Join(p.dir, "content/notes/second.md"), filepath.Join(p.dir, "content/notes/moved.md")); err != nil {
			t.Fatal(err)
		}
		p.expect("update")
		if code, _, _ := p.get("/notes/second/"); code != http.StatusNotFound {
			t.Errorf("the renamed page is still served at its old URL (%d)", code)
		}
		p.page("/notes/moved/")
	})
	t.Run("delete", func(t *testing.T) {
		os.Remove(filepath.Join(p.dir, "content/notes/moved.md"))
		p.expect("update")
		code, body, _ := p.get("/notes/moved/")
		if code != http.StatusNotFound || !strings.Contains(body, "Nothing here") {
			t.Errorf("a deleted page: %d, want 404 with the site's own 404 page:\n%s", code, body)
		}
		if strings.Contains(p.page("/"), "Second note") {
			t.Error("the deleted page is still listed")
		}
	})
	t.Run("break and fix", func(t *testing.T) {
		p.write("content/notes/first.md", "---\ntitle: First note\nweight: heavy\n---\nSee [gone](gone.md).\n")
		p.expect("update")
		body := p.page("/notes/first/")
		for _, want := range []string{
			`id="plansite-errors"`, "The site has 2 errors",
			"content/notes/first.md:3:9", "weight must be a whole number",
			"content/notes/first.md:5:5", "there is no page content/notes/gone.md",
			`<span class="plansite-no">3</span><span>weight: <mark>h</mark>eavy</span>`,
			"Saved atomically.", // still the last good build underneath
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the error overlay lacks %q:\n%s", want, body)
			}
		}
		if !strings.Contains(p.page("/"), `id="plansite-errors"`) {
			t.Error("another page does not show the errors")
		}
		p.write("content/notes/first.md", "---\ntitle: First note\nweight: 2\n---\nFixed.\n")
		p.expect("update")
		body = p.page("/notes/first/")
		if strings.Contains(body, "plansite-errors") || !strings.Contains(body, "Fixed.") {
			t.Errorf("the overlay did not go once fixed:\n%s", body)
		}
	})
	t.Run("edit layout", func(t *testing.T) {
		p.write("layouts/page.html", `{{ define "main" }}<h1 class="edited">{{ .Title }}</h1>{{ .Content }}{{ end }}`)
		p.expect("update")
		if body := p.page("/notes/first/"); !strings.Contains(body, `<h1 class="edited">`) {
			t.Errorf("the layout edit is not served:\n%s", body)
		}
	})
	t.Run("edit css", func(t *testing.T) {
		p.write("assets/css/site.css", "body { color: navy }\n")
		p.expect("css")
		_, css, h := p.get("/css/site.css")
		if !strings.Contains(css, "navy") || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
			t.Errorf("the stylesheet is %q (%s)", css, h.Get("Content-Type"))
		}
	})
	t.Run("new folder", func(t *testing.T) {
		staged := filepath.Join(t.TempDir(), "ideas")
		writeFile(t, filepath.Join(staged, "big.md"), "---\ntitle: A big idea\n---\nIdea.\n")
		if err := os.Rename(staged, filepath.Join(p.dir, "content", "ideas")); err != nil {
			t.Fatal(err)
		}
		p.expect("update")
		p.page("/ideas/big/")
		p.write("content/ideas/big.md", "---\ntitle: A bigger idea\n---\nIdea.\n")
		p.expect("update")
		if !strings.Contains(p.page("/ideas/big/"), "A bigger idea") {
			t.Error("an edit inside a folder created while serving was missed")
		}
	})
}

// TestPreviewWarnings checks that a build's warnings show on every page in
// a panel of their own, not as errors, and that the panel goes with them.
func TestPreviewWarnings(t *testing.T) {
	p := startPreview(t, previewSite)
	p.write("content/notes/first.md", "---\ntitle: First note\nweight: 2\n---\nA chart:\n\n![](chart.svg)\n")
	p.expect("update")
	body := p.page("/")
	for _, want := range []string{`id="plansite-warnings"`, "1 warning", "content/notes/first.md:7:1", "has no alt text"} {
		if !strings.Contains(body, want) {
			t.Errorf("the warnings panel lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "plansite-errors") {
		t.Error("a warning shows as an error")
	}
	p.write("content/notes/first.md", "---\ntitle: First note\nweight: 2\n---\nA chart:\n\n![A chart](chart.svg)\n")
	p.expect("update")
	if body := p.page("/"); strings.Contains(body, "plansite-warnings") {
		t.Errorf("the warnings panel did not go once the warning went:\n%s", body)
	}
}

func TestPreviewServesOnlyTheSite(t *testing.T) {
	p := startPreview(t, previewSite)
	for _, path := range []string{
		"/../site.toml", "/%2e%2e/site.toml", "/..%2fsite.toml", "/content/notes/first.md",
		"/site.toml", "/layouts/page.html", "/notes/first.md", "/%2e%2e%2f%2e%2e%2fetc/passwd",
	} {
		code, body, _ := p.get(path)
		if code != http.StatusNotFound || strings.Contains(body, "title =") || strings.Contains(body, "define") {
			t.Errorf("GET %s: %d, want 404 and nothing of the source:\n%s", path, code, body)
		}
	}
	types := map[string]string{
		"/":                     "text/html; charset=utf-8",
		"/notes/first/":         "text/html; charset=utf-8",
		"/css/site.css":         "text/css; charset=utf-8",
		"/sitemap.xml":          "application/xml; charset=utf-8",
		"/notes/chart.svg":      "image/svg+xml; charset=utf-8",
		"/__plansite/reload.js": "text/javascript; charset=utf-8",
	}
	for path, want := range types {
		if code, _, h := p.get(path); code != http.StatusOK || h.Get("Content-Type") != want {
			t.Errorf("GET %s: %d %q, want 200 %q", path, code, h.Get("Content-Type"), want)
		}
	}
	// A page of another site, its name pointed at 127.0.0.1, reads nothing.
	for _, path := range []string{"/", "/__plansite/events"} {
		req, err := http.NewRequest(http.MethodGet, p.url+strings.TrimPrefix(path, "/"), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = "rebound.example"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || strings.Contains(string(body), "Welcome") {
			t.Errorf("GET %s for Host rebound.example: %d, want 421:\n%s", path, resp.StatusCode, body)
		}
	}
	// A folder without its slash redirects, as static hosts do.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(p.url + "notes/first")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/notes/first/" {
		t.Errorf("GET /notes/first: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// The preview binds to 127.0.0.1, answers Ctrl-C by shutting down
// cleanly, ending open event streams, and exits 0.
func TestPreviewShutsDownCleanly(t *testing.T) {
	p := startPreview(t, previewSite)
	if !strings.HasPrefix(p.url, "http://127.0.0.1:") {
		t.Errorf("the preview listens on %s, not 127.0.0.1", p.url)
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, p.out)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("the preview did not stop on Ctrl-C:\n%s", p.out)
	}
	if !strings.Contains(p.out.String(), "stopped") {
		t.Errorf("no goodbye:\n%s", p.out)
	}
}

// A preview whose first build fails serves the errors, then the site once
// they are fixed.
func TestPreviewStartsBroken(t *testing.T) {
	p := startPreview(t, previewSite+"-- content/bad.md --\n---\ntitle: [unclosed\n---\n")
	code, body, _ := p.get("/")
	if code != http.StatusInternalServerError || !strings.Contains(body, "content/bad.md:2:8") || !strings.Contains(body, "no good build to show yet") {
		t.Fatalf("GET /: %d\n%s", code, body)
	}
	p.write("content/bad.md", "---\ntitle: Fine\n---\n")
	p.expect("update")
	if body := p.page("/"); strings.Contains(body, "plansite-errors") || !strings.Contains(body, "Welcome.") {
		t.Errorf("the site did not recover:\n%s", body)
	}
}

// A poll-based preview sees edits too.
func TestPreviewPolls(t *testing.T) {
	p := startPreview(t, previewSite, "--poll", "50ms")
	p.write("content/notes/first.md", "---\ntitle: First note\n---\nPolled.\n")
	p.expect("update")
	if !strings.Contains(p.page("/notes/first/"), "Polled.") {
		t.Error("the polling preview missed the edit")
	}
}

// TestBuildWatch runs plansite build --watch: each change rebuilds DEST,
// a change that breaks the site leaves DEST as it was and says why, and the
// fix publishes again.
func TestBuildWatch(t *testing.T) {
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(previewSite)).Files {
		writeFile(t, filepath.Join(dir, "site", f.Name), string(f.Data))
	}
	src, dest := filepath.Join(dir, "site"), filepath.Join(dir, "out")
	cmd := exec.Command(bin, "build", "--watch", "-s", src, "-d", dest)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// waitFor waits until the output has said what more times than before.
	seen := map[string]int{}
	waitFor := func(what string) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); strings.Count(out.String(), what) <= seen[what]; {
			if time.Now().After(deadline) {
				t.Fatalf("waited for %q; plansite said:\n%s", what, out)
			}
			time.Sleep(10 * time.Millisecond)
		}
		seen[what] = strings.Count(out.String(), what)
	}
	page := func() string {
		b, err := os.ReadFile(filepath.Join(dest, "notes/first/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	waitFor("watching for changes")
	seen["built "] = strings.Count(out.String(), "built ")
	if !strings.Contains(page(), "The first note.") {
		t.Fatalf("the first build is not in DEST:\n%s", page())
	}
	// DEST is the watcher's while it runs, between its builds too.
	if other, err := runPlansite(t, dir, "build", "-s", src, "-d", dest); err == nil || !strings.Contains(other, fmt.Sprintf("another plansite (pid %d) is building into %s", cmd.Process.Pid, dest)) {
		t.Errorf("a build into the watcher's DEST: %v\n%s", err, other)
	}

	writeFile(t, filepath.Join(src, "content/notes/first.md"), "---\ntitle: First note\n---\nRebuilt by the watcher.\n")
	waitFor("built ")
	if !strings.Contains(page(), "Rebuilt by the watcher.") {
		t.Errorf("the edit is not in DEST:\n%s", page())
	}
	if strings.Contains(page(), "reload.js") {
		t.Error("build --watch wrote the preview's reload script into DEST")
	}

	writeFile(t, filepath.Join(src, "content/notes/first.md"), "---\ntitle: First note\nweight: heavy\n---\nBroken.\n")
	waitFor("left as it was")
	if !strings.Contains(out.String(), "content/notes/first.md:3:9: weight must be a whole number") {
		t.Errorf("the error is not reported with its position:\n%s", out)
	}
	if !strings.Contains(page(), "Rebuilt by the watcher.") {
		t.Errorf("a failed rebuild changed DEST:\n%s", page())
	}

	writeFile(t, filepath.Join(src, "content/notes/first.md"), "---\ntitle: First note\n---\nFixed.\n")
	waitFor("built ")
	if !strings.Contains(page(), "Fixed.") {
		t.Errorf("the fix is not in DEST:\n%s", page())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.plansite-*")); len(left) != 0 {
		t.Errorf("staging folders left beside DEST: %q", left)
	}
	cmd.Process.Signal(os.Interrupt) // stopped, the watcher lets DEST go
	cmd.Wait()
	plansite(t, "build", "-s", src, "-d", dest)
}
