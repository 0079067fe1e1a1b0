package content

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"plansite/internal/diag"
	"plansite/internal/frontmatter"
)

// row makes a record as a CSV row is read: each cell at its column of
// line 7, a whole number as a number (as a cell of an int field is read),
// an empty cell a value left empty.
func row(cells ...string) *frontmatter.Node {
	n := &frontmatter.Node{Kind: frontmatter.Map, Pos: diag.Pos{Line: 7, Col: 1}}
	col := 1
	for _, c := range cells {
		key, text, _ := strings.Cut(c, "=")
		at := diag.Pos{Line: 7, Col: col}
		v := &frontmatter.Node{Pos: at, KeyPos: at}
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			v.Val = i
		} else if text != "" {
			v.Val = text
		}
		n.Keys, n.Items = append(n.Keys, key), append(n.Items, v)
		col += len(text) + 1
	}
	return n
}

// TestCheckRecord checks that a data file's record is checked as front
// matter is, with the same messages and hints, each at its own value.
func TestCheckRecord(t *testing.T) {
	cfg := newConfig(t, `
[data.progress.fields.objective]
kind = "ref"
section = "objectives"
required = true
[data.progress.fields.action]
kind = "int"
required = true
[data.progress.fields.status]
values = ["planned", "in progress", "done"]
[data.progress.fields.updated]
kind = "date"
[data.progress.fields.note]
default = "none"
`)
	fields := cfg.Data["progress"].Fields
	const whose = "rows of data/progress.csv"
	tests := []struct {
		name string
		row  *frontmatter.Node
		want string
	}{
		{"a value not among the field's", row("objective=skills", "action=2", "status=Done"),
			`7:10: status: "Done" is not one of: planned, in progress, done (did you mean "done"?)`},
		{"not a number", row("objective=skills", "action=two"),
			`7:8: action must be a whole number, not the text "two"`},
		{"not a date", row("objective=skills", "action=2", "updated=soon"),
			`7:10: updated: "soon" is not a date: write it as 2019-04-01 or 2019-04-01T09:30:00Z`},
		{"a required value left empty", row("objective=", "action=2"),
			`7:1: objective is empty: rows of data/progress.csv need it (the name of a page of objectives)`},
		{"a required field missing", row("action=2"),
			`7:1: missing required field "objective": rows of data/progress.csv need it (the name of a page of objectives)`},
		{"an unknown field", row("objective=skills", "action=2", "staus=done"),
			`7:10: unknown field "staus" (did you mean "status"?); rows of data/progress.csv take: objective, action, status, updated, note`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, ds := CheckRecord("data/progress.csv", tt.row, fields, whose)
			var got []string
			for _, d := range ds {
				got = append(got, posOf(d)+": "+d.Message)
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, "\n"), tt.want)
			}
		})
	}

	rec, refs, ds := CheckRecord("data/progress.csv", row("Objective=skills", "action=2", "status=done", "updated=2019-10-01"), fields, whose)
	want := map[string]any{"objective": "skills", "action": 2, "status": "done",
		"updated": time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC), "note": "none"}
	if len(ds) > 0 || !reflect.DeepEqual(rec, want) {
		t.Errorf("got %v %v, want %v", rec, ds, want)
	}
	if len(refs) != 1 || refs[0] != (Ref{Field: "objective", Section: "objectives", Name: "skills", Pos: diag.Pos{Line: 7, Col: 1}}) {
		t.Errorf("references %+v", refs)
	}
}
