package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/ with what plansite makes now")

// TestGoldenOutput builds a site whose layouts use what themes use (fields,
// functions, menus, references, partials, assets, a 404 page) and checks
// every file of the output, byte for byte, against testdata/golden/theme/.
func TestGoldenOutput(t *testing.T) {
	archive, err := os.ReadFile("testdata/golden/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	s := buildSite(t, string(archive))
	checkGolden(t, "testdata/golden/theme", s.b.Output())
}

// TestGoldenDefaultSite builds the repository's own site with its own theme
// and checks a page of each kind against testdata/golden/default/, so that
// a change of the theme or of the plan shows as a diff to review.
func TestGoldenDefaultSite(t *testing.T) {
	b := New(Options{Src: filepath.Join("..", ".."), InMemory: true})
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Fatalf("the default site does not build:\n%s", diagText(res.Diagnostics))
	}
	got := map[string][]byte{}
	for _, name := range []string{
		"index.html",
		"objectives/skills/index.html",
		"quotes/q3/index.html",
		"offers/reading/index.html",
	} {
		data, ok := b.Output()[name]
		if !ok {
			t.Fatalf("the default site has no %s", name)
		}
		got[name] = data
	}
	checkGolden(t, "testdata/golden/default", got)
}

// checkGolden compares files, by slash path, with the files under dir; with
// -update it makes dir hold exactly them instead.
func checkGolden(t *testing.T, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for name, data := range got {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		want[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatalf("%v (make the golden files with -update)", err)
	}
	var names []string
	for name := range want {
		names = append(names, name)
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	differ := 0
	for _, name := range names {
		w, inWant := want[name]
		g, inGot := got[name]
		switch {
		case !inGot:
			t.Errorf("%s: the golden file has no output any more", name)
		case !inWant:
			t.Errorf("%s: a new output, without a golden file", name)
		case !bytes.Equal(g, w):
			t.Errorf("%s differs from %s:\n%s", name, filepath.Join(dir, filepath.FromSlash(name)), lineDiff(string(w), string(g)))
		default:
			continue
		}
		differ++
	}
	if differ > 0 {
		t.Logf("if the change is meant, run go test ./internal/build -run %s -update and review the diff", t.Name())
	}
}

// lineDiff shows the first line at which two texts differ, with its number
// and the line before.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	line := func(ls []string) string {
		if i < len(ls) {
			return fmt.Sprintf("%q", ls[i])
		}
		return "(end of file)"
	}
	var b strings.Builder
	if i > 0 {
		fmt.Fprintf(&b, "  line %d: %q\n", i, w[i-1])
	}
	fmt.Fprintf(&b, "  line %d, golden: %s\n  line %d, now:    %s", i+1, line(w), i+1, line(g))
	return b.String()
}
