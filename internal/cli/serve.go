package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"plansite/internal/build"
	"plansite/internal/cms"
	"plansite/internal/server"
	"plansite/internal/watch"
)

// serve previews the site: it builds it into memory, serves it, and
// rebuilds and updates the open pages on every change.
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
	err = Serve(ctx, ServeOptions{
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

// ServeOptions configure a preview.
type ServeOptions struct {
	Src    string
	Bind   string // address to listen on; 127.0.0.1 unless told otherwise
	Port   int    // 0 picks a free port
	Drafts bool
	// Poll, when > 0, watches by scanning every Poll instead of fsnotify.
	Poll           time.Duration
	Stdout, Stderr io.Writer
	// Ready, when set, is called with the preview's URL once the first
	// build is served.
	Ready func(url string)
}

// Serve builds the site, serves it, and rebuilds it on every change until
// ctx is done; then it shuts down cleanly.
func Serve(ctx context.Context, opts ServeOptions) error {
	ln, url, err := server.Listen(opts.Bind, opts.Port)
	if err != nil {
		return err
	}
	srv := server.New(opts.Bind)
	bopts := build.Options{Src: opts.Src, BaseURL: url, Drafts: opts.Drafts, InMemory: true, Server: true, Incremental: true}
	backend, addr, err := cmsBackend(opts.Src, opts.Bind, url)
	if err != nil {
		ln.Close()
		return err
	}
	if backend != nil {
		srv.Handle(cms.BackendPath, backend)
		bopts.CMSBackend = addr
	}
	b := build.New(bopts)
	defer b.Close()
	w, err := watch.New(opts.Src, watch.Options{Poll: opts.Poll})
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	l := &loop{cmd: "serve", b: b, w: w, stdout: opts.Stdout, stderr: opts.Stderr,
		kept: "still serving the last good site",
		built: func(res *build.Result, _ []string) {
			srv.Publish(snapshot(opts.Src, b.Output(), res), res.Changed)
		},
		ready: func() {
			go func() {
				served <- srv.Serve(ctx, ln)
				stop() // the loop ends with the server
			}()
			fmt.Fprintf(opts.Stdout, "Serving %s (watching %s; press Ctrl-C to stop)\n", url, watchedWhat(opts.Poll))
			if opts.Ready != nil {
				opts.Ready(url)
			}
		},
	}
	if err := l.run(ctx); err != nil {
		ln.Close()
		return err
	}
	stop()
	if err := <-served; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// cmsBackend is the CMS's local backend for a preview bound to bind and
// served at url, and the address the CMS's configuration gives it; none
// (nil) for a preview open to other machines. The CMS saves through the
// preview only where nobody but this machine's user can reach it: a
// preview open to the network shows the site, and writes nothing.
func cmsBackend(src, bind, url string) (http.Handler, string, error) {
	if !server.Loopback(bind) {
		return nil, "", nil
	}
	backend, err := cms.NewBackend(src, url)
	if err != nil {
		return nil, "", err
	}
	return backend, strings.TrimSuffix(url, "/") + cms.BackendPath, nil
}

// snapshot is what the preview serves after a build: the files of the last
// good build, its warnings in a corner of every page and, when this one
// failed, its errors over every page.
func snapshot(src string, files map[string][]byte, res *build.Result) *server.Snapshot {
	snap := &server.Snapshot{Files: files, Panel: server.Warnings(res.Diagnostics),
		AsBuilt: map[string]bool{cms.IndexName: true}}
	if snap.Files == nil {
		snap.Files = map[string][]byte{}
	}
	if res.Failed() {
		snap.Errors = res.Diagnostics
		snap.Overlay = server.Overlay(src, res.Diagnostics, len(snap.Files) > 0)
	}
	return snap
}

func watchedWhat(poll time.Duration) string {
	if poll > 0 {
		return "for changes every " + poll.String()
	}
	return "for changes"
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
	l := &loop{cmd: "build", b: b, w: w, stdout: a.Stdout, stderr: a.Stderr, strict: opts.Strict,
		where: " into " + b.Dest(), kept: b.Dest() + " left as it was",
		ready: func() { fmt.Fprintln(a.Stdout, "watching for changes; press Ctrl-C to stop") },
	}
	if err := l.run(ctx); err != nil {
		fmt.Fprintf(a.Stderr, "plansite build: %v\n", err)
		return ExitSite
	}
	fmt.Fprintln(a.Stdout, "stopped")
	return ExitOK
}
