package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestUsageListsEveryFlag checks that plansite --help shows every flag each
// command takes (a synonym, "same as -s", aside), so that no flag the
// README documents is missing from it.
func TestUsageListsEveryFlag(t *testing.T) {
	var help bytes.Buffer
	if code := (&App{Stdout: &help, Stderr: &help}).Run(context.Background(), []string{"--help"}); code != ExitOK {
		t.Fatalf("--help: exit %d", code)
	}
	flagLine := regexp.MustCompile(`(?m)^  -(\S+).*\n\s+(.*)$`)
	for _, cmd := range []string{"build", "serve", "check", "new"} {
		var out bytes.Buffer
		(&App{Stdout: &out, Stderr: &out}).Run(context.Background(), []string{cmd, "-h"})
		// The command's lines of the usage: its own and any that follow
		// it indented, before the next command.
		var lines strings.Builder
		in := false
		for _, l := range strings.Split(help.String(), "\n") {
			switch {
			case strings.HasPrefix(l, "  plansite "+cmd+" "):
				in = true
			case strings.HasPrefix(l, "  plansite "):
				in = false
			}
			if in {
				lines.WriteString(l + "\n")
			}
		}
		flags := flagLine.FindAllStringSubmatch(out.String(), -1)
		if len(flags) == 0 {
			t.Fatalf("plansite %s -h lists no flags:\n%s", cmd, out.String())
		}
		for _, m := range flags {
			name, what := m[1], m[2]
			if strings.Contains(what, "(same as -") {
				continue
			}
			if !regexp.MustCompile(`\[-{1,2}` + regexp.QuoteMeta(name) + `[ \]]`).MatchString(lines.String()) {
				t.Errorf("plansite --help does not show %s's -%s:\n%s", cmd, name, lines.String())
			}
		}
	}
}
