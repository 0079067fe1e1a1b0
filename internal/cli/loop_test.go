package cli

import (
	"strings"
	"testing"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
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
