package build

import (
	"fmt"
	"strings"
	"testing"
)

// ownSite is a site under a base path whose layouts link to the site
// itself in full (canonical, a home link) and to another site.
const ownSite = `-- site.toml --
title = "T"
baseURL = "https://example.org/plan/"
-- layouts/baseof.html --
<!doctype html><html lang="en"><head><title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}"></head>
<body><a href="https://example.org/plan">Home</a>{{ block "main" . }}{{ end }}</body></html>
-- layouts/home.html --
{{ define "main" }}home{{ end }}
-- layouts/page.html --
{{ define "main" }}
<a href="https://other.example/x">Other</a>{{ .Content }}{{ end }}
-- content/a.md --
---
title: A
---
[B](https://example.org/plan/b/), [B's part](https://EXAMPLE.org/plan/b/#part), [the organisation](https://example.org/other/)
-- content/b.md --
---
title: B
---
## Part
`

// TestExternalLinks checks which links plansite check --external fetches:
// Markdown and layout links to other sites, each layout link once, at
// their positions; never the site's own addresses (canonical, og:url, a
// full link to one of its pages), which are the site itself and are
// checked as its pages instead.
func TestExternalLinks(t *testing.T) {
	s := buildSite(t, ownSite)
	var got []string
	for _, l := range s.b.ExternalLinks() {
		got = append(got, fmt.Sprintf("%s:%d:%d %s", l.File, l.Line, l.Col, l.URL))
	}
	want := []string{
		"content/a.md:4:81 https://example.org/other/",
		"layouts/page.html:2:10 https://other.example/x",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Published as written.
	if page := s.file("a/index.html"); !strings.Contains(page, `href="https://example.org/plan/b/"`) {
		t.Errorf("the full link to the site's own page was not kept:\n%s", page)
	}
}

// TestOwnLinksCheckedWhereWritten checks that a full link to a page of the
// site that does not exist, or to a missing #anchor, is reported where it
// was written in Markdown.
func TestOwnLinksCheckedWhereWritten(t *testing.T) {
	s := buildSiteWithErrors(t, ownSite+`-- content/c.md --
---
title: C
---
[gone](https://example.org/plan/nowhere/) and [no anchor](https://example.org/plan/b/#nothing)
`)
	want := `content/c.md:4:1: link to "https://example.org/plan/nowhere/": there is no page at /nowhere
content/c.md:4:47: link to "https://example.org/plan/b/#nothing": content/b.md has no heading or element with id "nothing"`
	if got := strings.TrimSpace(s.messages()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
