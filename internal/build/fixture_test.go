package build

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"plansite/internal/diag"
)

// writeSite writes a txtar archive of a site into a new folder.
func writeSite(tb testing.TB, archive string) string {
	tb.Helper()
	dir := tb.TempDir()
	writeSiteIn(tb, dir, archive)
	return dir
}

// writeSiteIn writes a txtar archive of a site into dir.
func writeSiteIn(tb testing.TB, dir, archive string) {
	tb.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// builtSite is a site built in memory.
type builtSite struct {
	tb  testing.TB
	dir string
	b   *Builder
	res *Result
}

// buildSite builds a txtar site in memory and fails the test on errors.
func buildSite(tb testing.TB, archive string, opts ...func(*Options)) *builtSite {
	tb.Helper()
	s := buildSiteWithErrors(tb, archive, opts...)
	if s.res.Failed() {
		tb.Fatalf("build failed:\n%s", diag.Errors(s.res.Diagnostics).Error())
	}
	return s
}

// buildSiteWithErrors builds a txtar site in memory, errors or not.
func buildSiteWithErrors(tb testing.TB, archive string, opts ...func(*Options)) *builtSite {
	tb.Helper()
	dir := writeSite(tb, archive)
	o := Options{Src: dir, InMemory: true}
	for _, f := range opts {
		f(&o)
	}
	b := New(o)
	res, err := b.Build(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return &builtSite{tb: tb, dir: dir, b: b, res: res}
}

// file is an output file's text; the test fails if there is none.
func (s *builtSite) file(name string) string {
	s.tb.Helper()
	data, ok := s.b.Output()[name]
	if !ok {
		s.tb.Fatalf("no output file %s; have %s", name, strings.Join(s.names(), ", "))
	}
	return string(data)
}

func (s *builtSite) has(name string) bool {
	_, ok := s.b.Output()[name]
	return ok
}

func (s *builtSite) names() []string {
	var out []string
	for n := range s.b.Output() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// messages are the result's diagnostics as text, one a line.
func (s *builtSite) messages() string {
	var b strings.Builder
	for _, d := range s.res.Diagnostics {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func withDrafts(o *Options) { o.Drafts = true }
