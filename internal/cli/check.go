package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"plansite/internal/build"
	"plansite/internal/check"
	"plansite/internal/diag"
)

// check builds the site in memory, writes nothing, and reports every error
// and warning: as lines for people, or as JSON for editors and CI.
func (a *App) check(ctx context.Context, args []string) int {
	fs := a.flags("check", "[-s SRC] [--external] [--format text|json] [--drafts] [--strict]")
	src := fs.String("s", ".", "the site `folder`")
	fs.StringVar(src, "source", ".", "the site `folder` (same as -s)")
	external := fs.Bool("external", false, "also check links to other sites")
	format := fs.String("format", "text", "how to print problems: text or json")
	strict := fs.Bool("strict", false, "fail on warnings too")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(a.Stderr, "plansite check: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(a.Stderr, "plansite check: --format must be text or json, not %q\n", *format)
		return ExitUsage
	}
	opts := build.Options{Src: *src, InMemory: true, Strict: *strict, Drafts: *drafts}
	fitGC(&opts)
	b := build.New(opts)
	res, err := b.Build(ctx)
	if err != nil {
		fmt.Fprintf(a.Stderr, "plansite check: %v\n", err)
		return ExitSite
	}
	ds := res.Diagnostics
	if *external {
		// Even when the site has errors: a check reports every problem at
		// once, and a page's other faults do not change where its links go.
		ds = append(ds, check.External(ctx, b.ExternalLinks(), check.ExternalOptions{})...)
		diag.Sort(ds)
	}
	failed := false
	for _, d := range ds {
		if d.Severity == diag.Error || *strict {
			failed = true
		}
	}
	if *format == "json" {
		if ds == nil {
			ds = []diag.Diagnostic{}
		}
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(ds)
	} else {
		a.report(ds)
		if failed {
			fmt.Fprintf(a.Stderr, "plansite check: %s\n", tally(ds, *strict))
		} else {
			fmt.Fprintf(a.Stdout, "%d pages checked: no errors", res.Pages)
			if n := len(ds); n > 0 {
				fmt.Fprintf(a.Stdout, ", %d %s", n, map[bool]string{true: "warning", false: "warnings"}[n == 1])
			}
			fmt.Fprintln(a.Stdout)
		}
	}
	if failed {
		return ExitSite
	}
	return ExitOK
}
