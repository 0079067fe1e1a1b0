package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"plansite/internal/config"
	"reflect"
	"strings"
	"testing"
)

// writeSite makes a site's files (slash path → text) in a new folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPageNames checks that the choices a new page's comments offer are
// the names references use: a bundle's is its folder's, not "index", and
// a translation is not a page of its own.
func TestPageNames(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/_index.md":                    "",
		"content/about.md":                     "",
		"content/objectives/_index.md":         "",
		"content/objectives/skills.md":         "",
		"content/objectives/reading/index.md":  "",
		"content/objectives/reading/chart.png": "",
		"content/offers/health/index.md":       "",
		"content/offers/health/index.cy.md":    "",
		"content/objectives/skills.cy.md":      "",
	})
	want := map[string][]string{"objectives": {"reading", "skills"}, "offers": {"health"}}
	cfg, err := config.Parse([]byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n[languages.en]\nweight = 1\n[languages.cy]\nweight = 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := pageNames(src, cfg); !reflect.DeepEqual(got, want) {
		t.Errorf("pageNames = %v, want %v", got, want)
	}
}

// TestNewSection checks that plansite new makes a page only in a section
// the site has (a folder of content/, a content type or an archetype),
// unless told to start a new one with --force: a slip of one letter
// would otherwise start a section of its own.
func TestNewSection(t *testing.T) {
	files := map[string]string{
		"site.toml": "title = \"T\"\nbaseURL = \"https://example.org/\"\n" +
			"[types.quotes.fields.year]\nkind = \"int\"\n",
		"content/objectives/skills.md":  "---\ntitle: Skills\n---\n",
		"layouts/_archetypes/events.md": "---\ntitle: {{ .Title }}\n---\n",
	}
	tests := []struct {
		name    string
		args    []string
		status  int
		created string // the page made, or "" for none
		stderr  string // how the error starts
	}{
		{"a content type", []string{"quotes", "A quote"}, ExitOK, "content/quotes/a-quote.md", ""},
		{"a folder", []string{"objectives", "Reading"}, ExitOK, "content/objectives/reading.md", ""},
		{"an archetype", []string{"events", "A talk"}, ExitOK, "content/events/a-talk.md", ""},
		{"a near miss", []string{"quote", "A quote"}, ExitSite, "",
			`plansite new: no section "quote" (did you mean "quotes"?)`},
		{"a near miss of an archetype", []string{"event", "A talk"}, ExitSite, "",
			`plansite new: no section "event" (did you mean "events"?)`},
		{"nothing near", []string{"news", "Hello"}, ExitSite, "",
			`plansite new: no section "news"; the sections are: events, objectives, quotes`},
		{"forced", []string{"quote", "A quote", "--force"}, ExitOK, "content/quote/a-quote.md", ""},
		{"forced, flag first", []string{"--force", "news", "Hello"}, ExitOK, "content/news/hello.md", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeSite(t, files)
			var stdout, stderr bytes.Buffer
			args := append([]string{"new", "-s", src}, tt.args...)
			status := (&App{Stdout: &stdout, Stderr: &stderr}).Run(context.Background(), args)
			if status != tt.status || !strings.HasPrefix(stderr.String(), tt.stderr) {
				t.Errorf("status %d, stderr %q; want %d, %q", status, stderr.String(), tt.status, tt.stderr)
			}
			if tt.created != "" {
				if _, err := os.Stat(filepath.Join(src, filepath.FromSlash(tt.created))); err != nil {
					t.Errorf("%s was not made: %v (stdout %q)", tt.created, err, stdout.String())
				}
				return
			}
			// Nothing written: no page, no folder.
			if _, err := os.Stat(filepath.Join(src, "content", tt.args[0])); !os.IsNotExist(err) {
				t.Errorf("content/%s was made (%v)", tt.args[0], err)
			}
		})
	}
}
