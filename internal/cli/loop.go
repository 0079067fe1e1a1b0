package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
	"plansite/internal/watch"
)

// loop is what serve and build --watch share: a full build, then a rebuild
// after every batch of changes the watcher delivers, each reported the same
// way, until ctx is done or the watcher stops.
type loop struct {
	cmd            string // "build" or "serve", for messages
	b              *build.Builder
	w              *watch.Watcher
	stdout, stderr io.Writer
	strict         bool
	// where says where the build went, after "built N pages in T ms"
	// (" into public"), and kept what stays when a build fails ("public
	// left as it was").
	where, kept string
	// built, when set, takes each build's result before it is reported:
	// the preview serves it.
	built func(res *build.Result, batch []string)
	// ready, when set, is called once the first build is reported.
	ready func()
}

// run runs the loop. It returns an error only when the first build could
// not be made for a reason outside the site (a folder that cannot be
// written); the site's own errors are reported, and the loop goes on.
func (l *loop) run(ctx context.Context) error {
	start := time.Now()
	res, err := l.b.Build(ctx)
	if err != nil {
		return err
	}
	l.report(res, nil, start)
	if l.ready != nil {
		l.ready()
	}
	for {
		select {
		case batch, ok := <-l.w.Changes():
			if !ok {
				return nil
			}
			start := time.Now()
			res, err := l.b.Rebuild(ctx, batch)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				fmt.Fprintf(l.stderr, "plansite %s: %v\n", l.cmd, err)
				continue
			}
			l.report(res, batch, start)
		case err, ok := <-l.w.Errors():
			if ok {
				fmt.Fprintf(l.stderr, "plansite %s: %v\n", l.cmd, err)
			}
		case <-ctx.Done():
			return nil
		}
	}
}

// report hands a build's result on, and says what it did: its diagnostics,
// then one line.
func (l *loop) report(res *build.Result, batch []string, start time.Time) {
	if l.built != nil {
		l.built(res, batch)
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintln(l.stderr, d.Error())
	}
	after := ""
	if len(batch) > 0 {
		after = " after " + describeBatch(batch)
	}
	if res.Failed() {
		fmt.Fprintf(l.stderr, "plansite %s: %s%s; %s\n", l.cmd, tally(res.Diagnostics, l.strict), after, l.kept)
		return
	}
	fmt.Fprintf(l.stdout, "built %d pages (rendered %d) in %d ms%s%s\n", res.Pages, res.Rendered, time.Since(start).Milliseconds(), l.where, after)
	for _, n := range res.Notices {
		fmt.Fprintf(l.stderr, "plansite %s: warning: %s\n", l.cmd, n)
	}
}

// describeBatch names the files of a batch of changes, or the first ones.
func describeBatch(batch []string) string {
	if len(batch) <= 3 {
		return strings.Join(batch, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(batch[:2], ", "), len(batch)-2)
}

// tally counts a build's problems for its last line: "2 errors and 1
// warning". With --strict, warnings are what failed it.
func tally(ds []diag.Diagnostic, strict bool) string {
	errs, warns := diag.Count(ds)
	count := func(n int, what string) string {
		if n == 1 {
			return "1 " + what
		}
		return fmt.Sprintf("%d %ss", n, what)
	}
	switch {
	case warns == 0:
		return count(errs, "error")
	case errs == 0 && strict:
		return count(warns, "warning") + " (--strict)"
	case errs == 0:
		return count(warns, "warning")
	}
	return count(errs, "error") + " and " + count(warns, "warning")
}
