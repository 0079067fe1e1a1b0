package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"plansite/internal/assets"
	"plansite/internal/build"
	"plansite/internal/pdf"
)

// printTimeout bounds printing the whole plan, so that a browser that
// hangs does not hang the build.
const printTimeout = 3 * time.Minute

// printPlan prints the whole plan for build --pdf: it builds the site in
// memory as the build will, serves that on 127.0.0.1 under the site's base
// path, and prints the page of the whole plan in Chromium, with the print
// stylesheet, once for each language the page is in. The build then
// publishes the PDFs and links to each from the page it was printed from,
// with its size and number of pages; the link is not printed, so a PDF is
// what the published page prints. A language the page is not translated
// into gets no PDF, which it warns of. Without a browser it says what to
// install, in one line, before building anything.
func (a *App) printPlan(ctx context.Context, name string, opts build.Options, chrome string) ([]*build.PDF, int) {
	fail := func(err error) ([]*build.PDF, int) {
		fmt.Fprintf(a.Stderr, "plansite %s: %v\n", name, err)
		return nil, ExitSite
	}
	chrome, err := pdf.FindChrome(chrome)
	if err != nil {
		return fail(err)
	}
	mem := opts
	mem.InMemory = true
	b := build.New(mem)
	defer b.Close()
	res, err := b.Build(ctx)
	if err != nil {
		return fail(err)
	}
	if res.Failed() {
		a.report(res.Diagnostics)
		fmt.Fprintf(a.Stderr, "plansite %s: %s; nothing was written\n", name, tally(res.Diagnostics, opts.Strict))
		return nil, ExitSite
	}
	srcs, missing, err := b.PrintSources()
	if err != nil {
		return fail(err)
	}
	for _, m := range missing {
		fmt.Fprintf(a.Stderr, "plansite %s: warning: %s\n", name, m)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(fmt.Errorf("serving the site to print it: %w", err))
	}
	srv := &http.Server{Handler: outputHandler(b.Output(), srcs[0].BasePath), ReadHeaderTimeout: time.Minute}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	var out []*build.PDF
	for _, src := range srcs {
		p, err := printOne(ctx, chrome, "http://"+ln.Addr().String(), src)
		if err != nil {
			return fail(err)
		}
		out = append(out, p)
	}
	return out, ExitOK
}

// printOne prints the whole plan in one language from the site served at
// host, within printTimeout.
func printOne(ctx context.Context, chrome, host string, src build.PrintSource) (*build.PDF, error) {
	ctx, cancel := context.WithTimeout(ctx, printTimeout)
	defer cancel()
	raw, err := pdf.Print(ctx, chrome, pdf.Page{URL: host + src.URL, Title: src.Title, Lang: src.Lang, Origin: src.Origin})
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("printing the whole plan took more than %v: %w", printTimeout, err)
		}
		return nil, fmt.Errorf("%s: %w", src.Name, err)
	}
	data, pages, err := pdf.Fix(raw, src.Date)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Name, err)
	}
	return &build.PDF{Language: src.Language, Name: src.Name, Data: data, Pages: pages}, nil
}

// outputHandler serves a build's output held in memory, under the site's
// base path, as a host would.
func outputHandler(files map[string][]byte, base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, base)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		body, ok := files[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", assets.ContentType(p))
		_, _ = w.Write(body)
	})
}
