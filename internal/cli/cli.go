// Package cli is plansite's command line: it parses a command and its flags
// and calls the pipeline. main only wires it to the process; tests call Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"plansite/internal/build"
	"plansite/internal/diag"
)

// Version is plansite's version.
const Version = "0.1.0"

// Exit statuses.
const (
	ExitOK    = 0
	ExitSite  = 1 // the site has errors
	ExitUsage = 2 // the command line is wrong
)

const usage = `plansite publishes a plan as a static website.

Usage:
  plansite build  [-s SRC] [-d DEST] [--base-url URL] [--drafts] [--minify] [--strict]
                  [--clean-dest-dir] [--pdf [--chrome PATH]] [--watch [--poll DURATION]]
  plansite pdf    [-s SRC] [-d DEST] [--chrome PATH] [and build's other flags]
  plansite serve  [-s SRC] [--bind 127.0.0.1] [--port 1313] [--drafts] [--poll DURATION]
  plansite check  [-s SRC] [--external] [--format text|json] [--drafts] [--strict]
  plansite new    SECTION "Title" [-s SRC] [--force]
  plansite new    SECTION NAME [--lang LANG] [-s SRC]    (the translation of page NAME)
  plansite version

SRC is the site folder (default "."); DEST defaults to SRC/public.
Run "plansite COMMAND -h" for what each flag does.
`

// App is one run of the command line, with its streams.
type App struct {
	Stdout, Stderr io.Writer
}

// Run runs the command line args (without the program name) and returns the
// exit status.
func (a *App) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.Stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return a.build(ctx, "build", rest)
	case "pdf":
		return a.build(ctx, "pdf", rest)
	case "serve", "server":
		return a.serve(ctx, rest)
	case "check":
		return a.check(ctx, rest)
	case "new":
		return a.newPage(rest)
	case "version", "--version", "-v":
		fmt.Fprintln(a.Stdout, versionString())
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(a.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(a.Stderr, "plansite: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

func versionString() string {
	v := "plansite " + Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}

// flags makes a flag set that reports errors as usage errors.
func (a *App) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(a.Stderr, "Usage: plansite %s %s\n\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may stand before, between or after the
// positional arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

type buildFlags struct {
	src, dest, baseURL            string
	drafts, minify, watch, strict bool
	clean, pdf                    bool
	chrome                        string
	poll                          time.Duration
}

// build runs plansite build, and plansite pdf, which is build --pdf.
func (a *App) build(ctx context.Context, name string, args []string) int {
	synopsis := "[-s SRC] [-d DEST] [--base-url URL] [--drafts] [--minify] [--strict] [--clean-dest-dir] [--pdf [--chrome PATH]] [--watch [--poll DURATION]]"
	if name == "pdf" {
		synopsis = "[-s SRC] [-d DEST] [--base-url URL] [--drafts] [--minify] [--strict] [--clean-dest-dir] [--chrome PATH]"
	}
	fs := a.flags(name, synopsis)
	var f buildFlags
	fs.StringVar(&f.src, "s", ".", "the site `folder`")
	fs.StringVar(&f.src, "source", ".", "the site `folder` (same as -s)")
	fs.StringVar(&f.dest, "d", "", "the output `folder` (default SRC/public)")
	fs.StringVar(&f.dest, "destination", "", "the output `folder` (same as -d)")
	fs.StringVar(&f.baseURL, "base-url", "", "publish under this `URL` instead of site.toml's baseURL")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft")
	fs.BoolVar(&f.minify, "minify", false, "minify HTML, CSS, JS, SVG, XML and JSON")
	fs.BoolVar(&f.watch, "watch", false, "rebuild whenever a file changes")
	fs.BoolVar(&f.strict, "strict", false, "fail on warnings too")
	fs.BoolVar(&f.clean, "clean-dest-dir", false, "replace an output folder that holds files plansite did not write")
	fs.DurationVar(&f.poll, "poll", 0, "with --watch, look for changes every `DURATION` instead of waiting for file events")
	if name == "build" {
		fs.BoolVar(&f.pdf, "pdf", false, "print the whole plan to plan.pdf in the output too, with Chromium")
	}
	fs.StringVar(&f.chrome, "chrome", "", "with --pdf, the Chromium or Chrome `PATH` to print with (default $CHROME_PATH, else chromium or google-chrome on PATH)")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	f.pdf = f.pdf || name == "pdf"
	if len(pos) > 0 {
		fmt.Fprintf(a.Stderr, "plansite %s: unexpected argument %q\n", name, pos[0])
		return ExitUsage
	}
	if f.pdf && f.watch {
		fmt.Fprintf(a.Stderr, "plansite %s: --pdf and --watch cannot go together: a PDF is printed once, by a build of its own\n", name)
		return ExitUsage
	}
	opts := build.Options{
		Src: f.src, Dest: f.dest, BaseURL: f.baseURL, Drafts: f.drafts,
		Minify: f.minify, Strict: f.strict, CleanDest: f.clean,
	}
	if f.watch {
		return a.watchBuild(ctx, opts, f.poll)
	}
	fitGC(&opts)
	if f.pdf {
		var status int
		if opts.PDFs, status = a.printPlan(ctx, name, opts, f.chrome); status != ExitOK {
			return status
		}
	}
	// The build's own time, after printing, which takes seconds more.
	start := time.Now()
	b := build.New(opts)
	defer b.Close()
	res, err := b.Build(ctx)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(a.Stderr, "plansite %s: interrupted; nothing was written\n", name)
		} else {
			fmt.Fprintf(a.Stderr, "plansite %s: %v\n", name, err)
		}
		return ExitSite
	}
	a.report(res.Diagnostics)
	if res.Failed() {
		fmt.Fprintf(a.Stderr, "plansite %s: %s; nothing was written\n", name, tally(res.Diagnostics, f.strict))
		return ExitSite
	}
	for _, n := range res.Notes {
		fmt.Fprintf(a.Stderr, "note: %s\n", n)
	}
	fmt.Fprintf(a.Stdout, "built %d pages in %d ms into %s\n", res.Pages, time.Since(start).Milliseconds(), b.Dest())
	for _, p := range opts.PDFs {
		fmt.Fprintf(a.Stdout, "printed the whole plan to %s: %d pages, %d bytes\n", filepath.Join(b.Dest(), filepath.FromSlash(p.Name)), p.Pages, len(p.Data))
	}
	for _, n := range res.Notices {
		fmt.Fprintf(a.Stderr, "plansite %s: warning: %s\n", name, n)
	}
	return ExitOK
}

// fitGC sets how often a one-off build collects garbage. A small site is
// built before collecting would pay for itself: at the pace a large site
// needs (GOGC=50) the plan's 24 pages took a dozen collections, a tenth of
// the build, and at Go's default still three. A large
// site keeps every page's HTML until the last page is rendered, so it
// collects more often than the default to keep its peak memory near what
// it holds (10,000 pages: 180 MiB instead of 215), at a small cost in time.
// A GOGC in the environment wins.
func fitGC(opts *build.Options) {
	if os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(400)
	opts.Listed = func(files int) {
		if files > smallSite {
			debug.SetGCPercent(50)
		}
	}
}

// smallSite is the most content files a build treats as small: well
// under 50 MiB of heap at four times what it holds.
const smallSite = 500

// report prints diagnostics, one a line, file:line:col first.
func (a *App) report(ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(a.Stderr, d.Error())
	}
}

func usageStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

// Main runs plansite as a process: it exits with the status.
func Main() {
	ctx, stop := signalContext(os.Stderr, os.Exit)
	defer stop()
	// PLANSITE_CPUPROFILE and PLANSITE_MEMPROFILE name files for pprof
	// profiles of the run, for finding where a build's time goes.
	stopProfile := startProfile(os.Getenv("PLANSITE_CPUPROFILE"), os.Getenv("PLANSITE_MEMPROFILE"))
	app := &App{Stdout: os.Stdout, Stderr: os.Stderr}
	code := app.Run(ctx, os.Args[1:])
	stopProfile()
	stop()
	os.Exit(code)
}
