package cli

import (
	"os"
	"path/filepath"
	"reflect"
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
// the names references use: a bundle's is its folder's, not "index".
func TestPageNames(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/_index.md":                    "",
		"content/about.md":                     "",
		"content/objectives/_index.md":         "",
		"content/objectives/skills.md":         "",
		"content/objectives/reading/index.md":  "",
		"content/objectives/reading/chart.png": "",
		"content/offers/health/index.md":       "",
	})
	want := map[string][]string{"objectives": {"reading", "skills"}, "offers": {"health"}}
	if got := pageNames(src); !reflect.DeepEqual(got, want) {
		t.Errorf("pageNames = %v, want %v", got, want)
	}
}
