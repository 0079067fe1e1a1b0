package cli

import (
	"context"
	"fmt"
	"time"

	"plansite/internal/build"
	"plansite/internal/server"
	"plansite/internal/watch"
)

// serve previews the site: it builds it into memory, serves it, and
// rebuilds and reloads the open pages on every change.
func (a *App) serve(ctx context.Context, args []string) int {
	fs := a.flags("serve", "[-s SRC] [--bind 127.0.0.1] [--port 1313] [--drafts] [--poll DURATION]")
	src := fs.String("s", ".", "the site `folder`")
	fs.StringVar(src, "source", ".", "the site `folder` (same as -s)")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on (0.0.0.0 to let other machines in)")
	port := fs.Int("port", 1313, "the `port` to listen on (0 for any free one)")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	poll := fs.Duration("poll", 0, "look for changes every `DURATION` instead of waiting for file events (network drives, WSL)")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(a.Stderr, "plansite serve: unexpected argument %q\n", pos[0])
		return ExitUsage
	}
	err = server.Run(ctx, server.Options{
		Src: *src, Bind: *bind, Port: *port, Drafts: *drafts, Poll: *poll,
		Stdout: a.Stdout, Stderr: a.Stderr,
	})
	if err != nil {
		fmt.Fprintf(a.Stderr, "plansite serve: %v\n", err)
		return ExitSite
	}
	fmt.Fprintln(a.Stdout, "stopped")
	return ExitOK
}

// watchBuild builds DEST, then rebuilds it on every change until stopped.
// A failed rebuild leaves DEST as it was and says why.
func (a *App) watchBuild(ctx context.Context, opts build.Options, poll time.Duration) int {
	opts.Incremental = true
	b := build.New(opts)
	defer b.Close()
	w, err := watch.New(opts.Src, watch.Options{Poll: poll})
	if err != nil {
		fmt.Fprintf(a.Stderr, "plansite build: %v\n", err)
		return ExitSite
	}
	defer w.Close()
	run := func(what string, f func() (*build.Result, error)) {
		start := time.Now()
		res, err := f()
		if err != nil {
			fmt.Fprintf(a.Stderr, "plansite build: %v\n", err)
			return
		}
		a.report(res.Diagnostics)
		if res.Failed() {
			fmt.Fprintf(a.Stderr, "plansite build%s: %s; %s left as it was\n", what, countErrors(res.Diagnostics, opts.Strict), b.Options().Dest)
			return
		}
		fmt.Fprintf(a.Stdout, "built %d pages (rendered %d) in %d ms into %s%s\n", res.Pages, res.Rendered, time.Since(start).Milliseconds(), b.Options().Dest, what)
	}
	run("", func() (*build.Result, error) { return b.Build(ctx) })
	fmt.Fprintln(a.Stdout, "watching for changes; press Ctrl-C to stop")
	for {
		select {
		case batch, ok := <-w.Changes():
			if !ok {
				return ExitOK
			}
			run(" after "+describeBatch(batch), func() (*build.Result, error) { return b.Rebuild(ctx, batch) })
		case err, ok := <-w.Errors():
			if ok {
				fmt.Fprintf(a.Stderr, "plansite build: %v\n", err)
			}
		case <-ctx.Done():
			fmt.Fprintln(a.Stdout, "stopped")
			return ExitOK
		}
	}
}

func describeBatch(batch []string) string {
	switch len(batch) {
	case 0:
		return "a change"
	case 1:
		return batch[0]
	}
	return fmt.Sprintf("%s and %d more", batch[0], len(batch)-1)
}
