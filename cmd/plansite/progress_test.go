package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
	"gopkg.in/yaml.v3"
)

// progressSite writes the site with progress reported
// (testdata/progress/site.txtar) into a new folder.
func progressSite(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/progress/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	return dir
}

// reportedObjective is an objective as its front matter and the tracker's
// file report it, read by the test on its own, not by plansite.
type reportedObjective struct {
	name, title string
	number      int
	actions     []map[string]string // text, status, updated, note
}

// readProgress reads the objectives' front matter and data/progress.csv
// of a site, the tracker's row winning over the front matter, and returns
// the objectives by number.
func readProgress(t *testing.T, src string) []reportedObjective {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(src, "content", "objectives", "*.md"))
	var out []reportedObjective
	for _, f := range files {
		if filepath.Base(f) == "_index.md" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, front, _ := strings.Cut(string(b), "---\n")
		front, _, _ = strings.Cut(front, "\n---\n")
		var fm struct {
			Title   string
			Number  int
			Actions []map[string]string
		}
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, reportedObjective{strings.TrimSuffix(filepath.Base(f), ".md"), fm.Title, fm.Number, fm.Actions})
	}
	slices.SortFunc(out, func(a, b reportedObjective) int { return a.number - b.number })
	rows := readCSV(t, filepath.Join(src, "data", "progress.csv"))
	for _, r := range rows[1:] {
		for i := range out {
			if out[i].name != r[0] {
				continue
			}
			n, _ := strconv.Atoi(r[1])
			for c, col := range rows[0][2:] {
				if v := r[c+2]; v != "" {
					out[i].actions[n-1][col] = v
				}
			}
		}
	}
	return out
}

func readCSV(t *testing.T, file string) [][]string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return rows
}

// tally is a chart's row as the test works it out: the counts of done, in
// progress, planned and not reported, and the words the chart gives them.
type tally struct {
	label                      string
	done, doing, planned, none int
}

func tallyOf(label string, actions []map[string]string) tally {
	t := tally{label: label}
	for _, a := range actions {
		switch a["status"] {
		case "done":
			t.done++
		case "in progress":
			t.doing++
		case "planned":
			t.planned++
		default:
			t.none++
		}
	}
	return t
}

func (t tally) counts() []int { return []int{t.done, t.doing, t.planned, t.none} }

// row is the table's row: the label, each count and the total.
func (t tally) row() []string {
	out, total := []string{t.label}, 0
	for _, c := range t.counts() {
		out, total = append(out, n(c)), total+c
	}
	return append(out, n(total))
}

// words are the bar's text alternative: "Objective 2: 1 done, 2 not
// reported", leaving out what counts none.
func (t tally) words() string {
	var w []string
	for i, c := range t.counts() {
		if c > 0 {
			w = append(w, fmt.Sprintf("%d %s", c, []string{"done", "in progress", "planned", "not reported"}[i]))
		}
	}
	return t.label + ": " + strings.Join(w, ", ")
}

func n(i int) string { return strconv.Itoa(i) }

// chartFacts are what a page shows of progress: the text alternative of
// each bar, and the table's rows, the total last.
func chartFacts(t *testing.T, file string) (alts []string, rows [][]string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrMap(n.Attr)
			switch {
			case n.Data == "svg" && a["role"] == "img":
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "title" && attrMap(c.Attr)["id"] == a["aria-labelledby"] {
						alts = append(alts, textOf(c))
					}
				}
			case n.Data == "tr" && n.Parent != nil && n.Parent.Data != "thead":
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						cells = append(cells, strings.TrimSpace(textOf(c)))
					}
				}
				rows = append(rows, cells)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return alts, rows
}

// TestProgressAgrees builds the site with progress reported and checks that
// the words of each bar, the table below the chart and actions.csv say
// what the objectives' front matter and data/progress.csv say, on the page
// of all the actions (every objective and the whole plan) and on each
// objective's page (the objective and the whole plan).
func TestProgressAgrees(t *testing.T) {
	src := progressSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, "build", "-s", src, "-d", dest)
	objectives := readProgress(t, src)

	var all []map[string]string
	var tallies []tally
	for _, o := range objectives {
		all = append(all, o.actions...)
		tallies = append(tallies, tallyOf(fmt.Sprintf("Objective %d", o.number), o.actions))
	}
	plan := tallyOf("Whole plan", all)
	// One by hand, so that the test and plansite cannot agree on a
	// mistake: reading's first two actions are the tracker's, its third
	// its front matter's.
	if got, want := tallies[0].words(), "Objective 1: 1 done, 1 in progress, 1 planned"; got != want {
		t.Fatalf("the test reads the fixture as %q, want %q", got, want)
	}

	check := func(page string, want []tally) {
		t.Helper()
		alts, rows := chartFacts(t, filepath.Join(dest, page))
		var wantAlts []string
		var wantRows [][]string
		for _, w := range want {
			wantAlts = append(wantAlts, w.words())
			wantRows = append(wantRows, w.row())
		}
		if !slices.Equal(alts, wantAlts) {
			t.Errorf("%s: the bars say\n%q\nwant\n%q", page, alts, wantAlts)
		}
		if fmt.Sprint(rows) != fmt.Sprint(wantRows) {
			t.Errorf("%s: the table has\n%q\nwant\n%q", page, rows, wantRows)
		}
	}
	check("actions/index.html", append(slices.Clone(tallies), plan))
	for i, o := range objectives {
		check("objectives/"+o.name+"/index.html", []tally{tallies[i], plan})
	}

	// Under each action, when its progress was last reported and the line
	// on it, as the tracker or front matter give them.
	reports := 0
	for _, o := range objectives {
		page, err := os.ReadFile(filepath.Join(dest, "objectives", o.name, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		text := visibleText(page)
		for _, a := range o.actions {
			var want []string
			if a["updated"] != "" {
				d, err := time.Parse(time.DateOnly, a["updated"])
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, "Updated "+d.Format("2 January 2006")+".")
			}
			if a["note"] != "" {
				want = append(want, a["note"])
			}
			if len(want) > 0 {
				reports++
				if w := a["text"] + " Status: " + a["status"]; !strings.Contains(strings.ToLower(text), strings.ToLower(w)+" "+strings.ToLower(strings.Join(want, " "))) {
					t.Errorf("objectives/%s: action %q is not followed by %q", o.name, a["text"], strings.Join(want, " "))
				}
			}
		}
	}
	if reports < 3 {
		t.Errorf("the fixture gives %d actions a date or a note, want 3 or more", reports)
	}

	got := readCSV(t, filepath.Join(dest, "actions.csv"))
	want := [][]string{{"Objective", "Objective title", "Action", "Text", "Status", "Updated", "Note"}}
	for _, o := range objectives {
		for i, a := range o.actions {
			want = append(want, []string{n(o.number), o.title, n(i + 1), a["text"], a["status"], a["updated"], a["note"]})
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("actions.csv has\n%q\nwant\n%q", got, want)
	}
}

// TestNoProgressReported checks the default site, which reports no
// progress yet: the page of all the actions says so, and no page has a
// chart or a table, and there is no actions.csv.
func TestNoProgressReported(t *testing.T) {
	dest := t.TempDir()
	plansite(t, "build", "-s", repoRoot, "-d", dest, "--clean-dest-dir")
	actions, err := os.ReadFile(filepath.Join(dest, "actions", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(visibleText(actions), "No progress has been reported yet.") {
		t.Error("the page of all the actions does not say that no progress has been reported")
	}
	for _, f := range htmlFiles(t, dest) {
		alts, rows := chartFacts(t, filepath.Join(dest, f))
		if len(alts) > 0 || len(rows) > 0 {
			t.Errorf("%s has a chart or a table of progress, with nothing reported", f)
		}
	}
	if haveFile(filepath.Join(dest, "actions.csv")) {
		t.Error("actions.csv is published, with nothing reported")
	}
}

// TestBadTracker builds the site with progress reported with a tracker's
// file as a spreadsheet may leave it, through the real command: each is
// an error naming the file, the row and the column, the build writes
// nothing, and nothing crashes or hangs.
func TestBadTracker(t *testing.T) {
	for _, tc := range []struct{ name, csv, want string }{
		{"Windows-1252 from an old Excel", "objective,action,status,updated,note\nreading,1,done,,\nreading,2,done,,Caf\xe9 \x96 open\n",
			`data/progress.csv:3:17: the file is not UTF-8 text: row 3 is the first`},
		{"a ragged row", "objective,action,status,updated,note\nreading,1,done,,,extra\n",
			`data/progress.csv:2:18: row 2 has a cell past the header's last column (5)`},
		{"empty", "", `data/progress.csv:1:1: the file is empty: its first row names the columns`},
		{"a header without the action column", "objective,status\nreading,done\n",
			`data/progress.csv:1:1: the header has no column "action"`},
		{"an action reported twice", "objective,action,status\nreading,1,done\nreading,1,planned\n",
			`data/progress.csv:3:1: action 1 of reading is reported twice (first on row 2`},
		{"a missing objective", "objective,action,status\nreadng,1,done\n",
			`data/progress.csv:2:1: objective "readng" does not exist (did you mean "reading"?)`},
		{"50 MB", "", `data/progress.csv: the file is 50.0 MB`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := progressSite(t)
			file := filepath.Join(src, "data", "progress.csv")
			writeFile(t, file, tc.csv)
			if tc.name == "50 MB" {
				if err := os.Truncate(file, 50_000_000); err != nil {
					t.Fatal(err)
				}
			}
			dest := filepath.Join(t.TempDir(), "public")
			_, stderr, status := run(t, "build", "-s", src, "-d", dest)
			if status != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "nothing was written") || strings.Contains(stderr, "goroutine") {
				t.Errorf("exit status %d, stderr:\n%s\nwant status 1 and %q", status, stderr, tc.want)
			}
			if haveFile(dest) {
				t.Errorf("the build wrote %s", dest)
			}
		})
	}
}
