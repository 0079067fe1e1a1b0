package build

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestProgressCSV checks that a site with [tracker] publishes the table of
// every action (actions.csv) once progress is reported, and that templates
// find it as .Site.Downloads.progress, with its address and size; a site
// without [tracker], or with nothing reported, has neither.
func TestProgressCSV(t *testing.T) {
	s := buildSite(t, trackerSite+`-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.progress }}<a href="{{ .RelPermalink }}" type="{{ .MediaType }}">{{ .Name }}, {{ .Size }}, {{ .Bytes }} bytes, at {{ .Permalink }}</a>{{ end }}
-- data/progress.csv --
objective,action,status
skills,2,done
`)
	csv := s.file("actions.csv")
	if !strings.HasPrefix(csv, "\uFEFFObjective,Objective title,Action,Text,Status,Updated,Note\r\n") || !strings.Contains(csv, "2,Skills,2,Share,done,,\r\n") {
		t.Errorf("actions.csv:\n%s", csv)
	}
	if got, want := s.file("about/index.html"), `<a href="/actions.csv" type="text/csv">actions.csv, 149 bytes, 149 bytes, at https://example.org/actions.csv</a>`; !strings.Contains(got, want) || len(csv) != 149 {
		t.Errorf("about:\n%s\nwant %s (the file has %d bytes)", got, want, len(csv))
	}

	plain := buildSite(t, strings.Replace(trackerSite, "[tracker]\n", "", 1)+`-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.progress }}CSV{{ else }}none{{ end }}
`)
	if plain.has("actions.csv") || !strings.Contains(plain.file("about/index.html"), "none") {
		t.Error("a site without [tracker] has a table of its actions")
	}
	none := buildSite(t, trackerSite+`-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.progress }}CSV{{ else }}none{{ end }}
-- data/progress.csv --
objective,action,status
`)
	if none.has("actions.csv") || !strings.Contains(none.file("about/index.html"), "none") {
		t.Error("a site with nothing reported has a table of its actions")
	}
}

// TestProgressCSVClaimed checks that a page, or a file of content/, where
// the build puts actions.csv is an error at its place.
func TestProgressCSVClaimed(t *testing.T) {
	page := buildSiteWithErrors(t, trackerSite+`-- content/table.md --
---
title: Table
url: /actions.csv
---
`)
	file := buildSiteWithErrors(t, trackerSite+`-- content/actions.csv --
a,b
`)
	for _, tc := range []struct {
		s    *builtSite
		want string
	}{
		{page, "content/table.md:3:6: content/table.md would be published at /actions.csv, where the tracker's table of actions is: give it another slug or url\n"},
		{file, "site.toml:13:1: content/actions.csv is published at actions.csv, where the build puts the tracker's table of actions: rename one of them\n"},
	} {
		if got := tc.s.messages(); got != tc.want {
			t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
		}
	}
}

// TestProgressCSVRebuild checks that an edit of the tracker's file or of
// an objective's front matter changes actions.csv, and renders again a
// page that shows its size, as a full build would.
func TestProgressCSVRebuild(t *testing.T) {
	s := buildSite(t, trackerSite+`-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.progress }}{{ .Bytes }}{{ end }}
-- data/progress.csv --
objective,action,status
skills,2,done
`, func(o *Options) { o.Incremental = true })
	for _, edit := range []struct{ file, text, want string }{
		{"data/progress.csv", "objective,action,status\nskills,2,in progress\n", "2,Skills,2,Share,in progress,,"},
		{"content/objectives/reading.md", "---\ntitle: Reading\nactions:\n  - text: Read more\n---\n", "1,Reading,1,Read more,,,"},
	} {
		if err := os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(edit.file)), []byte(edit.text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := s.b.Rebuild(context.Background(), []string{edit.file})
		if err != nil || res.Failed() {
			t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
		}
		csv := s.file("actions.csv")
		if !strings.Contains(csv, edit.want) {
			t.Errorf("after editing %s, actions.csv:\n%s\nwant %s", edit.file, csv, edit.want)
		}
		if got := s.file("about/index.html"); !strings.Contains(got, "<title>x</title>"+strconv.Itoa(len(csv))) {
			t.Errorf("after editing %s, about shows %s, want %d", edit.file, got, len(csv))
		}
	}
	// Nothing reported any more: the table goes.
	if err := os.WriteFile(filepath.Join(s.dir, "data", "progress.csv"), []byte("objective,action,status\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := s.b.Rebuild(context.Background(), []string{"data/progress.csv"}); err != nil || res.Failed() {
		t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
	}
	if s.has("actions.csv") || strings.TrimSpace(s.file("about/index.html")) != "<!doctype html><title>x</title>" {
		t.Errorf("with nothing reported, actions.csv is still there, or about shows %s", s.file("about/index.html"))
	}
}
