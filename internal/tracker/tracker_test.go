package tracker

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/data"
	"plansite/internal/diag"
	"plansite/internal/site"
)

// The content type the tracker reports on, as the default site declares
// it once actions have no status by default.
const siteToml = `title = "Plan"
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
`

var pages = map[string]string{
	"objectives/skills.md":  "---\ntitle: Skills\nactions:\n  - text: Train\n  - text: Share\n    status: planned\n  - text: Recruit\n  - text: Lead\n---\n",
	"objectives/reading.md": "---\ntitle: Reading\nactions:\n  - text: Read\n---\n",
	"objectives/empty.md":   "---\ntitle: Empty\n---\n",
}

// setUp links the pages and reads the tracker's file.
func setUp(t *testing.T, csv string) (*site.Site, *config.Config, *data.Set) {
	t.Helper()
	return setUpSite(t, siteToml, pages, csv)
}

// setUpSite links the pages of a site of the configuration given, and
// reads the tracker's file.
func setUpSite(t *testing.T, toml string, pages map[string]string, csv string) (*site.Site, *config.Config, *data.Set) {
	t.Helper()
	cfg, err := config.Parse([]byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	var srcs []*content.Page
	for rel, text := range pages {
		p, ds := content.Parse(rel, []byte(text), cfg)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		srcs = append(srcs, p)
	}
	s, ds := site.New(cfg, srcs, nil, site.Options{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "progress.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	set, _ := data.NewLoader(dir, map[string]*config.Type{"progress": cfg.TrackerType()}).Load()
	return s, cfg, set
}

func actions(s *site.Site, rel string) []map[string]any {
	return s.ByContentPath(rel).Params()["actions"].([]map[string]any)
}

// TestApply checks that each row sets its action's status, updated and
// note, in the params templates see, and leaves the rest as the page has
// it: other actions, other pages, a field the row leaves blank.
func TestApply(t *testing.T) {
	s, cfg, set := setUp(t, "objective,action,status,updated,note\r\nskills,2,done,2019-10-01,Launched at the conference\r\nskills,4,in progress,,\r\nreading,1,,2019-11-05,\r\n")
	if len(set.Diags) > 0 {
		t.Fatal(set.Diags)
	}
	own := s.ByContentPath("objectives/skills.md").Src.Params["actions"]
	if ds := Apply(s, cfg, set.File("progress")); len(ds) > 0 {
		t.Fatal(ds)
	}
	want := []map[string]any{
		{"text": "Train"},
		{"text": "Share", "status": "done", "updated": time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC), "note": "Launched at the conference"},
		{"text": "Recruit"},
		{"text": "Lead", "status": "in progress"},
	}
	if got := actions(s, "objectives/skills.md"); !reflect.DeepEqual(got, want) {
		t.Errorf("skills' actions:\n got %v\nwant %v", got, want)
	}
	if got := actions(s, "objectives/reading.md"); !reflect.DeepEqual(got, []map[string]any{{"text": "Read", "updated": time.Date(2019, 11, 5, 0, 0, 0, 0, time.UTC)}}) {
		t.Errorf("reading's actions: %v", got)
	}
	if !reflect.DeepEqual(s.ByContentPath("objectives/skills.md").Src.Params["actions"], own) || len(own.([]map[string]any)[1]) != 2 {
		t.Errorf("the page's own front matter changed: %v", own)
	}
}

// TestApplyTranslations checks that a row's report holds for the page's
// translation too, but for the note, which is in the default language's
// words; and that an action the translation does not have is warned of.
// The Welsh is test text.
func TestApplyTranslations(t *testing.T) {
	toml := strings.Replace(siteToml, "[tracker]", "[languages.en]\nweight = 1\n[languages.cy]\nweight = 2\n[tracker]", 1)
	s, cfg, set := setUpSite(t, toml, map[string]string{
		"objectives/skills.md":    pages["objectives/skills.md"],
		"objectives/skills.cy.md": "---\ntitle: Testun prawf\nactions:\n  - text: Testun prawf un\n  - text: Testun prawf dau\n---\n",
	}, "objective,action,status,updated,note\nskills,2,done,2019-10-01,Launched at the conference\nskills,4,in progress,,\n")
	if len(set.Diags) > 0 {
		t.Fatal(set.Diags)
	}
	ds := Apply(s, cfg, set.File("progress"))
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	if want := []string{"data/progress.csv:3:8: warning: content/objectives/skills.cy.md has 2 actions, so the progress of action 4 is not shown in Welsh"}; !slices.Equal(got, want) {
		t.Errorf("problems:\n got %q\nwant %q", got, want)
	}
	want := []map[string]any{
		{"text": "Testun prawf un"},
		{"text": "Testun prawf dau", "status": "done", "updated": time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC)},
	}
	if got := actions(s.Lang("cy"), "objectives/skills.md"); !reflect.DeepEqual(got, want) {
		t.Errorf("the Welsh page's actions:\n got %v\nwant %v", got, want)
	}
	if got := actions(s, "objectives/skills.md")[1]["note"]; got != "Launched at the conference" {
		t.Errorf("the English page's note is %v", got)
	}
}

// TestProblems checks the rows the tracker refuses: an action the
// objective does not have, one reported twice (naming both rows), and, by
// the checks of the file's own, an objective that does not exist and a
// status that is not one of the field's values.
func TestProblems(t *testing.T) {
	s, cfg, set := setUp(t, "objective,action,status\nskills,2,done\nskills,7,done\nreading,0,done\nempty,1,done\nskills,2,in progress\nskills,3,Done\nskils,1,done\n")
	var ds diag.List
	ds.Add(set.Diags...)
	for _, f := range set.Files {
		for _, r := range f.Records {
			for _, ref := range r.Refs {
				if _, problem := s.Resolve(ref); problem != "" {
					ds.Add(diag.Errorf(f.Path, ref.Pos.Line, ref.Pos.Col, "%s", problem))
				}
			}
		}
	}
	ds.Add(Apply(s, cfg, set.File("progress"))...)
	want := []string{
		`data/progress.csv:3:8: objective skills has 4 actions, so there is no action 7`,
		`data/progress.csv:4:9: action 0: actions are numbered from 1, in the order the page lists them`,
		`data/progress.csv:5:7: objective empty has no actions, so there is no action 1`,
		`data/progress.csv:6:1: action 2 of skills is reported twice (first on row 2): keep one row`,
		`data/progress.csv:7:10: status: "Done" is not one of: planned, in progress, done (did you mean "done"?)`,
		`data/progress.csv:8:1: objective "skils" does not exist (did you mean "skills"?)`,
	}
	var got []string
	for _, d := range ds.Items() {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNoTracker checks that a site without [tracker], or without the
// tracker's file, keeps its pages' params as they are.
func TestNoTracker(t *testing.T) {
	s, cfg, _ := setUp(t, "")
	if ds := Apply(s, cfg, nil); ds != nil {
		t.Error(ds)
	}
	none, err := config.Parse([]byte(strings.Replace(siteToml, "[tracker]\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if ds := Apply(s, none, &data.File{}); ds != nil {
		t.Error(ds)
	}
	if got := actions(s, "objectives/skills.md")[1]["status"]; got != "planned" {
		t.Errorf("status %v", got)
	}
}
