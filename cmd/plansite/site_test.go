package main

import (
	"bufio"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The plan as published on a page-builder service, with that service's own
// lines around it: the first line "Loading" and everything from
// "Report Abuse" on.
const seedFile = "testdata/seed/libraries-connected-business-plan-2019-20.txt"

// plan is what the seed says, taken apart.
type plan struct {
	objectives []string
	actions    [][]string // by objective
	quotes     []quote
	builder    []string // the page-builder's lines
}

type quote struct{ text, source, year string }

var (
	objectiveLine = regexp.MustCompile(`^(\d)\. (.+)$`)
	quoteLine     = regexp.MustCompile(`^‘(.*)’ (.+?)\s*,\s*(\d{4})\.?$`)
)

func readPlan(t *testing.T) plan {
	t.Helper()
	f, err := os.Open(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var p plan
	inActions, builder := false, false
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case first:
			first = false
			p.builder = append(p.builder, line)
			continue
		case line == "Report Abuse":
			builder = true
		}
		if builder {
			if line != "" {
				p.builder = append(p.builder, line)
			}
			continue
		}
		if m := objectiveLine.FindStringSubmatch(line); m != nil {
			p.objectives = append(p.objectives, m[2])
			p.actions = append(p.actions, nil)
			inActions = false
			continue
		}
		if m := quoteLine.FindStringSubmatch(line); m != nil {
			p.quotes = append(p.quotes, quote{m[1], m[2], m[3]})
			inActions = false
			continue
		}
		if line == "We will:" {
			inActions = true
			continue
		}
		if inActions && line != "" {
			p.actions[len(p.actions)-1] = append(p.actions[len(p.actions)-1], line)
		}
	}
	return p
}

// TestSeedParse guards the test's own reading of the plan.
func TestSeedParse(t *testing.T) {
	p := readPlan(t)
	if len(p.objectives) != 5 || len(p.quotes) != 5 {
		t.Fatalf("read %d objectives and %d quotes, want 5 and 5", len(p.objectives), len(p.quotes))
	}
	counts := []int{4, 3, 5, 4, 5}
	for i, a := range p.actions {
		if len(a) != counts[i] {
			t.Errorf("objective %d: %d actions, want %d: %q", i+1, len(a), counts[i], a)
		}
	}
	if p.builder[0] != "Loading" || p.builder[1] != "Report Abuse" {
		t.Errorf("page-builder lines = %q", p.builder)
	}
}

// buildBinary builds the real binary from this package, once for all the
// tests; TestMain removes it when they are done.
func buildBinary() (string, error) {
	binary.once.Do(func() { binary.path, binary.err = goBuild("", ".") })
	return binary.path, binary.err
}

var binary struct {
	once sync.Once
	path string
	err  error
}

// removeBinary removes the folder buildBinary made, if it made one.
func removeBinary() {
	if binary.path != "" {
		os.RemoveAll(filepath.Dir(binary.path))
	}
}

// goBuild compiles the main package in pkgDir into a new folder made in tmp
// (the system's temporary folder when tmp is ""). When compiling fails, it
// removes that folder and its error holds what the compiler said.
func goBuild(tmp, pkgDir string) (string, error) {
	dir, err := os.MkdirTemp(tmp, "plansite-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "plansite")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = pkgDir
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// TestGoBuildFailure compiles a package that does not compile: the error
// says what the compiler said, and no folder is left behind.
func TestGoBuildFailure(t *testing.T) {
	pkg, tmp := t.TempDir(), t.TempDir()
	writeFile(t, filepath.Join(pkg, "go.mod"), "module broken\n\ngo 1.26\n")
	writeFile(t, filepath.Join(pkg, "main.go"), "package main\n\nfunc main() { notDeclared() }\n")
	bin, err := goBuild(tmp, pkg)
	if err == nil {
		t.Fatalf("goBuild made %s from a package that does not compile", bin)
	}
	if !strings.Contains(err.Error(), "undefined: notDeclared") {
		t.Errorf("goBuild's error does not say what the compiler said: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("goBuild left %s behind", left[0].Name())
	}
}

// plansite runs the real binary, built from this package.
func plansite(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatalf("building plansite: %v", err)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("plansite %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

var tags = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]+>`)

// visibleText is a page's text as a reader sees it: no tags, entities
// decoded, spaces collapsed.
func visibleText(b []byte) string {
	s := tags.ReplaceAllString(string(b), " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// TestDefaultSitePublishesThePlan builds the repository's own site with the
// real binary and checks that every objective, action, quote and source of
// the plan is on it, word for word, and that none of the page-builder's text is.
func TestDefaultSitePublishesThePlan(t *testing.T) {
	dest := t.TempDir()
	plansite(t, "build", "-s", "../..", "-d", dest, "--clean-dest-dir")
	p := readPlan(t)

	var all strings.Builder
	pages := 0
	err := filepath.WalkDir(dest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pages++
		all.WriteString(visibleText(b))
		all.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	text := all.String()
	if pages < 20 {
		t.Fatalf("only %d pages published", pages)
	}
	mustHave := func(what, s string) {
		t.Helper()
		if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
			t.Errorf("%s is not on the site: %q", what, s)
		}
	}
	for i, o := range p.objectives {
		mustHave("objective", o)
		for _, a := range p.actions[i] {
			mustHave("action", a)
		}
	}
	for _, q := range p.quotes {
		mustHave("quote", q.text)
		mustHave("quote source", q.source)
	}
	for _, s := range []string{
		"Libraries Connected believes in the power of libraries to change lives.",
		"Our vision is an inclusive, modern, sustainable and high-quality public library service at the heart of every community in the UK.",
		"Made by our members, we represent all the public library services in England, Wales and Northern Ireland.",
		"Evolve to meet new patterns of use", "Offer different experiences to meet varied needs", "Pioneer new operating and funding models.",
	} {
		mustHave("the plan's text", s)
	}
	for _, l := range p.builder {
		if l == "Loading" {
			if regexp.MustCompile(`\bLoading\b`).MatchString(text) {
				t.Error(`the page-builder's "Loading" is on the site`)
			}
			continue
		}
		if strings.Contains(text, l) {
			t.Errorf("page-builder text is on the site: %q", l)
		}
	}
	for _, s := range []string{"Report Abuse", "Adobe", "DMCA"} {
		if strings.Contains(text, s) {
			t.Errorf("page-builder text %q is on the site", s)
		}
	}
	// The plan gives its actions no status: the site must not make one up.
	for _, s := range []string{"Planned", "In progress", "Done"} {
		if regexp.MustCompile(`\b` + s + `\b`).MatchString(text) {
			t.Errorf("the site shows the status %q, which the plan does not give", s)
		}
	}
}
