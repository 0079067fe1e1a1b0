package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
	"plansite/internal/watch"
)

// Options configure a preview.
type Options struct {
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

// Run builds the site, serves it, and rebuilds it on every change until ctx
// is done; then it shuts down cleanly.
func Run(ctx context.Context, opts Options) error {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d on %s is in use: stop the other server or choose another port with --port", opts.Port, opts.Bind)
		}
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	host := opts.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/"

	b := build.New(build.Options{Src: opts.Src, BaseURL: url, Drafts: opts.Drafts, InMemory: true, Server: true, Incremental: true})
	defer b.Close()
	srv := New()
	p := &preview{opts: opts, b: b, srv: srv}

	w, err := watch.New(opts.Src, watch.Options{Poll: opts.Poll})
	if err != nil {
		ln.Close()
		return err
	}
	defer w.Close()

	start := time.Now()
	res, err := b.Build(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	p.publish(res, start, nil)

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	fmt.Fprintf(opts.Stdout, "Serving %s (watching %s; press Ctrl-C to stop)\n", url, watchedWhat(opts.Poll))
	if opts.Ready != nil {
		opts.Ready(url)
	}

	for {
		select {
		case batch, ok := <-w.Changes():
			if !ok {
				return shutdown(hs, srv)
			}
			start := time.Now()
			res, err := b.Rebuild(ctx, batch)
			if err != nil {
				if ctx.Err() != nil {
					return shutdown(hs, srv)
				}
				fmt.Fprintf(opts.Stderr, "plansite serve: %v\n", err)
				continue
			}
			p.publish(res, start, batch)
		case err, ok := <-w.Errors():
			if ok {
				fmt.Fprintf(opts.Stderr, "plansite serve: %v\n", err)
			}
		case err := <-serveErr:
			return err
		case <-ctx.Done():
			return shutdown(hs, srv)
		}
	}
}

func watchedWhat(poll time.Duration) string {
	if poll > 0 {
		return "for changes every " + poll.String()
	}
	return "for changes"
}

// preview ties a builder to a server.
type preview struct {
	opts  Options
	b     *build.Builder
	srv   *Server
	count int
}

// publish serves a build's result and reports it.
func (p *preview) publish(res *build.Result, start time.Time, batch []string) {
	p.count++
	snap := &Snapshot{Files: p.b.Output(), Build: p.count}
	if snap.Files == nil {
		snap.Files = map[string][]byte{}
	}
	failed := res.Failed()
	if failed {
		snap.Errors = res.Diagnostics
		snap.Overlay = Overlay(p.opts.Src, res.Diagnostics, len(snap.Files) > 0)
	}
	p.srv.Publish(snap, res.Changed)

	ms := time.Since(start).Milliseconds()
	for _, d := range res.Diagnostics {
		fmt.Fprintln(p.opts.Stderr, d.Error())
	}
	what := ""
	if len(batch) > 0 {
		what = " after " + describe(batch)
	}
	if failed {
		fmt.Fprintf(p.opts.Stderr, "build failed%s: %d %s; still serving the last good site\n", what, countErrors(res.Diagnostics), plural(countErrors(res.Diagnostics), "error"))
		return
	}
	fmt.Fprintf(p.opts.Stdout, "built %d pages, rendered %d, in %d ms%s\n", res.Pages, res.Rendered, ms, what)
}

func countErrors(ds []diag.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func describe(batch []string) string {
	if len(batch) <= 3 {
		return strings.Join(batch, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(batch[:2], ", "), len(batch)-2)
}

// shutdown stops the HTTP server, ending the open event streams first so
// that it need not wait for them.
func shutdown(hs *http.Server, srv *Server) error {
	srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
