package build

import (
	"regexp"
	"strings"
	"testing"
)

const minimalConfig = `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
`

// The layouts every fixture shares: each page says which layout made it.
const plainLayouts = `-- layouts/baseof.html --
<!doctype html><html lang="en"><head><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>
-- layouts/home.html --
{{ define "main" }}home:{{ .Title }}|{{ range .Pages }}{{ .Title }};{{ end }}{{ end }}
-- layouts/section.html --
{{ define "main" }}section:{{ .Title }}|{{ range .Pages }}{{ .Title }};{{ end }}{{ end }}
-- layouts/page.html --
{{ define "main" }}page:{{ .Title }}{{ .Content }}{{ end }}
`

func TestLayoutLookupOrder(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`
-- layouts/objectives/page.html --
{{ define "main" }}objective-page:{{ .Title }}{{ end }}
-- layouts/objectives/section.html --
{{ define "main" }}objective-section:{{ .Title }}{{ end }}
-- layouts/special.html --
{{ define "main" }}special:{{ .Title }}{{ end }}
-- layouts/notes/special.html --
{{ define "main" }}note-special:{{ .Title }}{{ end }}
-- layouts/cards/baseof.html --
<!doctype html><html lang="en"><head><title>x</title></head><body>cards-base {{ block "main" . }}{{ end }}</body></html>
-- layouts/standalone.html --
<!doctype html><title>{{ .Title }}</title>standalone
-- content/_index.md --
---
title: Home
---
-- content/objectives/_index.md --
---
title: Objectives
---
-- content/objectives/skills.md --
---
title: Skills
---
-- content/objectives/odd.md --
---
title: Odd
layout: special
---
-- content/notes/q1.md --
---
title: Q1
layout: special
---
-- content/notes/q2.md --
---
title: Q2
---
-- content/cards/reading.md --
---
title: Reading
---
-- content/about.md --
---
title: About
layout: standalone
---
-- content/typed.md --
---
title: Typed
type: objectives
---
`)
	tests := []struct {
		file, want string
	}{
		{"index.html", "home:Home"},
		{"objectives/index.html", "objective-section:Objectives"},
		{"objectives/skills/index.html", "objective-page:Skills"},
		{"objectives/odd/index.html", "special:Odd"},            // layout: beats the section's page.html
		{"notes/q1/index.html", "note-special:Q1"},              // TYPE/LAYOUT beats LAYOUT
		{"notes/q2/index.html", "page:Q2"},                      // root page.html when the type has none
		{"notes/index.html", "section:Notes"},                   // a section without _index.md, titled from its folder
		{"cards/reading/index.html", "cards-base page:Reading"}, // the type's own baseof
		{"about/index.html", "standalone"},                      // a whole document needs no baseof
		{"typed/index.html", "objective-page:Typed"},            // type: in front matter picks the layouts
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if got := s.file(tt.file); !strings.Contains(got, tt.want) {
				t.Errorf("%s = %q, want it to contain %q", tt.file, got, tt.want)
			}
		})
	}
	if got := s.file("about/index.html"); strings.Contains(got, "<body>") {
		t.Errorf("standalone layout was wrapped in baseof: %q", got)
	}
}

func TestPagesOrder(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/a.md --
---
title: Zebra
weight: 2
---
-- content/notes/b.md --
---
title: Apple
weight: 1
---
-- content/notes/c.md --
---
title: Unweighted new
date: 2020-05-01
---
-- content/notes/d.md --
---
title: Unweighted old
date: 2019-01-01
---
-- content/notes/e.md --
---
title: banana
date: 2019-01-01
---
-- content/notes/f.md --
---
title: Same date and title
date: 2019-01-01
---
-- content/notes/g.md --
---
title: Same date and title
date: 2019-01-01
---
-- content/later/_index.md --
---
title: Later
---
-- content/later/x.md --
---
title: X
date: 2021-01-01
---
-- content/root-page.md --
---
title: Root page
weight: 5
---
`)
	// Weight first (unweighted last), then newest date, then title
	// ignoring case, then path.
	want := "section:Notes|Apple;Zebra;Unweighted new;banana;Same date and title;Same date and title;Unweighted old;"
	if got := s.file("notes/index.html"); !strings.Contains(got, want) {
		t.Errorf("notes = %q\nwant %q", got, want)
	}
	// Home lists root pages and sections; a section's date is its newest page's.
	wantHome := "home:Test site|Root page;Later;Notes;"
	if got := s.file("index.html"); !strings.Contains(got, wantHome) {
		t.Errorf("home = %q\nwant %q", got, wantHome)
	}
}

func TestSectionDatesAndSummaries(t *testing.T) {
	s := buildSite(t, minimalConfig+`
-- layouts/section.html --
<!doctype html><title>x</title>{{ .Date.Format "2006-01-02" }}|{{ range .Pages }}[{{ .Summary }}]({{ .Truncated }}){{ end }}
-- layouts/home.html --
<!doctype html><title>x</title>
-- layouts/page.html --
<!doctype html><title>x</title>
-- content/s/_index.md --
---
title: S
---
-- content/s/front.md --
---
title: A
weight: 1
date: 2019-04-01
summary: "From *front matter*"
---
Body text.
-- content/s/divided.md --
---
title: B
weight: 2
date: 2019-06-01
---
Before the divider.

<!--more-->

After it.
-- content/s/auto.md --
---
title: C
weight: 3
date: 2019-05-01T10:00:00+01:00
---
`+strings.Repeat("word ", 40)+`

`+strings.Repeat("more ", 40)+`

Third paragraph.
`)
	got := s.file("s/index.html")
	if !strings.Contains(got, "2019-06-01|") {
		t.Errorf("section date: got %q, want the newest page's, 2019-06-01", got)
	}
	for _, want := range []string{
		// Hugo 0.166 never counts a front matter summary as truncated.
		"[From <em>front matter</em>](false)",
		"[<p>Before the divider.</p>](true)",
		"[<p>" + strings.TrimSpace(strings.Repeat("word ", 40)) + "</p>\n<p>" + strings.TrimSpace(strings.Repeat("more ", 40)) + "</p>](true)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section list %q\nlacks %q", got, want)
		}
	}
	if strings.Contains(s.file("s/divided/index.html"), "more") {
		t.Error("the divider itself was published")
	}
}

// TestSummaryDivider checks <!--more--> as Hugo 0.166 reads it: inside a
// paragraph it splits the paragraph in two; it wins over a front matter
// summary unless nothing comes before it; only the first one counts.
func TestSummaryDivider(t *testing.T) {
	s := buildSite(t, minimalConfig+`
-- layouts/section.html --
<!doctype html><title>x</title>{{ range .Pages }}{{ .Title }}=[{{ .Summary }}]({{ .Truncated }})
{{ end }}
-- layouts/home.html --
<!doctype html><title>x</title>
-- layouts/page.html --
<!doctype html><title>x</title>{{ .Content }}
-- content/s/_index.md --
---
title: S
---
-- content/s/inline.md --
---
title: inline
weight: 1
---
Before it <!--more--> and after it.

Next.
-- content/s/both.md --
---
title: both
weight: 2
summary: From front matter.
---
Before.

<!--more-->

After.
-- content/s/first.md --
---
title: first
weight: 3
summary: From front matter.
---
<!--more-->

After.
-- content/s/last.md --
---
title: last
weight: 4
---
All of it.

<!--more-->
-- content/s/twice.md --
---
title: twice
weight: 5
---
One.

<!--more-->

Two.

<!--more-->

Three.
`)
	got := s.file("s/index.html")
	for _, want := range []string{
		"inline=[<p>Before it</p>](true)",
		"both=[<p>Before.</p>](true)",
		"first=[From front matter.](true)",
		"last=[<p>All of it.</p>](false)",
		"twice=[<p>One.</p>](true)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section list %q\nlacks %q", got, want)
		}
	}
	if got, want := s.file("s/inline/index.html"), "<p>Before it</p>\n<p>and after it.</p>\n<p>Next.</p>"; !strings.Contains(got, want) {
		t.Errorf("inline divider: page is %q, want %q", got, want)
	}
	if got := s.file("s/twice/index.html"); !strings.Contains(got, "<p>Two.</p>\n<!-- raw HTML omitted -->\n<p>Three.</p>") {
		t.Errorf("a second divider should stay as raw HTML: %q", got)
	}
}

func TestDrafts(t *testing.T) {
	site := minimalConfig + plainLayouts + `
-- content/a.md --
---
title: Published
---
-- content/b.md --
---
title: Draft
draft: true
---
`
	s := buildSite(t, site)
	if s.has("b/index.html") {
		t.Error("a draft was published without --drafts")
	}
	if strings.Contains(s.file("index.html"), "Draft") || strings.Contains(s.file("sitemap.xml"), "/b/") {
		t.Error("a draft is listed without --drafts")
	}
	s = buildSite(t, site, withDrafts)
	if !s.has("b/index.html") || !strings.Contains(s.file("index.html"), "Draft;") {
		t.Error("--drafts did not publish the draft")
	}
}

func TestNestedSectionsAndBundles(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`
-- content/docs/_index.md --
---
title: Docs
---
-- content/docs/guide/_index.md --
---
title: Guide
---
-- content/docs/guide/step.md --
---
title: Step
---
-- content/docs/loose/note.md --
---
title: Loose note
---
-- content/about/index.md --
---
title: About bundle
---
![A photo](photo.svg)
-- content/about/photo.svg --
PNG
`)
	if got := s.file("docs/index.html"); !strings.Contains(got, "section:Docs|") || !strings.Contains(got, "Guide;") || !strings.Contains(got, "Loose note;") {
		t.Errorf("docs lists %q: want its nested section Guide and the page in a folder without _index.md", got)
	}
	if got := s.file("docs/guide/index.html"); !strings.Contains(got, "section:Guide|Step;") {
		t.Errorf("guide = %q", got)
	}
	if !s.has("docs/loose/note/index.html") {
		t.Error("page in a plain folder not published under its folder")
	}
	if got := s.file("about/index.html"); !strings.Contains(got, "page:About bundle") {
		t.Errorf("about bundle = %q", got)
	}
	if s.file("about/photo.svg") != "PNG\n" {
		t.Error("bundle's image not published beside it")
	}
	if s.has("about/index/index.html") {
		t.Error("index.md published as a page of its own")
	}
}

func TestDefaultThemeAndOverrides(t *testing.T) {
	site := minimalConfig + `
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/about.md --
---
title: About
---
About us.
`
	s := buildSite(t, site)
	home := s.file("index.html")
	if !strings.Contains(home, "Welcome.") || !strings.Contains(home, "<html") {
		t.Fatalf("the default theme did not render the home page: %q", home)
	}
	css := regexp.MustCompile(`css/site\.[0-9a-f]{16}\.css`).FindString(strings.Join(s.names(), " "))
	if css == "" {
		t.Errorf("the default theme's stylesheet is not published: %v", s.names())
	}

	s = buildSite(t, site+`
-- layouts/page.html --
<!doctype html><html lang="en"><title>x</title><p>my own page layout: {{ .Title }}</p></html>
`)
	if got := s.file("about/index.html"); !strings.Contains(got, "my own page layout: About") {
		t.Errorf("the site's layout did not win over the default: %q", got)
	}
	if got := s.file("index.html"); !strings.Contains(got, "Welcome.") {
		t.Errorf("the default home layout should still render home: %q", got)
	}
}

func TestOwnThemeGetsNoDefaultAssets(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`
-- content/a.md --
---
title: A
---
-- assets/css/mine.css --
body { color: black }
`)
	for _, n := range s.names() {
		if strings.HasPrefix(n, "css/site.") || strings.HasPrefix(n, "img/") {
			t.Errorf("a site with its own layouts got the default theme's asset %s", n)
		}
	}
	if !strings.Contains(strings.Join(s.names(), " "), "css/mine.") {
		t.Errorf("the site's own asset is not published: %v", s.names())
	}
}

// TestSectionTitles checks the titles Hugo 0.166 gives sections that do not
// have one: a folder without _index.md is named in the plural, a section
// whose _index.md has no title stays untitled.
func TestSectionTitles(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`
-- content/loose/a.md --
---
title: A
---
-- content/blank/_index.md --
---
date: 2019-01-01
---
-- content/blank/b.md --
---
title: B
---
`)
	if got := s.file("loose/index.html"); !strings.Contains(got, "section:Looses|A;") {
		t.Errorf("a folder without _index.md: %q, want the title Looses", got)
	}
	if got := s.file("blank/index.html"); !strings.Contains(got, "section:|B;") {
		t.Errorf("an _index.md without a title: %q, want no title", got)
	}
}

// TestDatesAsHugo checks the dates Hugo 0.166 gives pages and sections: a
// page's date falls back to its publishDate, then its lastmod; a section
// without dates of its own takes the newest date and lastmod below it,
// however deep; a section with a date keeps its own.
func TestDatesAsHugo(t *testing.T) {
	s := buildSite(t, minimalConfig+`
-- layouts/home.html --
<!doctype html><title>x</title>{{ range .Site.Sections }}{{ template "d" . }}{{ range .Sections }}{{ template "d" . }}{{ end }}{{ end }}{{ range .Site.RegularPages }}{{ template "d" . }}{{ end }}
{{ define "d" }}{{ .Title }}={{ .Date.Format "2006-01-02" }}/{{ .Lastmod.Format "2006-01-02" }}
{{ end }}
-- layouts/section.html --
<!doctype html><title>x</title>
-- layouts/page.html --
<!doctype html><title>x</title>
-- content/top/_index.md --
---
title: Top
---
-- content/top/only-lastmod.md --
---
title: OnlyLastmod
lastmod: 2013-02-02
---
-- content/top/only-publish.md --
---
title: OnlyPublish
publishDate: 2013-01-01
---
-- content/top/sub/_index.md --
---
title: Sub
date: 2010-01-01
---
-- content/top/sub/new.md --
---
title: New
date: 2014-05-05
lastmod: 2014-06-06
---
-- content/dated/_index.md --
---
title: Dated
date: 2011-01-01
---
-- content/dated/p.md --
---
title: P
date: 2012-01-01
lastmod: 2012-02-02
---
`)
	got := s.file("index.html")
	for _, want := range []string{
		"Top=2014-05-05/2014-06-06", "Sub=2010-01-01/2010-01-01", "Dated=2011-01-01/2011-01-01",
		"OnlyLastmod=2013-02-02/2013-02-02", "OnlyPublish=2013-01-01/2013-01-01",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("dates %q\nlack %q", got, want)
		}
	}
}

// TestTypeAsHugo checks .Type as Hugo 0.166 gives it: the front matter's,
// else the section, else "page".
func TestTypeAsHugo(t *testing.T) {
	s := buildSite(t, minimalConfig+`
-- layouts/home.html --
<!doctype html><title>x</title>{{ .Type }}|{{ range .Site.Pages }}{{ .Title }}={{ .Type }};{{ end }}
-- layouts/section.html --
<!doctype html><title>x</title>
-- layouts/page.html --
<!doctype html><title>x</title>
-- layouts/notes/section.html --
<!doctype html><title>x</title>notes-section:{{ .Section }}
-- content/root.md --
---
title: Root
---
-- content/typed.md --
---
title: Typed
type: special
---
-- content/notes/n.md --
---
title: N
---
`)
	got := s.file("index.html")
	for _, want := range []string{"page|", "Root=page;", "Typed=special;", "N=notes;", "Notes=notes;"} {
		if !strings.Contains(got, want) {
			t.Errorf("types %q lack %q", got, want)
		}
	}
	// A section without _index.md is still its section, for layouts too.
	if got := s.file("notes/index.html"); !strings.Contains(got, "notes-section:notes") {
		t.Errorf("notes/index.html = %q, want the notes/section.html layout", got)
	}
}

// TestListed checks that a full build tells Options.Listed how many content
// files it found, drafts and _index.md included, before it reads any.
func TestListed(t *testing.T) {
	archive := minimalConfig + plainLayouts + `-- content/_index.md --
---
title: Home
---
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/a.md --
---
title: A
---
-- content/notes/b.md --
---
title: B
draft: true
---
-- content/notes/picture.txt --
not a page
`
	var got []int
	buildSite(t, archive, func(o *Options) {
		o.Listed = func(files int) { got = append(got, files) }
	})
	if len(got) != 1 || got[0] != 4 {
		t.Errorf("Listed was told %v, want [4]", got)
	}
}
