package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServerMode checks that templates can tell the preview from a build,
// by Hugo's hugo.IsServer and hugo.Environment as well as .Site.IsServer.
func TestServerMode(t *testing.T) {
	const archive = minimalConfig + `-- layouts/home.html --
<p>{{ hugo.IsServer }} {{ .Site.IsServer }} {{ hugo.IsProduction }} {{ hugo.Environment }}</p>
`
	for _, tt := range []struct {
		server bool
		want   string
	}{
		{false, "<p>false false true production</p>"},
		{true, "<p>true true false development</p>"},
	} {
		s := buildSite(t, archive, func(o *Options) { o.Server = tt.server })
		if got := strings.TrimSpace(s.file("index.html")); got != tt.want {
			t.Errorf("server %v: %s, want %s", tt.server, got, tt.want)
		}
	}
}

// TestWarnf checks that warnf reports its warning, at the layout that
// called it (a partial's, when a partial did), naming the page, once for
// every page it was given on; that --strict fails on it; and that a rebuild
// reports what a full build does.
func TestWarnf(t *testing.T) {
	const archive = minimalConfig + plainLayouts + `-- layouts/_partials/check.html --
{{ if not .Params.owner }}{{ warnf "%s has no owner" .Title }}{{ end }}
-- layouts/page.html --
{{ define "main" }}{{ partial "check.html" . }}{{ if eq .Title "C" }}{{ warnf "C is %d" (dict "a" 1).a }}{{ end }}{{ .Title }}{{ end }}
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
owner: Ann
---
-- content/c.md --
---
title: C
---
`
	s := buildSite(t, archive)
	want := "layouts/_partials/check.html: warning: A has no owner (rendering content/a.md)\n" +
		"layouts/_partials/check.html: warning: C has no owner (rendering content/c.md)\n" +
		"layouts/page.html: warning: C is 1 (rendering content/c.md)\n"
	if got := s.messages(); got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
	if got := s.file("b/index.html"); !strings.Contains(got, "B") {
		t.Errorf("b/index.html: %s", got)
	}

	strict := buildSiteWithErrors(t, archive, func(o *Options) { o.Strict = true })
	if !strict.res.Failed() || strict.res.Published {
		t.Error("--strict published a site whose templates warned")
	}

	// The same warning from the same place on two pages is one line.
	same := buildSite(t, minimalConfig+plainLayouts+`-- layouts/page.html --
{{ define "main" }}{{ warnf "no owner" }}{{ end }}
-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
---
`)
	if got, want := same.messages(), "layouts/page.html: warning: no owner (rendering content/a.md and 1 more page)\n"; got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}

	// A rebuild that gives A an owner drops its warning and keeps C's.
	inc := New(Options{Src: s.dir, InMemory: true, Incremental: true})
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "content", "a.md"), []byte("---\ntitle: A\nowner: Bo\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := inc.Rebuild(context.Background(), []string{"content/a.md"})
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, d := range res.Diagnostics {
		got.WriteString(d.Error() + "\n")
	}
	want = "layouts/_partials/check.html: warning: C has no owner (rendering content/c.md)\n" +
		"layouts/page.html: warning: C is 1 (rendering content/c.md)\n"
	if got.String() != want {
		t.Errorf("after the rebuild:\n%swant:\n%s", got.String(), want)
	}
}

// TestRunawayTemplates checks that a layout that would never end, or would
// take the machine's memory, ends the build with an error naming where it
// is: a partial that calls itself with data that is not a page, a loop
// whose page grows without end, and seq asked for more than it makes.
func TestRunawayTemplates(t *testing.T) {
	tests := []struct{ name, layouts, want string }{
		{"a partial calling itself with a dict", `-- layouts/home.html --
<p>{{ partial "loop.html" (dict "n" 1) }}</p>
-- layouts/_partials/loop.html --
<div>
{{ partial "loop.html" . }}
</div>
`, `layouts/_partials/loop.html:2:4: executing "layouts/_partials/loop.html" at <partial "loop.html" .>: error calling partial: partials are called more than 50 deep, so "loop.html", or a partial it calls, calls it again without end (rendering /)`},
		{"a page that grows without end", `-- layouts/home.html --
<p>{{ range seq 10000 }}{{ range seq 10000 }}more text, and more{{ end }}{{ end }}</p>
`, `layouts/home.html: the page's HTML is over 64 MiB, so a loop in its layouts may never end: rendering stopped (rendering /)`},
		{"seq past its end", `-- layouts/home.html --
<p>{{ range seq 9223372036854775807 }}{{ end }}</p>
`, `layouts/home.html:1:13: executing "layouts/home.html" at <seq 9223372036854775807>: error calling seq: seq: from 1 to 9223372036854775807 by 1 is more than the 10000 numbers seq makes (rendering /)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildSiteWithErrors(t, minimalConfig+tt.layouts)
			if got := strings.TrimSpace(s.messages()); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestCancelStopsRendering checks that a build whose layout loops for
// hours, writing nothing, ends soon after it is cancelled (as on Ctrl-C),
// with the cancellation as its error and nothing published.
func TestCancelStopsRendering(t *testing.T) {
	dir := writeSite(t, minimalConfig+`-- layouts/home.html --
<p>{{ range seq 10000 }}{{ range seq 10000 }}{{ range seq 10000 }}{{ end }}{{ end }}{{ end }}</p>
`)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := New(Options{Src: dir, Dest: filepath.Join(dir, "public")}).Build(ctx)
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the build went on for a minute after it was cancelled")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a cancelled build published")
	}
}

// TestContentWithoutSummary checks Hugo's .ContentWithoutSummary: what
// follows a <!--more--> divider or an automatic summary, and the whole
// content when the summary is the front matter's own.
func TestContentWithoutSummary(t *testing.T) {
	const archive = minimalConfig + plainLayouts + `-- layouts/page.html --
{{ define "main" }}[{{ .Summary }}]({{ .ContentWithoutSummary }}){{ end }}
-- content/divider.md --
---
title: Divider
---
First.

<!--more-->

Second.
-- content/auto.md --
---
title: Auto
---
Only one paragraph.
-- content/own.md --
---
title: Own
summary: Said apart.
---
Body.
`
	s := buildSite(t, archive)
	for page, want := range map[string]string{
		"divider": "[<p>First.</p>](<p>Second.</p>)",
		"auto":    "[<p>Only one paragraph.</p>]()",
		"own":     "[Said apart.](<p>Body.</p>)",
	} {
		if got := strings.TrimSpace(s.file(page + "/index.html")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want it to hold %q", page, got, want)
		}
	}
}
