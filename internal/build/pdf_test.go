package build

import (
	"slices"
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
// pages; that without one there is neither; and that PrintSources names the
// page of the whole plan, the site's title, language, host and latest date.
func TestPlanPDF(t *testing.T) {
	pdf := &PDF{Language: "en", Name: "plan.pdf", Data: []byte("%PDF-1.4\n" + strings.Repeat("x", 2000)), Pages: 7}
	s := buildSite(t, pdfSite, func(o *Options) { o.PDFs = []*PDF{pdf} })
	if s.file("plan.pdf") != string(pdf.Data) {
		t.Error("plan.pdf is not the PDF given")
	}
	if got, want := s.file("actions/index.html"), `<a href="/plan/plan.pdf" type="application/pdf">plan.pdf, 2 KB, 7 pages</a>`; !strings.Contains(got, want) {
		t.Errorf("the page shows %s, want %s", got, want)
	}
	srcs, missing, err := s.b.PrintSources()
	if err != nil {
		t.Fatal(err)
	}
	want := []PrintSource{{Language: "en", Name: "plan.pdf", URL: "/plan/actions/", BasePath: "/plan/", Origin: "https://example.org", Title: "Plan", Lang: "cy",
		Date: time.Date(2019, 10, 2, 10, 0, 0, 0, time.UTC)}}
	if !samePrintSources(srcs, want) || len(missing) > 0 {
		t.Errorf("PrintSources is %+v (missing %q), want %+v", srcs, missing, want)
	}

	plain := buildSite(t, pdfSite)
	if plain.has("plan.pdf") || !strings.Contains(plain.file("actions/index.html"), "none") {
		t.Error("a build without a PDF has one")
	}

	claimed := buildSiteWithErrors(t, pdfSite+"-- content/plan.pdf --\n%PDF\n", func(o *Options) { o.PDFs = []*PDF{pdf} })
	if got := claimed.messages(); !strings.Contains(got, "content/plan.pdf is published at plan.pdf, where the build puts the PDF of the whole plan (--pdf): rename one of them") {
		t.Errorf("a file of content/ at plan.pdf: %s", got)
	}
	if _, _, err := buildSite(t, strings.Replace(pdfSite, "content/actions.md", "content/all.md", 1)).b.PrintSources(); err == nil {
		t.Error("a site without the page of the whole plan has something to print")
	}
}

// bilingualPDFSite is a site in English and Welsh whose page of the whole
// plan is translated, the translation published at an address of its own.
// The Welsh is test text, not a translation.
const bilingualPDFSite = `-- site.toml --
title = "Plan"
baseURL = "https://example.org/plan/"
defaultContentLanguage = "en"
[languages.en]
languageCode = "en-GB"
weight = 1
[languages.cy]
languageCode = "cy-GB"
title = "Testun prawf"
weight = 2
-- layouts/page.html --
<!doctype html><title>x</title>{{ with .Site.Downloads.plan }}<a href="{{ .RelPermalink }}">{{ .Size }}, {{ .Pages }} pages</a>{{ else }}none{{ end }}
-- layouts/home.html --
<!doctype html><title>x</title>
-- layouts/404.html --
<!doctype html><title>x</title>
-- content/actions.md --
---
title: All the actions
date: 2019-04-01
---
-- content/actions.cy.md --
---
title: Testun prawf
slug: testun-prawf
date: 2019-05-01
---
-- content/about.md --
---
title: About
lastmod: 2019-10-02
---
-- content/about.cy.md --
---
title: Testun prawf
---
`

// TestPlanPDFBilingual checks that a bilingual site prints the whole plan
// once for each language, from the page's translation wherever it is
// published, with the language's title, code and latest date; that each
// language's PDF is published under its prefix and each language's pages
// link to their own; and that a language the page is not translated into
// is named as getting none.
func TestPlanPDFBilingual(t *testing.T) {
	s := buildSite(t, bilingualPDFSite)
	srcs, missing, err := s.b.PrintSources()
	if err != nil {
		t.Fatal(err)
	}
	want := []PrintSource{
		{Language: "en", Name: "plan.pdf", URL: "/plan/actions/", BasePath: "/plan/", Origin: "https://example.org", Title: "Plan", Lang: "en-GB",
			Date: time.Date(2019, 10, 2, 0, 0, 0, 0, time.UTC)},
		{Language: "cy", Name: "cy/plan.pdf", URL: "/plan/cy/testun-prawf/", BasePath: "/plan/", Origin: "https://example.org", Title: "Testun prawf", Lang: "cy-GB",
			Date: time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)},
	}
	if !samePrintSources(srcs, want) || len(missing) > 0 {
		t.Errorf("PrintSources is\n%+v (missing %q), want\n%+v", srcs, missing, want)
	}

	en := &PDF{Language: "en", Name: "plan.pdf", Data: []byte("%PDF-1.4\n" + strings.Repeat("e", 3000)), Pages: 7}
	cy := &PDF{Language: "cy", Name: "cy/plan.pdf", Data: []byte("%PDF-1.4\n" + strings.Repeat("c", 5000)), Pages: 9}
	both := buildSite(t, bilingualPDFSite, func(o *Options) { o.PDFs = []*PDF{en, cy} })
	for _, tc := range []struct{ file, pdf, link string }{
		{"actions/index.html", "plan.pdf", `<a href="/plan/plan.pdf">3 KB, 7 pages</a>`},
		{"about/index.html", "plan.pdf", `<a href="/plan/plan.pdf">3 KB, 7 pages</a>`},
		{"cy/testun-prawf/index.html", "cy/plan.pdf", `<a href="/plan/cy/plan.pdf">5 KB, 9 pages</a>`},
		{"cy/about/index.html", "cy/plan.pdf", `<a href="/plan/cy/plan.pdf">5 KB, 9 pages</a>`},
	} {
		if got := both.file(tc.file); !strings.Contains(got, tc.link) {
			t.Errorf("%s shows %s, want %s", tc.file, got, tc.link)
		}
	}
	if both.file("plan.pdf") != string(en.Data) || both.file("cy/plan.pdf") != string(cy.Data) {
		t.Error("plan.pdf and cy/plan.pdf are not the PDFs given")
	}

	claimed := buildSiteWithErrors(t, bilingualPDFSite+"-- content/cy/plan.pdf --\n%PDF\n", func(o *Options) { o.PDFs = []*PDF{en, cy} })
	if got := claimed.messages(); !strings.Contains(got, "content/cy/plan.pdf is published at cy/plan.pdf, where the build puts the PDF of the whole plan (--pdf)") {
		t.Errorf("a file of content/ at cy/plan.pdf: %s", got)
	}

	cut, rest, _ := strings.Cut(bilingualPDFSite, "-- content/actions.cy.md --")
	_, rest, _ = strings.Cut(rest, "-- content/about.md --")
	untranslated := buildSite(t, cut+"-- content/about.md --"+rest)
	srcs, missing, err = untranslated.b.PrintSources()
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Language != "en" || len(missing) != 1 ||
		missing[0] != "the whole plan (content/actions.md) is not translated into Welsh (cy), so there is no PDF of it in Welsh" {
		t.Errorf("with the whole plan in English only, PrintSources is %+v, missing %q", srcs, missing)
	}
}

// samePrintSources reports whether two lists of print sources are the
// same, their dates compared as instants.
func samePrintSources(a, b []PrintSource) bool {
	return slices.EqualFunc(a, b, func(x, y PrintSource) bool {
		d := x.Date.Equal(y.Date)
		x.Date, y.Date = time.Time{}, time.Time{}
		return d && x == y
	})
}
