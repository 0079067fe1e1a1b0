package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteData checks what templates see of data/: a CSV file as a list
// of rows keyed by its header, YAML in a folder as a map of the folder's
// files, JSON as it is, with the list functions working on them.
func TestSiteData(t *testing.T) {
	s := buildSite(t, minimalConfig+`
-- layouts/home.html --
<!doctype html><title>x</title>
{{ range .Site.Data.progress }}<p>{{ .objective }} {{ .action }}: {{ index . "status" }}</p>{{ end }}
{{ range where .Site.Data.progress "status" "done" }}<b>{{ .objective }}</b>{{ end }}
{{ range .Site.Data.team.people }}<i>{{ .Name }}</i>{{ end }}
{{ with index .Site.Data "offers" }}{{ .count }} offers{{ end }}
{{ len .Site.Data }} files
-- content/_index.md --
---
title: Home
---
-- data/progress.csv --
objective,action,status
skills,1,done
skills,2,"in progress, slowly"
-- data/team/people.yaml --
- Name: Asha
- Name: Ben
-- data/offers.json --
{"count": 4}
`)
	got := s.file("index.html")
	for _, want := range []string{
		"<p>skills 1: done</p><p>skills 2: in progress, slowly</p>",
		"<b>skills</b>\n",
		"<i>Asha</i><i>Ben</i>",
		"4 offers",
		"3 files",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("index.html lacks %q:\n%s", want, got)
		}
	}
}

// trackerSite is a plan whose actions carry no status, with the tracker
// reporting progress on them, and layouts that show it: the objective's
// page, the list of objectives, and a page that reads the tracker's file.
const trackerSite = `-- site.toml --
title = "Plan"
baseURL = "https://example.org/"
[types.objectives.fields.actions]
kind = "records"
[types.objectives.fields.actions.fields.text]
required = true
[types.objectives.fields.actions.fields.status]
values = ["planned", "in progress", "done"]
[types.objectives.fields.actions.fields.updated]
kind = "date"
[types.objectives.fields.actions.fields.note]
kind = "string"
[tracker]
-- layouts/home.html --
<!doctype html><title>x</title>{{ range .Site.Data.progress }}[{{ .objective }}/{{ .action }}]{{ end }}
-- layouts/objectives/section.html --
<!doctype html><title>x</title>{{ range .Pages }}<h2>{{ .Title }}</h2>{{ range .Params.actions }}{{ .status }};{{ end }}{{ end }}
-- layouts/objectives/page.html --
<!doctype html><title>x</title><ol>{{ range .Params.actions }}<li>{{ .text }}{{ with .status }} ({{ . }}{{ with $.Params.nothing }}{{ end }}){{ end }}{{ with .updated }} {{ .Format "2 January 2006" }}{{ end }}{{ with .note }}: {{ . }}{{ end }}</li>{{ end }}</ol>
-- content/_index.md --
---
title: Home
---
-- content/objectives/_index.md --
---
title: Objectives
---
-- content/objectives/skills.md --
---
title: Skills
actions:
  - text: Train
  - text: Share
  - text: Lead
---
-- content/objectives/reading.md --
---
title: Reading
actions:
  - text: Read
---
-- content/about.md --
---
title: About
---
`

// TestTracker checks that the tracker's rows show on the pages as if the
// actions' front matter said them, and actions it does not report show no
// status.
func TestTracker(t *testing.T) {
	s := buildSite(t, trackerSite+`-- data/progress.csv --
objective,action,status,updated,note
skills,2,done,2019-10-01,"Launched, at last"
reading,1,in progress,,
`)
	if got, want := s.file("objectives/skills/index.html"), "<ol><li>Train</li><li>Share (done) 1 October 2019: Launched, at last</li><li>Lead</li></ol>"; !strings.Contains(got, want) {
		t.Errorf("skills:\n%s\nwant %s", got, want)
	}
	if got, want := s.file("objectives/index.html"), "<h2>Reading</h2>in progress;<h2>Skills</h2>;done;;"; !strings.Contains(got, want) {
		t.Errorf("objectives:\n%s\nwant %s", got, want)
	}
	if got, want := s.file("index.html"), "[skills/2][reading/1]"; !strings.Contains(got, want) {
		t.Errorf("home:\n%s\nwant %s", got, want)
	}
}

// TestDataErrors checks that every problem of the data files is reported
// in one build, each at its place, and that nothing is published.
func TestDataErrors(t *testing.T) {
	site := strings.Replace(trackerSite, "[tracker]\n", "[tracker]\n[data.people.fields.objective]\nkind = \"ref\"\nsection = \"objectives\"\n", 1)
	s := buildSiteWithErrors(t, site+`-- data/progress.csv --
objective,action,status
skills,2,done
skils,1,done
skills,4,done
skills,2,in progress
reading,1,Done
-- data/people.yaml --
- objective: readng
-- data/old.csv --
name
caf`+"\xe9"+`
`)
	want := `data/old.csv:2:1: the file is not UTF-8 text: row 2 is the first with a character that is not (a spreadsheet saved it as plain "CSV", in its own encoding): save it as "CSV UTF-8"
data/people.yaml:1:14: objective "readng" does not exist (did you mean "reading"?)
data/progress.csv:3:1: objective "skils" does not exist (did you mean "skills"?)
data/progress.csv:4:8: objective skills has 3 actions, so there is no action 4
data/progress.csv:5:1: action 2 of skills is reported twice (first on row 2): keep one row
data/progress.csv:6:11: status: "Done" is not one of: planned, in progress, done (did you mean "done"?)
`
	if got := s.messages(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if s.res.Published || len(s.b.Output()) > 0 {
		t.Error("a build with errors published its output")
	}
}

// TestDataRebuild checks that an edit of a data file renders again the
// pages that read .Site.Data and those whose progress changed, and no
// others; and that a save that changes nothing renders nothing.
func TestDataRebuild(t *testing.T) {
	s := buildSite(t, trackerSite+`-- data/progress.csv --
objective,action,status
skills,2,done
-- data/notes.yaml --
a: 1
`, func(o *Options) { o.Incremental = true })
	edit := func(rel, text string) *Result {
		t.Helper()
		if err := os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := s.b.Rebuild(context.Background(), []string{rel})
		if err != nil || res.Failed() {
			t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
		}
		return res
	}
	tests := []struct {
		name, file, text, page, want string
		rendered                     int
	}{
		// Home reads .Site.Data; skills' page and the list of objectives
		// show skills' actions.
		{"a status", "data/progress.csv", "objective,action,status\nskills,2,in progress\n", "objectives/skills/index.html", "<li>Share (in progress)</li>", 3},
		{"the same bytes", "data/progress.csv", "objective,action,status\nskills,2,in progress\n", "", "", 0},
		// Skills goes back to its front matter, reading takes a status.
		{"another objective", "data/progress.csv", "objective,action,status\nreading,1,done\n", "objectives/reading/index.html", "<li>Read (done)</li>", 4},
		{"a data file no objective reads", "data/notes.yaml", "a: 2\n", "", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := edit(tt.file, tt.text)
			if res.Rendered != tt.rendered {
				t.Errorf("rendered %d pages, want %d", res.Rendered, tt.rendered)
			}
			if tt.page != "" && !strings.Contains(s.file(tt.page), tt.want) {
				t.Errorf("%s:\n%s\nwant %s", tt.page, s.file(tt.page), tt.want)
			}
		})
	}
}
