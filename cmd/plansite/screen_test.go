package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// BenchmarkSaveToScreen measures what a writer waits for in the preview:
// from the rename of an editor's atomic save to the first frame of the
// open page in headless Chromium that has the new text. From the same
// saves it measures the server's part too, to the update event
// (BenchmarkEditToReload in internal/cli measures that alone). It reports
// the median and the longest of each, and how many saves reloaded the page
// instead of patching it.
//
// Without PLANSITE_BENCH_SITE it measures the plan, the default site, as
// its writer meets it: the whole plan (/actions/) open at objective 4, and objective 4
// saved (in a copy of the site). With it, the site there, as
// BenchmarkEditToReload does: its middle page, open, saved with a new
// paragraph (that benchmark's comment says how to make the 10,000-page
// corpus; the file is put back afterwards).
//
//	go test ./cmd/plansite -run '^$' -bench SaveToScreen -benchtime 20x
//	PLANSITE_BENCH_SITE=/tmp/bench-site go test ./cmd/plansite -run '^$' -bench SaveToScreen -benchtime 20x
//
// Chromium and the npm packages of testdata/browser are needed, as for the
// browser tests; without them it is skipped.
func BenchmarkSaveToScreen(b *testing.B) {
	requireChromium(b)
	site, file, path, edit := saveTarget(b)
	p := startPreviewIn(b, site)
	page := startChromium(b).open(b, p.url+strings.TrimPrefix(path, "/"), 1280, 900)
	if path == "/actions/" {
		page.eval(`() => {
			const at = document.querySelector("#objective-4");
			if (at) window.scrollBy({ top: at.getBoundingClientRect().top - 100, behavior: "instant" });
		}`, nil, nil)
	}
	events := updateTimes(b, p.url)
	full := filepath.Join(site, file)
	var toEvent, toScreen []time.Duration
	reloads := 0
	for i := 0; b.Loop(); i++ {
		text := fmt.Sprintf("Edit number %d of the benchmark.", i)
		tmp := full + ".tmp~"
		writeFile(b, tmp, edit(text))
		page.mark()
		// The page watches for the text at every frame, from before the
		// save to the frame that has it.
		id, seen := page.c.send(b, map[string]any{"op": "wait", "tab": page.name, "raf": true, "armed": true, "timeout": 60000,
			"js": `t => document.body && document.body.textContent.includes(t) && performance.timeOrigin + performance.now()`, "arg": text})
		if r := page.c.await(b, id, seen, time.Minute); !r.Armed {
			b.Fatalf("the page was not watched: %+v", r)
		}
		start := time.Now()
		if err := os.Rename(tmp, full); err != nil {
			b.Fatal(err)
		}
		var at float64
		r := page.c.await(b, id, seen, 2*time.Minute)
		if r.Error != "" || json.Unmarshal(r.Value, &at) != nil {
			b.Fatalf("the page did not show the save: %s", r.Error)
		}
		toScreen = append(toScreen, time.Duration(at*1e6-float64(start.UnixNano())))
		select {
		case t := <-events:
			toEvent = append(toEvent, t.Sub(start))
		case <-time.After(time.Minute):
			b.Fatal("no update event")
		}
		if page.reloaded() {
			reloads++
		}
		// Let the watcher settle, so that each save is measured on its own.
		time.Sleep(100 * time.Millisecond)
	}
	report(b, "event", toEvent)
	report(b, "screen", toScreen)
	b.ReportMetric(float64(reloads), "reloads")
}

// saveTarget is the site the benchmark runs on, the file it saves, the
// address of the page it watches, and the file's text with a new text.
func saveTarget(b *testing.B) (site, file, path string, edit func(text string) string) {
	site = os.Getenv("PLANSITE_BENCH_SITE")
	if site == "" {
		site = defaultSite(b)
		file = "content/objectives/understood.md"
		raw, err := os.ReadFile(filepath.Join(site, file))
		if err != nil {
			b.Fatal(err)
		}
		return site, file, "/actions/", func(text string) string { return lengthenFirstAction(b, string(raw), text) }
	}
	pages, err := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	if err != nil || len(pages) < 3 {
		b.Fatalf("no pages in %s/content", site)
	}
	sort.Strings(pages)
	full := pages[len(pages)/2]
	if strings.HasSuffix(full, "_index.md") {
		full = pages[len(pages)/2+1]
	}
	raw, err := os.ReadFile(full)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(full, raw, 0o644) })
	rel, _ := filepath.Rel(site, full)
	file = filepath.ToSlash(rel)
	path = strings.TrimSuffix(strings.TrimPrefix(file, "content"), ".md") + "/"
	return site, file, path, func(text string) string {
		return strings.Replace(string(raw), "\n---\n", "\n---\n\n"+text+"\n", 1)
	}
}

// updateTimes opens an event stream of the preview at url, as a page
// would, and says when each update event arrives.
func updateTimes(tb testing.TB, url string) <-chan time.Time {
	tb.Helper()
	resp, err := http.Get(url + "__plansite/events")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	times := make(chan time.Time, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: update" {
				times <- time.Now()
			}
		}
	}()
	return times
}

// report reports the median and the longest of ds as ms-NAME-median and
// ms-NAME-max.
func report(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "ms-"+name+"-median")
	b.ReportMetric(float64(ds[len(ds)-1].Microseconds())/1000, "ms-"+name+"-max")
}
