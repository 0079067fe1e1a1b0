package data

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"plansite/internal/config"
	"plansite/internal/diag"
)

// writeFiles writes files (slash paths relative to the site folder) into
// a new site folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// types reads the data types of a site.toml's [data] tables.
func types(t *testing.T, toml string) map[string]*config.Type {
	t.Helper()
	cfg, err := config.Parse([]byte("title = \"T\"\n" + toml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Data
}

func load(t *testing.T, files map[string]string, typ map[string]*config.Type) *Set {
	t.Helper()
	s, _ := NewLoader(writeFiles(t, files), typ).Load()
	return s
}

func messages(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}

// TestCSVAsSpreadsheetsSaveIt reads the CSV that Excel, LibreOffice and
// Google Sheets write: a BOM or none, CRLF or LF, quoted cells holding the
// separator, quotes and line breaks, Excel's semicolons and its "sep="
// line, and trailing rows of empty cells; each gives the same rows.
func TestCSVAsSpreadsheetsSaveIt(t *testing.T) {
	want := []map[string]any{
		{"objective": "skills", "action": "2", "note": "Training, then \"practice\"\nin two parts"},
		{"objective": "reading", "action": "1", "note": ""},
	}
	for name, src := range map[string]string{
		"Google Sheets (LF, no BOM)":  "objective,action,note\nskills,2,\"Training, then \"\"practice\"\"\nin two parts\"\nreading,1,\n",
		"Excel CSV UTF-8 (BOM, CRLF)": "\ufeffobjective,action,note\r\nskills,2,\"Training, then \"\"practice\"\"\r\nin two parts\"\r\nreading,1,\r\n",
		"Excel with semicolons":       "objective;action;note\r\nskills;2;\"Training, then \"\"practice\"\"\nin two parts\"\r\nreading;1;\r\n",
		"Excel's sep= line":           "sep=;\r\nobjective;action;note\r\nskills;2;\"Training, then \"\"practice\"\"\nin two parts\"\r\nreading;1;\r\n",
		"trailing empty rows":         "objective,action,note\nskills,2,\"Training, then \"\"practice\"\"\nin two parts\"\nreading,1,\n,,\n,,\n",
		"no line break at the end":    "objective,action,note\nskills,2,\"Training, then \"\"practice\"\"\nin two parts\"\nreading,1,",
		"header with spaces":          "objective , action,note\nskills,2,\"Training, then \"\"practice\"\"\nin two parts\"\nreading,1,\n",
	} {
		t.Run(name, func(t *testing.T) {
			s := load(t, map[string]string{"data/progress.csv": src}, nil)
			if len(s.Diags) > 0 {
				t.Fatalf("problems: %s", messages(s.Diags))
			}
			if got := s.Values["progress"]; !reflect.DeepEqual(got, want) {
				t.Errorf("got  %#v\nwant %#v", got, want)
			}
		})
	}
}

// TestBadCSV checks that each way a CSV file goes wrong is one clear
// error at its place, and never a crash or a hang.
func TestBadCSV(t *testing.T) {
	typed := types(t, `
[types.objectives.fields.title]
[data.progress.fields.objective]
kind = "ref"
section = "objectives"
required = true
[data.progress.fields.action]
kind = "int"
required = true
description = "its number in the objective"
[data.progress.fields.status]
values = ["planned", "in progress", "done"]
[data.progress.fields.steps]
kind = "records"
[data.progress.fields.steps.fields.text]
`)
	tests := []struct{ name, src, want string }{
		{"Windows-1252 from an old Excel", "objective,action,note\nskills,1,ok\nskills,2,caf\xe9 \x96 closed\n",
			`data/progress.csv:3:10: the file is not UTF-8 text: row 3 is the first with a character that is not (a spreadsheet saved it as plain "CSV", in its own encoding): save it as "CSV UTF-8"`},
		{"UTF-16", "\xff\xfeo\x00b\x00j\x00",
			`data/progress.csv:1:1: the file is UTF-16 text ("Unicode Text"), not UTF-8: save it as "CSV UTF-8"`},
		{"an Excel workbook renamed", "PK\x03\x04\x14\x00\x06\x00",
			`data/progress.csv:1:1: this is a spreadsheet's own file (Excel, LibreOffice), not CSV: save it as "CSV UTF-8"`},
		{"a bare quote", "objective,note\nskills,a 5\" screen\n",
			`data/progress.csv:2:11: a quote (") in a cell that does not start with one: put the whole cell in quotes and double the quote inside it ("5"" screen"), as spreadsheets do`},
		{"a quote never closed", "objective,note\nskills,\"open\nreading,1\n",
			`data/progress.csv:2:1: a cell of this row opens a quote (") that is never closed: close it at the end of the cell`},
		{"more after a closing quote", "objective,note\nskills,\"a\"b\n",
			`data/progress.csv:2:10: a cell in quotes goes on after its closing quote: put the whole cell in quotes and double each quote inside it ("5"" screen")`},
		{"a ragged row", "objective,action\nskills,1\nskills,2,done\n",
			`data/progress.csv:3:10: row 3 has a cell past the header's last column (2): name its column in row 1, or remove the cell`},
		{"a short row, untyped", "objective,action,note\nskills\n", ``},
		{"data in a column without a name", "objective,,note\nskills,,\nskills,oops,\nskills,again,\n",
			`data/progress.csv:3:8: column 2 has no name in row 1, but row 3 has "oops" in it: name the column, or empty it`},
		{"a column named twice", "objective,note,Note\n",
			`data/progress.csv:1:16: column "Note" is named twice (first as column 2): rename one`},
	}
	typedTests := []struct{ name, src, want string }{
		{"empty", "",
			`data/progress.csv:1:1: the file is empty: its first row names the columns (objective, action, status, steps)`},
		{"a header without a required column", "objective,status\nskills,done\n",
			"data/progress.csv:1:1: the header has no column \"action\", which every row needs (its number in the objective)\n" +
				`data/progress.csv:2:1: missing required field "action": rows of data/progress.csv need it (its number in the objective)`},
		{"a misspelt column", "objective,acton,status\nskills,1,done\n",
			"data/progress.csv:1:11: unknown column \"acton\" (did you mean \"action\"?); the columns are: objective, action, status, steps\n" +
				`data/progress.csv:2:1: missing required field "action": rows of data/progress.csv need it (its number in the objective)`},
		{"a records column", "objective,action,steps\nskills,1,x\n",
			`data/progress.csv:1:18: column "steps": a cell cannot hold records; keep progress in a YAML or JSON file`},
		{"values checked", "objective,action,status\nskills,1,done\nskills,two,Done\n",
			"data/progress.csv:3:8: action must be a whole number, not the text \"two\"\n" +
				`data/progress.csv:3:12: status: "Done" is not one of: planned, in progress, done (did you mean "done"?)`},
	}
	run := func(name, src, want string, typ map[string]*config.Type) {
		t.Run(name, func(t *testing.T) {
			s := load(t, map[string]string{"data/progress.csv": src}, typ)
			if got := messages(s.Diags); strings.TrimSpace(got) != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	for _, tt := range tests {
		run(tt.name, tt.src, tt.want, nil)
	}
	for _, tt := range typedTests {
		run("typed: "+tt.name, tt.src, tt.want, typed)
	}
}

// TestTypedCSV checks that a typed CSV file's cells become their fields'
// kinds, with positions for the checks, and its records are kept.
func TestTypedCSV(t *testing.T) {
	typ := types(t, `
[types.objectives.fields.title]
[data.people.fields.name]
required = true
[data.people.fields.since]
kind = "date"
[data.people.fields.fte]
kind = "float"
[data.people.fields.lead]
kind = "bool"
[data.people.fields.offers]
kind = "refs"
section = "offers"
[data.people.fields.team]
default = "core"
`)
	s := load(t, map[string]string{"data/people.csv": "Name,since,fte,lead,offers\nAsha,2019-04-01,0.5,TRUE,\"reading, health\"\n\"Ben\nJones\",,1,false,\n"}, typ)
	if len(s.Diags) > 0 {
		t.Fatal(messages(s.Diags))
	}
	want := []map[string]any{
		{"name": "Asha", "since": time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC), "fte": 0.5, "lead": true, "offers": []string{"reading", "health"}, "team": "core"},
		{"name": "Ben\nJones", "fte": 1.0, "lead": false, "team": "core"},
	}
	if got := s.Values["people"]; !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	recs := s.File("people").Records
	if len(recs) != 2 || recs[1].Row != 3 || recs[1].Pos != (diag.Pos{Line: 3, Col: 1}) || recs[1].Where() != "row 3" || !recs[1].OK {
		t.Errorf("records %+v", recs)
	}
	if refs := recs[0].Refs; len(refs) != 2 || refs[1].Name != "health" || refs[1].Section != "offers" {
		t.Errorf("references %+v", refs)
	}
}

// TestTooLarge checks that a file over the bound (8 MB for CSV, 1 MB for
// YAML, JSON and TOML) is refused at once, unread, and that a file of
// millions of empty cells is too.
func TestTooLarge(t *testing.T) {
	dir := writeFiles(t, map[string]string{"data/huge.csv": "", "data/big.yaml": "", "data/cells.csv": "a" + strings.Repeat(",", maxCells+5) + "\n"})
	if err := os.Truncate(filepath.Join(dir, "data", "huge.csv"), 50_000_000); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dir, "data", "big.yaml"), 2_000_000); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s, _ := NewLoader(dir, nil).Load()
	want := "data/big.yaml: the file is 2.0 MB, and a YAML, JSON or TOML data file may be at most 1 MB: keep a long table in a CSV file\n" +
		"data/cells.csv:1:1: more than 1000000 cells: a data file is for a table a site shows, not a database\n" +
		"data/huge.csv: the file is 50.0 MB, and a data file may be at most 8 MB: a site's tables are far smaller (is this the file you meant?)\n"
	if got := messages(s.Diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestLongLines reads a minified JSON file and a CSV file of one long row,
// whose positions, counted from each line's start, took time quadratic in
// its length: minutes for a few megabytes. The bound is a hang's, not a
// measure of speed.
func TestLongLines(t *testing.T) {
	const n = 200_000
	var header strings.Builder
	for i := range n {
		fmt.Fprintf(&header, "é%d,", i)
	}
	dir := writeFiles(t, map[string]string{
		"data/wide.json": "[" + strings.Repeat(`"é",`, n) + "1]",
		"data/long.csv":  header.String() + "end\n" + strings.Repeat("é,", n) + "x\n",
	})
	start := time.Now()
	s, _ := NewLoader(dir, nil).Load()
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("reading took %v", d)
	}
	if len(s.Diags) > 0 || len(s.Values["wide"].([]any)) != n+1 || s.Values["long"].([]map[string]any)[0]["end"] != "x" {
		t.Errorf("problems %v", s.Diags)
	}
}

// TestManyProblems checks that a file with the same mistake in every row
// lists the first hundred, and counts the rest.
func TestManyProblems(t *testing.T) {
	typ := types(t, "[data.people.fields.since]\nkind = \"date\"\n")
	s := load(t, map[string]string{"data/people.csv": "since\n" + strings.Repeat("01/04/2019\n", 1000)}, typ)
	if len(s.Diags) != 101 {
		t.Fatalf("%d problems, want 100 and one counting the rest", len(s.Diags))
	}
	if got, want := s.Diags[99].Error(), `data/people.csv:101:1: since: "01/04/2019" is not a date: write it as 2019-04-01 or 2019-04-01T09:30:00Z`; got != want {
		t.Errorf("the last listed:\n%s\nwant\n%s", got, want)
	}
	if got, want := s.Diags[100].Error(), "data/people.csv: and 900 more problems after line 101, not listed: fix these first"; got != want {
		t.Errorf("the count:\n%s\nwant\n%s", got, want)
	}
}

// TestStructuredFiles reads YAML, JSON and TOML as they are: keys as
// written, whole numbers as ints, dates as times; folders as maps.
func TestStructuredFiles(t *testing.T) {
	s := load(t, map[string]string{
		"data/team/people.yaml": "- Name: Asha\n  Since: 2019-04-01\n- Name: Ben\n",
		"data/offers.json":      `{"Reading": {"count": 4, "share": 0.5, "core": true, "none": null}}`,
		"data/plan.toml":        "year = 2019\n[[goals]]\ntitle = \"Skills\"\n",
		"data/README.md":        "notes",
		"data/empty.yml":        "",
	}, nil)
	if len(s.Diags) > 0 {
		t.Fatal(messages(s.Diags))
	}
	want := map[string]any{
		"team":   map[string]any{"people": []any{map[string]any{"Name": "Asha", "Since": time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)}, map[string]any{"Name": "Ben"}}},
		"offers": map[string]any{"Reading": map[string]any{"count": 4, "share": 0.5, "core": true, "none": nil}},
		"plan":   map[string]any{"year": 2019, "goals": []any{map[string]any{"title": "Skills"}}},
		"empty":  nil,
	}
	if !reflect.DeepEqual(s.Values, want) {
		t.Errorf("got  %#v\nwant %#v", s.Values, want)
	}
}

// TestBadStructuredFiles checks the errors of YAML, JSON and TOML files,
// each at its place, and the bounds on what a few lines expand to.
func TestBadStructuredFiles(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'i'; i++ {
		bomb += string(i) + ": &" + string(i) + " [" + strings.Repeat("*"+string(i-1)+", ", 9) + "*" + string(i-1) + "]\n"
	}
	tests := []struct{ file, src, want string }{
		{"data/a.yaml", "a: 1\n b: 2\n", `data/a.yaml:2:2: YAML: mapping values are not allowed in this context`},
		{"data/a.json", "{\"a\": 1,\n \"b\" 2}", `data/a.json:2:6: JSON: invalid character '2' after object key`},
		{"data/a.json", "[1, 2", `data/a.json:1:6: JSON: the file ends before the value does (a { or [ is not closed)`},
		{"data/a.json", "[1] [2]", `data/a.json:1:5: JSON: more after the end of the value: a file holds one value (use a list, [ … ], for more)`},
		{"data/a.toml", "a = 1\nb = \n", `data/a.toml:2:5: TOML: expected value but found '\n' instead`},
		{"data/a.yaml", "note: caf\xe9\n", `data/a.yaml:1:10: the file is not UTF-8 text (this is its first character that is not): save it as UTF-8`},
		{"data/a.yaml", bomb, `data/a.yaml:6:8: more than 250000 values (counting those YAML aliases repeat): split the file, or use CSV for a long table`},
		{"data/a.json", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), `data/a.json:1:66: values nested more than 64 deep: data files need far fewer levels`},
		{"data/a.toml", "a = " + strings.Repeat("[", 1000000), `data/a.toml:1:69: values nested more than 64 deep: data files need far fewer levels`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s := load(t, map[string]string{tt.file: tt.src}, nil)
			if got := strings.TrimSpace(messages(s.Diags)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestTypedStructuredFiles checks typed YAML, JSON and TOML files: a list
// of records, or one set of fields, each checked at its place.
func TestTypedStructuredFiles(t *testing.T) {
	typ := types(t, `
[data.people.fields.name]
required = true
[data.people.fields.role]
values = ["lead", "member"]
`)
	tests := []struct{ file, src, want string }{
		{"data/people.yaml", "- name: Asha\n  role: lead\n- name: Ben\n  role: Lead\n- role: member\n- just text\n",
			"data/people.yaml:4:9: role: \"Lead\" is not one of: lead, member (did you mean \"lead\"?)\n" +
				"data/people.yaml:5:3: missing required field \"name\": records of data/people.yaml need it\n" +
				"data/people.yaml:6:3: item 4 must be a set of fields (name, role), not the text \"just text\""},
		{"data/people.json", "[{\"name\": \"Asha\", \"rol\": \"lead\"}]",
			`data/people.json:1:19: unknown field "rol" (did you mean "role"?); records of data/people.json take: name, role`},
		{"data/people.toml", "name = \"\"\nrole = \"member\"\n",
			`data/people.toml:1:8: name is empty: records of data/people.toml need it`},
		{"data/people.yaml", "", `data/people.yaml:1:1: the file is empty: it holds a list of records, each with the fields name, role`},
		{"data/people.yaml", "3", `data/people.yaml:1:1: the file must hold a list of records, or one set of fields (name, role), not the number 3`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s := load(t, map[string]string{tt.file: tt.src}, typ)
			if got := strings.TrimSpace(messages(s.Diags)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestNames checks what a file's name can clash with, and that a type
// whose name is near a file's, which it does not type, is reported.
func TestNames(t *testing.T) {
	s := load(t, map[string]string{
		"data/people.csv":     "name\n",
		"data/people.yaml":    "[]",
		"data/team.yaml":      "lead: Asha\n",
		"data/team/new.csv":   "name\n",
		"data/progress.csv":   "objective\n",
		"data/plan.xlsx":      "PK",
		"data/.~lock.a.csv#":  "lock",
		"data/~$progress.csv": "lock",
	}, types(t, "[data.progres.fields.objective]\n[data.later.fields.x]\n"))
	want := "data/people.yaml: data/people.csv and data/people.yaml are both .Site.Data.people: rename one\n" +
		"data/plan.xlsx: warning: this spreadsheet is not read: save it as \"CSV UTF-8\" for templates to see it as .Site.Data\n" +
		"data/team/new.csv: data/team.yaml and data/team/ are both .Site.Data.team: rename one\n" +
		"site.toml:2:1: data type \"progres\" has no file data/progres.csv (or .yaml, .json, .toml) (did you mean \"progress\"?)\n"
	var ds diag.List
	ds.Add(s.Diags...)
	if got := messages(ds.Items()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestReload checks that a loader reports a change only when a file's
// bytes, or the list of files, changed, and reads only the files that did.
func TestReload(t *testing.T) {
	dir := writeFiles(t, map[string]string{"data/a.csv": "x\n1\n", "data/b.yaml": "k: v\n"})
	l := NewLoader(dir, nil)
	first, changed := l.Load()
	if !changed {
		t.Error("the first load reports no change")
	}
	again, changed := l.Load()
	if changed || again.File("a") != first.File("a") {
		t.Errorf("a load of the same files: changed %v, read again %v", changed, again.File("a") != first.File("a"))
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "b.yaml"), []byte("k: w\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	edited, changed := l.Load()
	if !changed || edited.File("a") != first.File("a") || edited.Values["b"].(map[string]any)["k"] != "w" {
		t.Errorf("after an edit: changed %v, values %v", changed, edited.Values)
	}
	if err := os.Remove(filepath.Join(dir, "data", "a.csv")); err != nil {
		t.Fatal(err)
	}
	if gone, changed := l.Load(); !changed || gone.File("a") != nil {
		t.Errorf("after a deletion: changed %v, a %v", changed, gone.File("a"))
	}
}
