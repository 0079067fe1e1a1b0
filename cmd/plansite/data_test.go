package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreviewData checks that the preview sees data/ appear, updates the
// open pages that read a CSV file when it is saved, shows a file saved in
// another encoding as an error at its row, and recovers once it is fixed.
func TestPreviewData(t *testing.T) {
	home := `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}`
	site := strings.Replace(previewSite, home, home+`{{ range .Site.Data.progress }}<p>{{ .objective }}: {{ .status }}</p>{{ end }}`, 1)
	if site == previewSite {
		t.Fatal("the preview site's home layout is not as this test expects")
	}
	p := startPreview(t, site)
	t.Run("data appears", func(t *testing.T) {
		staged := filepath.Join(t.TempDir(), "data")
		writeFile(t, filepath.Join(staged, "progress.csv"), "objective,status\r\nskills,planned\r\n")
		if err := os.Rename(staged, filepath.Join(p.dir, "data")); err != nil {
			t.Fatal(err)
		}
		p.expect("update")
		if home := p.page("/"); !strings.Contains(home, "<p>skills: planned</p>") {
			t.Errorf("the new data file is not shown:\n%s", home)
		}
	})
	t.Run("saved from a spreadsheet", func(t *testing.T) {
		p.atomicSave("data/progress.csv", "\ufeffobjective,status\r\nskills,done\r\n")
		p.expect("update")
		if home := p.page("/"); !strings.Contains(home, "<p>skills: done</p>") {
			t.Errorf("the edit is not shown:\n%s", home)
		}
	})
	t.Run("saved as Windows-1252, then fixed", func(t *testing.T) {
		p.write("data/progress.csv", "objective,status\r\ncaf\xe9,done\r\n")
		p.expect("update")
		home := p.page("/")
		for _, want := range []string{`id="plansite-errors"`, "data/progress.csv:2:1", "save it as &#34;CSV UTF-8&#34;", "<p>skills: done</p>"} {
			if !strings.Contains(home, want) {
				t.Errorf("the error overlay lacks %q:\n%s", want, home)
			}
		}
		p.write("data/progress.csv", "objective,status\r\ncafé,done\r\n")
		p.expect("update")
		if home := p.page("/"); strings.Contains(home, "plansite-errors") || !strings.Contains(home, "<p>café: done</p>") {
			t.Errorf("the overlay did not go once fixed:\n%s", home)
		}
	})
}
