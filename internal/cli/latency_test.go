package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToReload measures the server's part of what a writer waits
// for: from the moment an edited page is renamed over the original (as
// editors save) to the moment the open page receives its update event,
// which once made it reload. It reports the median. The whole wait, to the
// new text on the screen, is BenchmarkSaveToScreen in cmd/plansite.
//
// By default it uses a generated site of PLANSITE_BENCH_PAGES pages (1000).
// To measure the 10,000-page corpus of ../shared/bench with its layouts:
//
//	go run ../shared/bench/gencorpus.go -n 10000 -o /tmp/corpus
//	mkdir -p /tmp/bench-site && cp -r /tmp/corpus/content ../shared/bench/layouts /tmp/bench-site/
//	printf 'title = "Corpus"\nbaseURL = "https://example.org/"\n' > /tmp/bench-site/site.toml
//	PLANSITE_BENCH_SITE=/tmp/bench-site go test ./internal/cli -run '^$' -bench EditToReload -benchtime 20x
func BenchmarkEditToReload(b *testing.B) {
	site := benchSite(b)
	pages, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(pages) < 2 {
		b.Fatalf("no pages in %s/content", site)
	}
	sort.Strings(pages)
	target := pages[len(pages)/2]
	if strings.HasSuffix(target, "_index.md") {
		target = pages[len(pages)/2+1]
	}
	editToReload(b, site, target, func(original string, i int) string {
		return strings.Replace(original, "\n---\n", fmt.Sprintf("\n---\n\nEdit number %d.\n", i), 1)
	})
}

// BenchmarkLayoutEditToReload is the same for an edit of baseof.html,
// which every page uses, so that every page is rendered again: it is to
// take no longer than a full build (BenchmarkBuild in internal/build).
// The layout must have a </body> to insert the edit before.
func BenchmarkLayoutEditToReload(b *testing.B) {
	site := benchSite(b)
	editToReload(b, site, filepath.Join(site, "layouts", "baseof.html"), func(original string, i int) string {
		// Visible text: html/template drops comments, and an edit that
		// changes no page sends no update.
		return strings.Replace(original, "</body>", fmt.Sprintf("<p>Edit %d</p></body>", i), 1)
	})
}

func benchSite(b *testing.B) string {
	if site := os.Getenv("PLANSITE_BENCH_SITE"); site != "" {
		return site
	}
	return generateSite(b, envInt("PLANSITE_BENCH_PAGES", 1000))
}

// editToReload runs the preview on site, saves edits of target as editors
// do (a temporary file renamed over it), and reports the median and the
// longest time from the rename to the update event.
func editToReload(b *testing.B, site, target string, edit func(original string, i int) string) {
	raw, err := os.ReadFile(target)
	if err != nil {
		b.Fatal(err)
	}
	original := string(raw)
	b.Cleanup(func() { os.WriteFile(target, raw, 0o644) })

	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ServeOptions{Src: site, Port: 0, Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }})
	}()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		b.Fatal(err)
	case <-time.After(5 * time.Minute):
		b.Fatal("the preview did not start")
	}
	defer func() {
		cancel()
		<-done
	}()

	resp, err := http.Get(url + "__plansite/events")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	if e := <-events; e != "hello" {
		b.Fatalf("first event %q", e)
	}

	var latencies []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tmp := target + ".tmp~"
		if err := os.WriteFile(tmp, []byte(edit(original, i)), 0o644); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := os.Rename(tmp, target); err != nil {
			b.Fatal(err)
		}
		select {
		case e := <-events:
			if e != "update" {
				b.Fatalf("event %q, want update", e)
			}
		case <-time.After(2 * time.Minute):
			b.Fatal("no update event")
		}
		latencies = append(latencies, time.Since(start))
		// Let the watcher settle, so that each edit is measured on its own.
		time.Sleep(50 * time.Millisecond)
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	median := latencies[len(latencies)/2]
	b.ReportMetric(float64(median.Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(latencies[len(latencies)-1].Microseconds())/1000, "ms-max")
}

func envInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		var n int
		if _, err := fmt.Sscan(v, &n); err == nil {
			return n
		}
	}
	return def
}

// generateSite writes a site of n ordinary pages in ten sections with
// plain layouts, like the bench corpus.
func generateSite(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("site.toml", "title = \"Bench\"\nbaseURL = \"https://example.org/\"\n")
	write("layouts/baseof.html", `<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>`)
	write("layouts/home.html", `{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}`)
	write("layouts/section.html", `{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}`)
	write("layouts/page.html", `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}`)
	write("content/_index.md", "---\ntitle: Home\n---\nA generated site.\n")
	para := strings.Repeat("Libraries change lives with reading, digital skills and culture. ", 12)
	for s := 0; s < 10; s++ {
		write(fmt.Sprintf("content/section-%02d/_index.md", s), fmt.Sprintf("---\ntitle: Section %d\n---\n", s))
	}
	for i := 0; i < n; i++ {
		write(fmt.Sprintf("content/section-%02d/page-%05d.md", i%10, i),
			fmt.Sprintf("---\ntitle: Page %d\ndate: 2019-04-01\nweight: %d\n---\n\n## Part one\n\n%s\n\n## Part two\n\n%s\n", i, i+1, para, para))
	}
	return dir
}
