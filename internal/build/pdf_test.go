package build

import (
	"strings"
	"testing"
	"time"
)

// pdfSite is a site with a page of the whole plan, at /plan/.
const pdfSite = `-- site.toml --
title = "Plan"
baseURL = "https://example.org/plan/"
languageCode = "cy"
-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.plan }}<a href="{{ .RelPermalink }}" type="{{ .MediaType }}">{{ .Name }}, {{ .Size }}, {{ .Pages }} pages</a>{{ else }}none{{ end }}
-- content/actions.md --
---
title: All the actions
date: 2019-04-01
---
-- content/objectives/skills.md --
---
title: Skills
lastmod: 2019-10-02T10:00:00Z
---
`

// TestPlanPDF checks that the PDF a build is given is published as
// plan.pdf and shown to layouts as .Site.Downloads.plan, with its size and
// pages; that without one there is neither; and that PrintSource names the
// page of the whole plan, the site's title, language, host and latest date.
func TestPlanPDF(t *testing.T) {
	pdf := &PDF{Data: []byte("%PDF-1.4\n" + strings.Repeat("x", 2000)), Pages: 7}
	s := buildSite(t, pdfSite, func(o *Options) { o.PDF = pdf })
	if s.file("plan.pdf") != string(pdf.Data) {
		t.Error("plan.pdf is not the PDF given")
	}
	if got, want := s.file("actions/index.html"), `<a href="/plan/plan.pdf" type="application/pdf">plan.pdf, 2 KB, 7 pages</a>`; !strings.Contains(got, want) {
		t.Errorf("the page shows %s, want %s", got, want)
	}
	src, err := s.b.PrintSource()
	if err != nil {
		t.Fatal(err)
	}
	want := PrintSource{URL: "/plan/actions/", BasePath: "/plan/", Origin: "https://example.org", Title: "Plan", Lang: "cy",
		Date: time.Date(2019, 10, 2, 10, 0, 0, 0, time.UTC)}
	if !src.Date.Equal(want.Date) || src.URL != want.URL || src.BasePath != want.BasePath || src.Origin != want.Origin || src.Title != want.Title || src.Lang != want.Lang {
		t.Errorf("PrintSource is %+v, want %+v", src, want)
	}

	plain := buildSite(t, pdfSite)
	if plain.has("plan.pdf") || !strings.Contains(plain.file("actions/index.html"), "none") {
		t.Error("a build without a PDF has one")
	}

	claimed := buildSiteWithErrors(t, pdfSite+"-- content/plan.pdf --\n%PDF\n", func(o *Options) { o.PDF = pdf })
	if got := claimed.messages(); !strings.Contains(got, "content/plan.pdf is published at plan.pdf, where the build puts the PDF of the whole plan (--pdf): rename one of them") {
		t.Errorf("a file of content/ at plan.pdf: %s", got)
	}
	if _, err := buildSite(t, strings.Replace(pdfSite, "content/actions.md", "content/all.md", 1)).b.PrintSource(); err == nil {
		t.Error("a site without the page of the whole plan has something to print")
	}
}
