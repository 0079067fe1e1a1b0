package cli

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
	"plansite/internal/parallel"
)

// loop is what serve and build --watch share: a full build, then a rebuild
// after every batch of changes the watcher delivers, each reported the same
// way, until ctx is done or the watcher stops.
type loop struct {
	cmd            string // "build" or "serve", for messages
	b              builder
	w              watcher
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
	// broken is set when a build panicked, and the builder may be left
	// half-way through an update.
	broken bool
}

// builder is what the loop needs of a *build.Builder.
type builder interface {
	Build(ctx context.Context) (*build.Result, error)
	Rebuild(ctx context.Context, changed []string) (*build.Result, error)
}

// watcher is what the loop needs of a *watch.Watcher.
type watcher interface {
	Changes() <-chan []string
	Errors() <-chan error
}

// run runs the loop. It returns an error only when the first build could
// not be made for a reason outside the site (a folder that cannot be
// written); the site's own errors are reported, and the loop goes on.
func (l *loop) run(ctx context.Context) error {
	start := time.Now()
	res, err := l.build(ctx, nil)
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
			res, err := l.build(ctx, batch)
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

// build builds the whole site the first time (batch nil) and after a build
// that panicked; otherwise it rebuilds what batch affects. A panic becomes
// a failed build, so that a bug that something in the site folder trips
// leaves the preview running, serving the last good site, and saying
// what happened.
func (l *loop) build(ctx context.Context, batch []string) (res *build.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			l.broken = true
			res, err = l.panicked(p, batch), nil
		}
	}()
	if batch == nil || l.broken {
		res, err = l.b.Build(ctx)
	} else {
		res, err = l.b.Rebuild(ctx, batch)
	}
	l.broken = false
	return res, err
}

// panicked is the failed build a panic becomes. Its one error names the
// first file changed, what the writer just did, and its stack goes to the
// terminal only, for the report: a worker's, when the panic was in one.
func (l *loop) panicked(p any, batch []string) *build.Result {
	file := "."
	if len(batch) > 0 {
		file = batch[0]
	}
	stack := debug.Stack()
	if wp, ok := p.(*parallel.Panic); ok {
		p, stack = wp.Value, wp.Stack
	}
	fmt.Fprintf(l.stderr, "plansite %s: internal error while building: %v\n%s", l.cmd, p, stack)
	return &build.Result{Diagnostics: []diag.Diagnostic{
		diag.Errorf(file, 0, 0, "plansite: internal error while building (please report it): %v", p),
	}}
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
