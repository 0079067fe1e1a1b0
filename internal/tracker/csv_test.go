package tracker

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestCSV checks the table of every action: a byte order mark, the
// header, a row for each action in the section's order (a page without a
// number field numbered by its place), the tracker's values over the front
// matter's, dates as spreadsheets write them, and quotes where RFC 4180
// wants them, lines ending in CRLF.
func TestCSV(t *testing.T) {
	s, cfg, set := setUp(t, "objective,action,status,updated,note\nskills,2,done,2019-10-01,\"Launched, at last: \"\"a \"\"start\"\"\"\nreading,1,in progress,,\n")
	if ds := Apply(s, cfg, set.File("progress")); len(ds) > 0 {
		t.Fatal(ds)
	}
	d := CSV(s, cfg)
	if d == nil || d.Name != "actions.csv" || d.MediaType != "text/csv" || len(d.Reads) != 3 {
		t.Fatalf("download %+v", d)
	}
	want := "\uFEFFObjective,Objective title,Action,Text,Status,Updated,Note\r\n" +
		"2,Reading,1,Read,in progress,,\r\n" +
		"3,Skills,1,Train,,,\r\n" +
		"3,Skills,2,Share,done,2019-10-01,\"Launched, at last: \"\"a \"\"start\"\"\"\r\n" +
		"3,Skills,3,Recruit,,,\r\n" +
		"3,Skills,4,Lead,,,\r\n"
	if got := string(d.Data); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(d.Data), "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 6 || rows[3][6] != `Launched, at last: "a "start"` {
		t.Errorf("read back: %q, %v", rows, err)
	}
}

// TestNoCSV checks that there is no table without [tracker], nor before
// any progress is reported: a status in front matter is reported, and so
// is a note alone in the tracker's file.
func TestNoCSV(t *testing.T) {
	s, cfg, _ := setUp(t, "")
	if d := CSV(s, cfg); d == nil {
		t.Error("no table, with a status in skills' front matter")
	}
	s.ByContentPath("objectives/skills.md").SetParams(map[string]any{"actions": []map[string]any{{"text": "Train"}}}, "")
	if d := CSV(s, cfg); d != nil {
		t.Errorf("a table with nothing reported: %+v", d)
	}
	s, cfg, set := setUp(t, "objective,action,note\nreading,1,Started\n")
	s.ByContentPath("objectives/skills.md").SetParams(map[string]any{"actions": []map[string]any{{"text": "Train"}}}, "")
	if Apply(s, cfg, set.File("progress")); CSV(s, cfg) == nil {
		t.Error("no table, with a note reported")
	}
	cfg.Tracker = nil
	if d := CSV(s, cfg); d != nil {
		t.Errorf("a table without a tracker: %+v", d)
	}
}
