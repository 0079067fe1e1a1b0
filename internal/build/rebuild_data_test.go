package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataRebuildMatchesFullBuild is TestRebuildMatchesFullBuild with a
// careful editor, mostly of data files: most of its builds succeed, so
// that the pages the tracker and data files change are compared, not
// only the messages of a failed build.
func TestDataRebuildMatchesFullBuild(t *testing.T) {
	seeds := rebuildSeeds(6)
	for _, server := range []bool{false, true} {
		t.Run(fmt.Sprintf("server=%v", server), func(t *testing.T) {
			for seed := int64(1); seed <= seeds; seed++ {
				t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
					runRandomEdits(t, seed, 40, server, true)
				})
			}
		})
	}
}

// carefulEdit edits a data file, or an alpha page's steps, or the layout
// that shows them, or makes or deletes a page.
func (e *editor) carefulEdit() ([]string, string) {
	switch n := e.r.Intn(10); {
	case n < 5:
		return e.dataEdit(16 + e.r.Intn(3))
	case n < 7 && len(e.pages) > 0:
		rel := e.pick("")
		e.write("content/"+rel, e.pageText(rel))
		return []string{"content/" + rel}, "edit " + rel
	case n < 8 && len(e.pages) > 2:
		rel := e.pick("")
		os.Remove(filepath.Join(e.dir, "content", rel))
		e.removePage(rel)
		return []string{"content/" + rel}, "delete " + rel
	case n < 9:
		e.write("layouts/page.html", fmt.Sprintf("{{ define \"main\" }}<h1>{{ .Title }}</h1><p>%s</p>{{ range .Params.steps }}<i>{{ .status }}|{{ .note }}</i>{{ end }}{{ end }}\n", e.words(1)))
		return []string{"layouts/page.html"}, "edit page layout"
	}
	return e.createPage(), "create"
}

// dataEdit edits, creates or deletes data/people.csv, which a layout
// reads (n is 16), or edits the tracker's file. Now and then it makes a
// mistake (a ragged row; a page or step that is not there, a step reported
// twice, a status not among the field's), fixed by a later edit.
func (e *editor) dataEdit(n int) ([]string, string) {
	switch {
	case n == 16 && e.r.Intn(4) == 0:
		os.Remove(filepath.Join(e.dir, "data", "people.csv"))
		return []string{"data/people.csv"}, "delete data/people.csv"
	case n == 16:
		var b strings.Builder
		b.WriteString("name,role\r\n")
		for range e.r.Intn(4) {
			fmt.Fprintf(&b, "%s,\"%s, %s\"\r\n", e.words(1), e.words(1), e.words(1))
		}
		if e.r.Intn(8) == 0 {
			b.WriteString("ragged,row,cell\r\n")
		}
		e.write("data/people.csv", b.String())
		return []string{"data/people.csv"}, "write data/people.csv"
	}
	e.write("data/progress.csv", e.trackerText())
	return []string{"data/progress.csv"}, "edit the tracker"
}

// trackerText reports on a few steps of alpha pages, each once.
func (e *editor) trackerText() string {
	var b strings.Builder
	b.WriteString("page,step,status,note\n")
	seen := map[string]bool{}
	for range e.r.Intn(5) {
		rel := e.pick("alpha/")
		if rel == "" || e.steps[rel] == 0 {
			continue
		}
		step := 1 + e.r.Intn(e.steps[rel])
		key := fmt.Sprint(rel, step)
		if seen[key] {
			continue
		}
		seen[key] = true
		status := []string{"planned", "done", ""}[e.r.Intn(3)]
		fmt.Fprintf(&b, "%s,%d,%s,%s\n", strings.TrimSuffix(strings.TrimPrefix(rel, "alpha/"), ".md"), step, status, e.words(e.r.Intn(2)))
	}
	if e.r.Intn(8) == 0 {
		b.WriteString([]string{"nowhere,1,done,\n", "p1,9,done,\n", "p1,1,Done,\n"}[e.r.Intn(3)])
	}
	return b.String()
}
