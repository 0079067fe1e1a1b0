package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
	"plansite/internal/parallel"
)

// TestTally checks the last line of a failed build: it counts warnings as
// well as errors ("7 errors" hid 2 warnings).
func TestTally(t *testing.T) {
	e, w := diag.Errorf("a.md", 1, 1, "e"), diag.Warnf("a.md", 2, 1, "w")
	for _, c := range []struct {
		ds     []diag.Diagnostic
		strict bool
		want   string
	}{
		{[]diag.Diagnostic{e}, false, "1 error"},
		{[]diag.Diagnostic{e, e}, false, "2 errors"},
		{[]diag.Diagnostic{e, w}, false, "1 error and 1 warning"},
		{[]diag.Diagnostic{e, e, w, w}, false, "2 errors and 2 warnings"},
		{[]diag.Diagnostic{w, w}, true, "2 warnings (--strict)"},
		{[]diag.Diagnostic{e, w}, true, "1 error and 1 warning"},
	} {
		if got := tally(c.ds, c.strict); got != c.want {
			t.Errorf("tally(%d diagnostics, strict %v) = %q, want %q", len(c.ds), c.strict, got, c.want)
		}
	}
}

func TestDescribeBatch(t *testing.T) {
	for _, c := range []struct {
		batch []string
		want  string
	}{
		{[]string{"content/a.md"}, "content/a.md"},
		{[]string{"a", "b", "c"}, "a, b, c"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b and 3 more"},
	} {
		if got := describeBatch(c.batch); got != c.want {
			t.Errorf("describeBatch(%q) = %q, want %q", c.batch, got, c.want)
		}
	}
}

// fakeBuilder stands for a build.Builder: it builds nothing, and the
// calls numbered in panics panic.
type fakeBuilder struct {
	calls  []string
	panics map[int]any
}

func (f *fakeBuilder) Build(context.Context) (*build.Result, error) { return f.call("Build") }

func (f *fakeBuilder) Rebuild(context.Context, []string) (*build.Result, error) {
	return f.call("Rebuild")
}

func (f *fakeBuilder) call(name string) (*build.Result, error) {
	n := len(f.calls)
	f.calls = append(f.calls, name)
	if p, ok := f.panics[n]; ok {
		panic(p)
	}
	return &build.Result{Pages: 1}, nil
}

type fakeWatcher struct {
	changes chan []string
	errors  chan error
}

func (w fakeWatcher) Changes() <-chan []string { return w.changes }
func (w fakeWatcher) Errors() <-chan error     { return w.errors }

// TestLoopSurvivesPanics makes builds panic, the first one and a rebuild:
// each becomes a failed build whose one error says so, the loop goes on,
// and the build after it is a full one, since the builder may have been
// left half-way through an update.
func TestLoopSurvivesPanics(t *testing.T) {
	fb := &fakeBuilder{panics: map[int]any{
		0: "first", 2: errors.New("boom"),
		5: &parallel.Panic{Value: "in a worker", Stack: []byte("the worker's stack")},
	}}
	fw := fakeWatcher{changes: make(chan []string), errors: make(chan error)}
	results := make(chan *build.Result)
	var stderr bytes.Buffer
	l := &loop{cmd: "serve", b: fb, w: fw, stdout: io.Discard, stderr: &stderr, kept: "still serving the last good site",
		built: func(res *build.Result, _ []string) { results <- res }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("the loop panicked: %v", p)
			}
		}()
		done <- l.run(ctx)
	}()
	next := func(batch ...string) *build.Result {
		t.Helper()
		if batch != nil {
			fw.changes <- batch
		}
		select {
		case res := <-results:
			return res
		case err := <-done:
			t.Fatalf("the loop ended: %v", err)
		case <-time.After(10 * time.Second):
			t.Fatal("no build came")
		}
		return nil
	}
	failed := func(res *build.Result, file, value string) {
		t.Helper()
		want := "plansite: internal error while building (please report it): " + value
		if !res.Failed() || len(res.Diagnostics) != 1 || res.Diagnostics[0].File != file || res.Diagnostics[0].Message != want {
			t.Errorf("after a panic: %+v, want one error in %s: %s", res.Diagnostics, file, want)
		}
	}
	failed(next(), ".", "first")
	if res := next("content/a.md"); res.Failed() {
		t.Errorf("the build after a panic failed: %+v", res.Diagnostics)
	}
	failed(next("content/b.md", "content/c.md"), "content/b.md", "boom")
	next("content/d.md")
	next("content/e.md")
	failed(next("content/f.md"), "content/f.md", "in a worker")
	next("content/g.md")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if want := []string{"Build", "Build", "Rebuild", "Build", "Rebuild", "Rebuild", "Build"}; !slices.Equal(fb.calls, want) {
		t.Errorf("the builder was called %q, want %q: a full build after each panic", fb.calls, want)
	}
	if out := stderr.String(); !strings.Contains(out, "content/b.md: plansite: internal error while building (please report it): boom") ||
		!strings.Contains(out, "1 error after content/b.md, content/c.md; still serving the last good site") ||
		!strings.Contains(out, "the worker's stack") {
		t.Errorf("the terminal was told:\n%s", out)
	}
}

// TestReportSaysWhatWasLeft checks that a build that published, but could
// not remove the output it replaced, says it built and warns of the rest.
func TestReportSaysWhatWasLeft(t *testing.T) {
	var stdout, stderr strings.Builder
	l := &loop{cmd: "build", stdout: &stdout, stderr: &stderr, where: " into out"}
	l.report(&build.Result{Pages: 3, Rendered: 3, Notices: []string{"the old site is left in .out.plansite-1"}}, nil, time.Now())
	if !strings.HasPrefix(stdout.String(), "built 3 pages") {
		t.Errorf("stdout: %q", stdout.String())
	}
	if got, want := stderr.String(), "plansite build: warning: the old site is left in .out.plansite-1\n"; got != want {
		t.Errorf("stderr: %q, want %q", got, want)
	}
}
