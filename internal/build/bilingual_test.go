package build

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// bilingualSite is a site in English and Welsh on the default theme, with
// every page translated (testdata/bilingual/site.txtar).
func bilingualSite(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile("testdata/bilingual/site.txtar")
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// TestBilingualOutput checks what a bilingual site publishes: each
// language's pages at its addresses, in its language, linked to their
// twins both ways for readers and search engines.
func TestBilingualOutput(t *testing.T) {
	s := buildSite(t, bilingualSite(t))
	if w := s.messages(); strings.Contains(w, "warning") {
		t.Errorf("a complete bilingual site has warnings:\n%s", w)
	}
	for _, c := range []struct {
		file      string
		has, lack []string
	}{
		{"index.html", []string{
			`<html lang="en-GB">`,
			`<link rel="alternate" hreflang="en-GB" href="https://example.org/plan/">`,
			`<link rel="alternate" hreflang="cy-GB" href="https://example.org/plan/cy/">`,
			`<link rel="alternate" hreflang="x-default" href="https://example.org/plan/">`,
			`<meta property="og:locale" content="en_GB">`,
			`<meta property="og:locale:alternate" content="cy_GB">`,
			`<nav class="languages" aria-label="Language">`,
			`<li><a href="/plan/cy/" lang="cy-GB" hreflang="cy-GB">Cymraeg</a></li>`,
			`<a class="skip-link" href="#main">Skip to main content</a>`,
			`href="/plan/index.xml"`,
			`<a href="/plan/objectives/skills/">the skills objective</a>`,
		}, nil},
		{"cy/index.html", []string{
			`<html lang="cy-GB">`,
			`<title>Cynllun prawf</title>`,
			`<link rel="alternate" hreflang="x-default" href="https://example.org/plan/">`,
			`<meta property="og:locale" content="cy_GB">`,
			`<meta property="og:locale:alternate" content="en_GB">`,
			`<li><a href="/plan/" lang="en-GB" hreflang="en-GB">English</a></li>`,
			`<a class="skip-link" href="#main">Neidio i’r prif gynnwys</a>`,
			`<nav class="languages" aria-label="Testun prawf languages">`,
			// A link to an English file goes to its Welsh twin.
			`<a href="/plan/cy/objectives/sgiliau/">amcan prawf</a>`,
			`href="/plan/cy/index.xml"`,
			// The menu is the language's own.
			`<li><a href="/plan/cy/amdanom/">Amdanom</a></li>`,
		}, []string{`href="/plan/about/"`, `href="/plan/objectives/"`}},
		{"cy/objectives/sgiliau/index.html", []string{
			`<link rel="canonical" href="https://example.org/plan/cy/objectives/sgiliau/">`,
			`<link rel="alternate" hreflang="en-GB" href="https://example.org/plan/objectives/skills/">`,
			`<link rel="alternate" hreflang="cy-GB" href="https://example.org/plan/cy/objectives/sgiliau/">`,
			`<link rel="alternate" hreflang="x-default" href="https://example.org/plan/objectives/skills/">`,
			`<li><a href="/plan/objectives/skills/" lang="en-GB" hreflang="en-GB">English</a></li>`,
			// Breadcrumbs, pager and body links stay in Welsh.
			`<li><a href="/plan/cy/">Testun prawf home</a></li>`,
			`<li><a href="/plan/cy/objectives/">Amcanion</a></li>`,
			// The licence's name is English, and marked so (WCAG 3.1.2).
			`type="text/plain" lang="en">SIL Open Font License</a>`,
			`<a href="/plan/cy/objectives/reading/" rel="next">`,
			`<a href="/plan/cy/objectives/reading/">Amcan prawf dau</a>`,
			// The quote that names the objective is the Welsh one.
			`<cite>Adroddiad prawf</cite>`,
		}, []string{`A test report`}},
		{"objectives/skills/index.html", []string{
			`<link rel="alternate" hreflang="cy-GB" href="https://example.org/plan/cy/objectives/sgiliau/">`,
			`<li><a href="/plan/cy/objectives/sgiliau/" lang="cy-GB" hreflang="cy-GB">Cymraeg</a></li>`,
			`<cite>A test report</cite>`,
		}, []string{`Adroddiad prawf`}},
		// An old address of a Welsh page is in Welsh too.
		{"cy/hen-amcan/index.html", []string{`https://example.org/plan/cy/objectives/sgiliau/`}, nil},
		{"cy/amdanom/index.html", []string{
			`<link rel="alternate" hreflang="en-GB" href="https://example.org/plan/about/">`,
			`<li><a href="/plan/about/" lang="en-GB" hreflang="en-GB">English</a></li>`,
		}, nil},
		// Welsh month names, from CLDR.
		{"cy/accessibility/index.html", []string{
			`Testun prawf statementprepared 1 Ebrill 2019`,
			`Testun prawf statementreviewed 30 Medi 2019`,
		}, []string{"April", "September"}},
		{"accessibility/index.html", []string{
			`This statement was prepared on 1 April 2019.`,
			`It was last reviewed on 30 September 2019.`,
		}, nil},
		// A 404 page in each language; its switcher leads to the other
		// language's home page, as it has no address of its own.
		{"404.html", []string{`<html lang="en-GB">`, `<h1>Page not found</h1>`,
			`<li><a href="/plan/cy/" lang="cy-GB" hreflang="cy-GB">Cymraeg</a></li>`}, []string{`hreflang="x-default"`}},
		{"cy/404.html", []string{`<html lang="cy-GB">`, `<h1>Heb ddod o hyd i’r dudalen</h1>`,
			`<title>Heb ddod o hyd i’r dudalen | Cynllun prawf</title>`,
			`<li><a href="/plan/" lang="en-GB" hreflang="en-GB">English</a></li>`}, nil},
		{"sitemap.xml", []string{
			`xmlns:xhtml="http://www.w3.org/1999/xhtml"`,
			"<loc>https://example.org/plan/cy/objectives/sgiliau/</loc>",
			`<xhtml:link rel="alternate" hreflang="cy-GB" href="https://example.org/plan/cy/amdanom/"/>`,
			`<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/plan/about/"/>`,
		}, []string{"404"}},
		{"index.xml", []string{`xml:lang="en-GB"`, "<title>Test plan</title>", "https://example.org/plan/objectives/skills/"},
			[]string{"/cy/"}},
		{"cy/index.xml", []string{`xml:lang="cy-GB"`, "<title>Cynllun prawf</title>",
			`<link href="https://example.org/plan/cy/index.xml" rel="self"`, "https://example.org/plan/cy/objectives/sgiliau/"},
			[]string{"/plan/objectives/skills/"}},
	} {
		got := s.file(c.file)
		for _, want := range c.has {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %s", c.file, want)
			}
		}
		for _, bad := range c.lack {
			if strings.Contains(got, bad) {
				t.Errorf("%s has %s", c.file, bad)
			}
		}
	}
	for _, name := range []string{"objectives/sgiliau/index.html", "cy/objectives/skills/index.html", "about.cy/index.html", "cy/about/index.html"} {
		if s.has(name) {
			t.Errorf("%s is published", name)
		}
	}
	// Every page's alternates are reciprocal: each page it names names it.
	checked := 0
	alt := regexp.MustCompile(`<link rel="alternate" hreflang="([^"x]+)" href="https://example.org/plan/([^"]*)">`)
	for _, name := range s.names() {
		if !strings.HasSuffix(name, ".html") || strings.HasSuffix(name, "404.html") {
			continue
		}
		self := strings.TrimSuffix(name, "index.html")
		for _, m := range alt.FindAllStringSubmatch(s.file(name), -1) {
			checked++
			twin := s.file(m[2] + "index.html")
			if !strings.Contains(twin, `href="https://example.org/plan/`+self+`"`) {
				t.Errorf("%s names %s as its %s version, which does not name it back", name, m[2], m[1])
			}
		}
	}
	if checked < 2*7*2 {
		t.Errorf("only %d alternates were found on the site's 14 pages", checked)
	}
}

// TestBilingualEveryStringTranslated checks that no string of the theme
// is left in English on a Welsh page: every page of the Welsh site, with
// its text taken out, has none of the English theme's strings.
func TestBilingualEveryStringTranslated(t *testing.T) {
	s := buildSite(t, bilingualSite(t))
	english := []string{"Skip to main content", ">Menu<", `aria-label="Main"`, `aria-label="Breadcrumb"`, ">Home<",
		"Atom feed", "Published by", "Objective 1", "We will", "Next:", "Previous:", "Page not found",
		"Feedback and contact", "Set in", "An illustration"}
	for _, name := range s.names() {
		if !strings.HasPrefix(name, "cy/") || !strings.HasSuffix(name, ".html") {
			continue
		}
		got := s.file(name)
		for _, e := range english {
			if strings.Contains(got, e) {
				t.Errorf("%s has the English %q", name, e)
			}
		}
	}
}

// withoutWelsh is the bilingual site without its Welsh pages, and with
// site.toml's languages from the table named by from to the content types
// taken out.
func withoutWelsh(t *testing.T, from string) *txtar.Archive {
	t.Helper()
	a := txtar.Parse([]byte(bilingualSite(t)))
	var files []txtar.File
	for _, f := range a.Files {
		switch {
		case strings.HasSuffix(f.Name, ".cy.md"):
			continue
		case f.Name == "site.toml":
			text := string(f.Data)
			start, end := strings.Index(text, from), strings.Index(text, "[types.")
			f.Data = []byte(text[:start] + text[end:])
		}
		files = append(files, f)
	}
	a.Files = files
	return a
}

// TestMonolingualHasNoLanguageMarkup checks that a site in one language
// has no switcher and no alternates.
func TestMonolingualHasNoLanguageMarkup(t *testing.T) {
	s := buildSite(t, string(txtar.Format(withoutWelsh(t, "[languages.en]"))))
	for _, name := range s.names() {
		if strings.HasPrefix(name, "cy/") {
			t.Errorf("a site in one language publishes %s", name)
		}
	}
	got := s.file("objectives/skills/index.html")
	for _, bad := range []string{"hreflang", `class="languages"`, "og:locale:alternate"} {
		if strings.Contains(got, bad) {
			t.Errorf("a page of a site in one language has %s", bad)
		}
	}
	if strings.Contains(s.file("sitemap.xml"), "xhtml") {
		t.Error("the sitemap of a site in one language has alternates")
	}
}

// TestOneDeclaredLanguage checks a site whose [languages] declares one
// language: a file in a language it does not declare is warned of and not
// published, as on a site of several languages, and is not the same page
// as its original.
func TestOneDeclaredLanguage(t *testing.T) {
	a := withoutWelsh(t, "[languages.cy]")
	a.Files = append(a.Files,
		txtar.File{Name: "content/team.fr.md", Data: []byte("---\ntitle: Test\n---\nTest.\n")},
		txtar.File{Name: "content/about.fr.md", Data: []byte("---\ntitle: Test\n---\nTest.\n")})
	s := buildSite(t, string(txtar.Format(a)))
	for _, want := range []string{"content/team.fr.md", "content/about.fr.md"} {
		if !strings.Contains(s.messages(), want) {
			t.Errorf("messages lack %q:\n%s", want, s.messages())
		}
	}
	for _, name := range []string{"team/index.html", "team.fr/index.html", "fr/team/index.html"} {
		if s.has(name) {
			t.Errorf("%s is published", name)
		}
	}
	if got := s.file("about/index.html"); !strings.Contains(got, "<title>About") {
		t.Errorf("the English about page is not itself:\n%s", got)
	}
}

// variant is the bilingual site with files replaced or added (set) and
// others taken out (a file set to "").
func variant(tb testing.TB, set map[string]string) string {
	tb.Helper()
	a := txtar.Parse([]byte(bilingualSite(tb)))
	var files []txtar.File
	for _, f := range a.Files {
		if text, ok := set[f.Name]; ok {
			delete(set, f.Name)
			if text == "" {
				continue
			}
			f.Data = []byte(text)
		}
		files = append(files, f)
	}
	for name, text := range set {
		files = append(files, txtar.File{Name: name, Data: []byte(text)})
	}
	a.Files = files
	return string(txtar.Format(a))
}

// TestBilingualChecks checks what a build says of a bilingual site that is
// incomplete, out of date or wrongly named, each at its place.
func TestBilingualChecks(t *testing.T) {
	configWith := func(extra string) string {
		a := txtar.Parse([]byte(bilingualSite(t)))
		for _, f := range a.Files {
			if f.Name == "site.toml" {
				return extra + "\n" + string(f.Data)
			}
		}
		t.Fatal("no site.toml")
		return ""
	}
	for _, c := range []struct {
		name    string
		set     map[string]string
		want    []string
		failed  bool
		missing []string // output files that must not be there
	}{
		{"missing twin", map[string]string{"content/objectives/reading.cy.md": ""},
			[]string{"content/objectives/reading.md:1:1: warning: content/objectives/reading.md has no Welsh version: add content/objectives/reading.cy.md"},
			false, []string{"cy/objectives/reading/index.html"}},
		{"a draft twin", map[string]string{"content/objectives/reading.cy.md": "---\ntitle: The reading objective\ndraft: true\nnumber: 2\nactions:\n  - text: A third test action\n---\n"},
			[]string{"content/objectives/reading.md:1:1: warning: content/objectives/reading.md has no Welsh version yet: content/objectives/reading.cy.md is a draft; translate it, then take out draft"},
			false, []string{"cy/objectives/reading/index.html"}},
		{"requireTranslations", map[string]string{"content/objectives/reading.cy.md": "", "site.toml": configWith("requireTranslations = true")},
			[]string{"content/objectives/reading.md:1:1: content/objectives/reading.md has no Welsh version"}, true, nil},
		{"stale translation", map[string]string{"content/objectives/reading.md": "---\ntitle: The reading objective\nnumber: 2\nlastmod: 2020-01-01\nactions:\n  - text: A third test action\n---\nText.\n",
			"content/objectives/reading.cy.md": "---\ntitle: Amcan prawf dau\nnumber: 2\nlastmod: 2019-05-01\nactions:\n  - text: Testun prawf tri\n---\nTestun prawf.\n"},
			[]string{"content/objectives/reading.cy.md:4:10: warning: content/objectives/reading.cy.md (lastmod 2019-05-01) is older than its original content/objectives/reading.md (lastmod 2020-01-01)"},
			false, nil},
		{"Welsh page links to an English page with a twin", map[string]string{"content/about.cy.md": "---\ntitle: Tudalen prawf\nurl: /amdanom/\n---\nTestun prawf: [amcan](/objectives/skills/).\n"},
			[]string{`content/about.cy.md:5:15: warning: link to "/objectives/skills/" goes to the English page /plan/objectives/skills/, which has a Welsh version: link to its Welsh version /plan/cy/objectives/sgiliau/`},
			false, nil},
		{"orphan translation", map[string]string{"content/objectives/skils.cy.md": "---\ntitle: Prawf\nnumber: 3\nactions:\n  - text: Testun prawf\n---\n"},
			[]string{"content/objectives/skils.cy.md:1:1: content/objectives/skils.cy.md is the Welsh version of content/objectives/skils.md, which does not exist (did you mean skills.cy.md?)"},
			true, nil},
		{"undeclared language", map[string]string{"content/objectives/skills.fr.md": "---\ntitle: Test\n---\n"},
			[]string{"content/objectives/skills.fr.md", "warning"},
			false, []string{"objectives/skills.fr/index.html", "fr/objectives/skills/index.html"}},
		{"the same page twice", map[string]string{"content/about.en.md": "---\ntitle: About again\n---\n"},
			[]string{"content/about.md:1:1: content/about.en.md and content/about.md are the same page in English (en)"},
			true, nil},
		{"missing i18n key", map[string]string{"layouts/_partials/quote.html": "<p>\n{{ i18n \"noSuchKey\" }}</p>\n"},
			[]string{`layouts/_partials/quote.html:2:`, `i18n key "noSuchKey" is missing from i18n/`},
			true, nil},
		{"missing Welsh i18n key", map[string]string{"i18n/en.toml": "extraKey = \"Extra\"\n", "layouts/_partials/quote.html": "<p>{{ i18n \"extraKey\" }}</p>\n"},
			[]string{`layouts/_partials/quote.html:1:`, `i18n key "extraKey" is missing from i18n/cy.toml: add extraKey = "…" to it`},
			true, nil},
		{"i18n file that is not TOML", map[string]string{"i18n/cy.toml": "home = \"Hafan\"\nmenu = \"Dewislen\n"},
			[]string{"i18n/cy.toml:2:"}, true, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := buildSiteWithErrors(t, variant(t, c.set))
			got := s.messages()
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("messages lack %q; got:\n%s", w, got)
				}
			}
			if s.res.Failed() != c.failed {
				t.Errorf("failed = %v, want %v:\n%s", s.res.Failed(), c.failed, got)
			}
			for _, name := range c.missing {
				if s.has(name) {
					t.Errorf("%s is published", name)
				}
			}
		})
	}
}

// TestBilingualTemplateFields checks the fields and functions of
// languages a layout has, on a page in each language.
func TestBilingualTemplateFields(t *testing.T) {
	s := buildSite(t, variant(t, map[string]string{
		"layouts/page.html": `{{ define "main" }}<h1>{{ .Title }}</h1><p>
lang={{ .Lang }} {{ .Language.Lang }} {{ .Language.LanguageName }} {{ .Language.LanguageCode }} default={{ .Language.IsDefault }}
site={{ .Site.Language.Lang }} {{ .Site.Title }} prefix={{ .Site.LanguagePrefix }} sites={{ range .Site.Languages }}{{ .Lang }}:{{ .Weight }},{{ end }} first={{ .Sites.Default.Title }}
translated={{ .IsTranslated }} others={{ range .Translations }}{{ .Lang }}:{{ .RelPermalink }},{{ end }} all={{ range .AllTranslations }}{{ .Lang }},{{ end }}
T={{ T "home" }} rel={{ relLangURL "about/" }} abs={{ absLangURL "index.xml" }} relPlain={{ relURL "about/" }}
plural={{ i18n "actionCount" 1 }}|{{ i18n "actionCount" 2 }}
date={{ dateFormat "Monday 2 January 2006" "2019-04-01" }} long={{ dateFormat ":date_long" "2019-04-01" }}
</p>{{ end }}`,
	}))
	for _, c := range []struct{ file, want string }{
		{"about/index.html", `lang=en en English en-GB default=true
site=en Test plan prefix= sites=en:1,cy:2, first=Test plan
translated=true others=cy:/plan/cy/amdanom/, all=en,cy,
T=Home rel=/plan/about/ abs=https://example.org/plan/index.xml relPlain=/plan/about/
plural=1 action|2 actions
date=Monday 1 April 2019 long=1 April 2019`},
		{"cy/amdanom/index.html", `lang=cy cy Cymraeg cy-GB default=false
site=cy Cynllun prawf prefix=/cy sites=en:1,cy:2, first=Test plan
translated=true others=en:/plan/about/, all=en,cy,
T=Testun prawf home rel=/plan/cy/about/ abs=https://example.org/plan/cy/index.xml relPlain=/plan/about/
plural=Testun prawf actioncount.other 1|Testun prawf actioncount.other 2
date=Dydd Llun 1 Ebrill 2019 long=1 Ebrill 2019`},
	} {
		if got := s.file(c.file); !strings.Contains(got, c.want) {
			t.Errorf("%s:\n%s\nwant\n%s", c.file, got[strings.Index(got, "lang="):], c.want)
		}
	}
}

// TestBilingualMenusWarning checks that a language without menus of its
// own is warned of, at its table: its pages would show the default
// language's menu. The default language is not warned of, wherever its
// weight puts it among the languages.
func TestBilingualMenusWarning(t *testing.T) {
	for _, c := range []struct {
		name      string
		weights   [2]string // the replacements of the languages' weights, en's then cy's
		want, not string
	}{
		{"default first", [2]string{"weight = 1", "weight = 2"},
			"[languages.cy] has no menus of its own, so its pages show the site's, with their entries' names in English", "[languages.en] has no menus"},
		{"default second", [2]string{"weight = 2", "weight = 1"},
			"[languages.cy] has no menus of its own, so its pages show the site's, with their entries' names in English", "[languages.en] has no menus"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := txtar.Parse([]byte(bilingualSite(t)))
			for i, f := range a.Files {
				if f.Name == "site.toml" {
					text := string(f.Data)
					start, end := strings.Index(text, "[[languages.cy.menus.main]]"), strings.Index(text, "[types.")
					text = text[:start] + text[end:]
					en, cy := strings.Index(text, "[languages.en]"), strings.Index(text, "[languages.cy]")
					text = text[:en] + strings.Replace(text[en:cy], "weight = 1", c.weights[0], 1) + strings.Replace(text[cy:], "weight = 2", c.weights[1], 1)
					a.Files[i].Data = []byte(text)
				}
			}
			s := buildSite(t, string(txtar.Format(a)))
			if !strings.Contains(s.messages(), c.want) {
				t.Errorf("messages lack %q:\n%s", c.want, s.messages())
			}
			if strings.Contains(s.messages(), c.not) {
				t.Errorf("messages have %q:\n%s", c.not, s.messages())
			}
		})
	}
}

// TestBilingualBaseURL checks that --base-url (and the preview's address)
// moves every language's pages, not only the default language's.
func TestBilingualBaseURL(t *testing.T) {
	s := buildSite(t, bilingualSite(t), func(o *Options) { o.BaseURL = "https://other.example/" })
	got := s.file("cy/objectives/sgiliau/index.html")
	for _, want := range []string{`<link rel="canonical" href="https://other.example/cy/objectives/sgiliau/">`,
		`<li><a href="/cy/">Testun prawf home</a></li>`, `<li><a href="/objectives/skills/" lang="en-GB"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the Welsh page lacks %s", want)
		}
	}
	if strings.Contains(got, "/plan/") {
		t.Error("the Welsh page keeps site.toml's base path")
	}
}

// TestBilingualUntranslatedPage checks a page without a twin: no dead
// switcher and no alternates on it, and the Welsh lists leave it out
// while the Welsh menus and references that name it lead to it in
// English.
func TestBilingualUntranslatedPage(t *testing.T) {
	s := buildSite(t, variant(t, map[string]string{"content/objectives/reading.cy.md": ""}))
	got := s.file("objectives/reading/index.html")
	for _, bad := range []string{`class="languages"`, `hreflang=`, "og:locale:alternate"} {
		if strings.Contains(got, bad) {
			t.Errorf("a page without a twin has %s", bad)
		}
	}
	list := s.file("cy/objectives/index.html")
	if !strings.Contains(list, "/plan/cy/objectives/sgiliau/") || strings.Contains(list, "/plan/objectives/reading/") {
		t.Errorf("the Welsh list of objectives is not the Welsh objectives:\n%s", list)
	}
}

// TestBilingualUntranslatedMenuPage checks a menu entry naming a page
// without a Welsh twin: on the Welsh pages it leads to the English page,
// whether the menu is the language's own or the site's, and the missing
// twin is a warning, not an error.
func TestBilingualUntranslatedMenuPage(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"the language's own menu", `<li><a href="/plan/about/" hreflang="en-GB">Amdanom</a></li>`},
		{"the site's menu", `<li><a href="/plan/about/" hreflang="en-GB">About</a></li>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := txtar.Parse([]byte(variant(t, map[string]string{"content/about.cy.md": ""})))
			for i, f := range a.Files {
				if f.Name == "site.toml" && c.name == "the site's menu" {
					text := string(f.Data)
					start, end := strings.Index(text, "[[languages.cy.menus.main]]"), strings.Index(text, "[types.")
					a.Files[i].Data = []byte(text[:start] + text[end:])
				}
			}
			s := buildSite(t, string(txtar.Format(a)))
			if want := "content/about.md has no Welsh version"; !strings.Contains(s.messages(), want) {
				t.Errorf("messages lack %q:\n%s", want, s.messages())
			}
			if got := s.file("cy/index.html"); !strings.Contains(got, c.want) {
				t.Errorf("the Welsh home page lacks %s:\n%s", c.want, got)
			}
		})
	}
}

// TestBilingualTypes checks that a content type applies to a translation
// as to its original.
func TestBilingualTypes(t *testing.T) {
	s := buildSiteWithErrors(t, variant(t, map[string]string{
		"content/objectives/reading.cy.md": "---\ntitle: Amcan prawf dau\nnumber: dau\nactions:\n  - text: Testun prawf tri\n---\n",
	}))
	if want := "content/objectives/reading.cy.md:3:9: number must be a whole number"; !strings.Contains(s.messages(), want) {
		t.Errorf("messages lack %q:\n%s", want, s.messages())
	}
}

// TestBilingualCMS checks that a bilingual site with [cms] has the CMS
// edit each page in both languages, each translation beside its original.
func TestBilingualCMS(t *testing.T) {
	a := txtar.Parse([]byte(bilingualSite(t)))
	for i, f := range a.Files {
		if f.Name == "site.toml" {
			// [cms] is a table: the top-level keys must come first.
			text := string(f.Data)
			cut := strings.Index(text, "[params]")
			a.Files[i].Data = []byte(text[:cut] + "[cms]\nbackend = \"github\"\nrepo = \"org/plan\"\n\n" + text[cut:])
		}
	}
	s := buildSite(t, string(txtar.Format(a)))
	cfg := s.file("admin/config.yml")
	for _, want := range []string{"structure: multiple_files", "locales:\n    - en\n    - cy", "default_locale: en", "omit_default_locale_from_filename: true"} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the CMS configuration lacks %q:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "skills.cy") {
		t.Errorf("the CMS lists a translation as a page of its own:\n%s", cfg)
	}
}

// TestBilingualProgress checks that the progress chart, once progress is
// reported, is in the page's language too.
func TestBilingualProgress(t *testing.T) {
	a := txtar.Parse([]byte(bilingualSite(t)))
	for i, f := range a.Files {
		switch f.Name {
		case "site.toml":
			a.Files[i].Data = append(f.Data, "\n[types.objectives.fields.actions.fields.status]\nvalues = [\"planned\", \"in progress\", \"done\"]\n"...)
		case "content/objectives/skills.md", "content/objectives/skills.cy.md":
			a.Files[i].Data = []byte(strings.Replace(string(f.Data), "\n  - text:", "\n  - status: done\n    text:", 1))
		}
	}
	s := buildSite(t, string(txtar.Format(a)))
	en, cy := s.file("objectives/skills/index.html"), s.file("cy/objectives/sgiliau/index.html")
	for _, want := range []string{">Progress</h2>", "Whole plan", "1 done"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English page lacks %q", want)
		}
		if strings.Contains(cy, want) {
			t.Errorf("the Welsh page has the English %q", want)
		}
	}
	for _, want := range []string{">Testun prawf progress</h2>", "Testun prawf wholeplan"} {
		if !strings.Contains(cy, want) {
			t.Errorf("the Welsh page lacks %q", want)
		}
	}
}

// TestBilingualShortcodeFields checks that a shortcode sees the site and
// speaks the language of the page it is in, as the page's layout does.
func TestBilingualShortcodeFields(t *testing.T) {
	s := buildSite(t, variant(t, map[string]string{
		"layouts/_shortcodes/fields.html": `<p>site={{ .Site.Title }} page={{ .Page.Permalink }} T={{ T "home" }} rel={{ relLangURL "about/" }}</p>`,
		"content/about.md":                "---\ntitle: About this test site\n---\n{{< fields >}}\n",
		"content/about.cy.md":             "---\ntitle: Tudalen prawf\nurl: /amdanom/\n---\n{{< fields >}}\n",
	}))
	for _, c := range []struct{ file, want string }{
		{"about/index.html", `<p>site=Test plan page=https://example.org/plan/about/ T=Home rel=/plan/about/</p>`},
		{"cy/amdanom/index.html", `<p>site=Cynllun prawf page=https://example.org/plan/cy/amdanom/ T=Testun prawf home rel=/plan/cy/about/</p>`},
	} {
		if got := s.file(c.file); !strings.Contains(got, c.want) {
			t.Errorf("%s lacks\n%s\nmessages:\n%s", c.file, c.want, s.messages())
		}
	}
}

// TestBilingualShortcodeRefs checks that a shortcode's ref argument names
// a page of the page's language, as a reference in front matter does,
// and the default language's page when it has no translation.
func TestBilingualShortcodeRefs(t *testing.T) {
	s := buildSite(t, variant(t, map[string]string{
		"content/objectives/reading.cy.md": "",
		"content/about.md":                 "---\ntitle: About this test site\n---\n{{< objective skills >}}\n\n{{< objective reading >}}\n",
		"content/about.cy.md":              "---\ntitle: Tudalen prawf\nurl: /amdanom/\n---\n{{< objective skills >}}\n\n{{< objective reading >}}\n",
	}))
	for _, c := range []struct {
		file       string
		has, lacks []string
	}{
		{"about/index.html", []string{`<a href="/plan/objectives/skills/">`, `<a href="/plan/objectives/reading/">`,
			`<span class="visually-hidden">Objective 1: </span>`, `<p class="card-meta">We will:</p>`}, []string{`/plan/cy/objectives/`}},
		{"cy/amdanom/index.html", []string{`<a href="/plan/cy/objectives/sgiliau/">`, `Amcan prawf</a>`, `Testun prawf un`,
			// No Welsh twin: the English page.
			`<a href="/plan/objectives/reading/">`,
			// The card's words are the page's language's.
			`<span class="visually-hidden">Testun prawf objectivenumber 1 </span>`, `<p class="card-meta">Testun prawf wewillcolon</p>`},
			[]string{`href="/plan/objectives/skills/"`, `The first test action`, `Objective 1`, `We will`}},
	} {
		got := s.file(c.file)
		for _, want := range c.has {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %s", c.file, want)
			}
		}
		for _, bad := range c.lacks {
			if strings.Contains(got, bad) {
				t.Errorf("%s has %s", c.file, bad)
			}
		}
	}
}

// TestBilingualShortcodeWords checks that the built-in shortcodes' own
// words (a callout's label, a figure's credit, a video's player and
// transcript link) are the page's language's, and that the video's
// player page says that language: on a Welsh page, none of the English.
func TestBilingualShortcodeWords(t *testing.T) {
	body := "{{% callout %}}x{{% /callout %}}\n\n{{% callout important %}}x{{% /callout %}}\n\n" +
		"{{< figure src=\"a.png\" alt=\"a\" credit=\"Name\" >}}\n\n" +
		"{{< video id=\"abc\" title=\"A film\" transcript=\"https://example.org/t\" >}}\n"
	dir := writeSite(t, variant(t, map[string]string{
		"content/about.md":    "---\ntitle: About this test site\n---\n" + body,
		"content/about.cy.md": "---\ntitle: Tudalen prawf\nurl: /amdanom/\n---\n" + body,
	}))
	writeFile(t, dir, "content/a.png", pngFile(t, 40, 30))
	b, res := buildDir(t, dir, t.TempDir())
	if res.Failed() {
		t.Fatal(diagText(res.Diagnostics))
	}
	for _, c := range []struct {
		file       string
		has, lacks []string
	}{
		{"about/index.html", []string{">Note</p>", ">Important</p>", "Credit: Name", `title="Video: A film"`,
			"Play: A film", "from YouTube, which may set cookies", "Read the transcript of the video", `lang=&#34;en-GB&#34;`}, nil},
		{"cy/amdanom/index.html", []string{"Testun prawf calloutnote", "Testun prawf calloutimportant", "Testun prawf credit Name",
			`title="Testun prawf videotitle A film"`, "Testun prawf videoplay A film", "Testun prawf videofrom YouTube",
			"Testun prawf videotranscript", `lang=&#34;cy-GB&#34;`},
			[]string{">Note<", ">Important<", "Credit:", "Video:", "Play:", "cookies", "Read the transcript", `lang=&#34;en`}},
	} {
		got := string(b.Output()[c.file])
		for _, want := range c.has {
			if !strings.Contains(got, want) {
				t.Errorf("%s lacks %s", c.file, want)
			}
		}
		for _, bad := range c.lacks {
			if strings.Contains(got, bad) {
				t.Errorf("%s has %s", c.file, bad)
			}
		}
	}
}
