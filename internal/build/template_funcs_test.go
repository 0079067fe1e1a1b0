package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
