package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// run runs the real binary and returns its output and exit status, which,
// unlike plansite's, may be a failure.
func run(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatalf("building plansite: %v", err)
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		status = ee.ExitCode()
	case err != nil:
		t.Fatalf("plansite %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), status
}

// writeFiles writes files (slash path → text) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckExternal runs plansite check --external on a site whose
// Markdown and layouts link to a local server, and whose own address (its
// base URL, in canonical links) is on that server too: the links that are
// gone fail the check at their file:line:col, a refusing server warns, and
// the site's own pages are never fetched.
func TestCheckExternal(t *testing.T) {
	var mu sync.Mutex
	asked := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/ok":
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()

	site := t.TempDir()
	writeFiles(t, site, map[string]string{
		"site.toml": "title = \"Test site\"\nbaseURL = \"" + srv.URL + "/plan/\"\n",
		"layouts/baseof.html": `<!doctype html><html lang="en"><head><title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}"></head>
<body>{{ block "main" . }}{{ end }}</body></html>
`,
		"layouts/home.html": `{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}`,
		"layouts/page.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<p>Partner: <a href="` + srv.URL + `/partner-gone">our partner</a></p>{{ .Content }}{{ end }}
`,
		"content/a.md": "---\ntitle: A\n---\n\n[A report](" + srv.URL + "/ok) and\n[an old report](" + srv.URL + "/gone).\n\n[A members' page](" + srv.URL + "/forbidden)\n\n[Page B in full](" + srv.URL + "/plan/b/)\n",
		"content/b.md": "---\ntitle: B\n---\n\n[The same report](" + srv.URL + "/ok#summary)\n",
	})

	// Without --external nothing is fetched.
	if _, stderr, status := run(t, "check", "-s", site); status != 0 {
		t.Fatalf("plansite check: status %d\n%s", status, stderr)
	}
	mu.Lock()
	if len(asked) > 0 {
		t.Errorf("plansite check without --external fetched %v", asked)
	}
	mu.Unlock()

	stdout, stderr, status := run(t, "check", "-s", site, "--external")
	if status != 1 {
		t.Errorf("exit status %d, want 1\n%s%s", status, stdout, stderr)
	}
	gone := ": 404 Not Found: the page is gone; update the link or remove it"
	for _, want := range []string{
		"content/a.md:6:1: external link " + srv.URL + "/gone" + gone + "\n",
		"content/a.md:8:1: warning: external link " + srv.URL + "/forbidden: answered 403 Forbidden; check that it works in a browser\n",
		"layouts/page.html:2:22: external link " + srv.URL + "/partner-gone" + gone + "\n",
		"plansite check: 2 errors and 1 warning\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the output lacks %q:\n%s", want, stderr)
		}
	}
	mu.Lock()
	for path, n := range asked {
		if strings.HasPrefix(path, "/plan/") {
			t.Errorf("the site's own %s was fetched", path)
		}
		if n > 2 { // HEAD, and GET when HEAD fails
			t.Errorf("%s was fetched %d times", path, n)
		}
	}
	if asked["/ok"] != 1 {
		t.Errorf("/ok, linked twice, was asked for %d times, want once", asked["/ok"])
	}
	mu.Unlock()

	stdout, stderr, status = run(t, "check", "-s", site, "--external", "--format", "json")
	if status != 1 {
		t.Errorf("--format json: exit status %d, want 1\n%s", status, stderr)
	}
	var ds []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &ds); err != nil {
		t.Fatalf("--format json printed no JSON list: %v\n%s", err, stdout)
	}
	type entry struct {
		file         string
		line, column int
		severity     string
	}
	var got []entry
	for _, d := range ds {
		if !strings.HasPrefix(d.Message, "external link ") {
			t.Errorf("unexpected diagnostic %+v", d)
		}
		got = append(got, entry{d.File, d.Line, d.Column, d.Severity})
	}
	want := []entry{{"content/a.md", 6, 1, "error"}, {"content/a.md", 8, 1, "warning"}, {"layouts/page.html", 2, 22, "error"}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("diagnostic %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestCheckExternalWithOtherErrors checks that external links are checked
// even when the site has faults of its own: every problem at once.
func TestCheckExternalWithOtherErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	site := t.TempDir()
	writeFiles(t, site, map[string]string{
		"site.toml":    "title = \"Test site\"\nbaseURL = \"https://example.org/\"\n",
		"content/a.md": "---\ntitle: A\nweight: heavy\n---\n\n[Gone](" + srv.URL + "/gone)\n",
	})
	_, stderr, status := run(t, "check", "-s", site, "--external")
	if status != 1 {
		t.Errorf("exit status %d, want 1", status)
	}
	for _, want := range []string{
		`content/a.md:3:9: weight must be a whole number, not the text "heavy"`,
		"content/a.md:6:1: external link " + srv.URL + "/gone: 404 Not Found",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the output lacks %q:\n%s", want, stderr)
		}
	}
}
