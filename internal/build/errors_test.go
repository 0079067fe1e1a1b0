package build

import (
	"strings"
	"testing"
)

// typedConfig declares content types for the error cases.
const typedConfig = `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[types.quotes.fields.quote]
kind = "text"
required = true
[types.quotes.fields.year]
kind = "int"
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"
[types.quotes.fields.when]
kind = "date"
[types.objectives.fields.actions]
kind = "records"
[types.objectives.fields.actions.fields.text]
kind = "string"
required = true
[types.objectives.fields.actions.fields.status]
kind = "string"
values = ["planned", "in progress", "done"]
-- content/objectives/skills.md --
---
title: Skills
---

## Our skills
`

// TestErrors builds sites with one fault each and checks the exact message
// and position of the one error reported.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files string
		want  string
	}{
		{"unknown field", `-- content/quotes/q.md --
---
quote: Hello
sorce: A survey
---
`, `content/quotes/q.md:3:1: unknown field "sorce"; pages of quotes take: quote, year, objective, when`},
		{"unknown field with a hint", `-- content/quotes/q.md --
---
quote: Hello
yaer: 2019
---
`, `content/quotes/q.md:3:1: unknown field "yaer" (did you mean "year"?); pages of quotes take: quote, year, objective, when`},
		{"missing required field", `-- content/quotes/q.md --
---
title: Q
---
`, `content/quotes/q.md:1:1: missing required field "quote": pages of quotes need it`},
		{"wrong kind", `-- content/quotes/q.md --
---
quote: Hello
year: twenty nineteen
---
`, `content/quotes/q.md:3:7: year must be a whole number, not the text "twenty nineteen"`},
		{"number in quotes", `-- content/quotes/q.md --
+++
quote = "Hello"
year = "2019"
+++
`, `content/quotes/q.md:3:8: year must be a whole number, not the text "2019" (write the number without quotes)`},
		{"outside enumeration", `-- content/objectives/o.md --
---
actions:
  - text: Do it
    status: finished
---
`, `content/objectives/o.md:4:13: actions[1].status: "finished" is not one of: planned, in progress, done`},
		{"record missing a field", `-- content/objectives/o.md --
---
actions:
  - status: done
---
`, `content/objectives/o.md:3:5: actions[1]: missing required field "text"`},
		{"reference to a missing page", `-- content/quotes/q.md --
---
quote: Hello
objective: skils
---
`, `content/quotes/q.md:3:12: objective "skils" does not exist (did you mean "skills"?)`},
		{"bad date", `-- content/quotes/q.md --
---
quote: Hello
when: next tuesday
---
`, `content/quotes/q.md:3:7: when: "next tuesday" is not a date: write it as 2019-04-01 or 2019-04-01T09:30:00Z`},
		{"two pages at one URL", `-- content/a.md --
---
title: A
url: /same/
---
-- content/b.md --
---
title: B
slug: same
---
`, `content/b.md:3:7: content/a.md and content/b.md would both be published at /same/: give one of them another slug or url`},
		{"alias at another page's address", `-- content/a.md --
---
title: A
---
-- content/b.md --
---
title: B
aliases: [/old-b/, /a/]
---
`, `content/b.md:3:20: alias /a/ is the address of content/a.md: remove the alias, or give that page another slug or url`},
		{"alias of two pages", `-- content/a.md --
---
title: A
aliases:
  - /old/
---
-- content/b.md --
---
title: B
aliases:
  - /old
---
`, `content/b.md:4:5: alias /old/ is also an alias of content/a.md: keep it on one page only`},
		{"alias at the page's own address", `-- content/objectives/a.md --
---
title: A
aliases: [a/]
---
`, `content/objectives/a.md:3:11: alias /objectives/a/ is the page's own address: remove it`},
		{"alias at the sitemap", `-- content/a.md --
---
title: A
aliases: [/sitemap.xml]
---
`, `content/a.md:3:11: alias /sitemap.xml is where the sitemap is published: remove the alias`},
		{"alias as a full address", `-- content/a.md --
---
title: A
aliases: ["https://example.org/old/"]
---
`, `content/a.md:3:11: alias "https://example.org/old/" must be a path of this site, such as /about/, not a full address: the base URL goes before it`},
		{"alias not a list", `-- content/a.md --
---
title: A
aliases: /old/
---
`, `content/a.md:3:10: aliases must be a list, such as [/old/], not the text "/old/"`},
		{"YAML syntax", `-- content/a.md --
---
title: A
tags: [one, two
---
`, `content/a.md:3:7: YAML: did not find expected ',' or ']' (a list opened with [ is not closed with ])`},
		{"TOML syntax", `-- content/a.md --
+++
title = "A"
weight = = 3
+++
`, `content/a.md:3:10: TOML: expected value but found '=' instead`},
		{"JSON syntax", `-- content/a.md --
{
  "title": "A",
  "weight": 3,
}

Body.
`, `content/a.md:4:1: JSON: invalid character '}' looking for beginning of object key string`},
		{"front matter never closed", `-- content/a.md --

---
title: A

Body.
`, `content/a.md:2:1: front matter is never closed: add a line --- after its last field`},
		{"link to a missing page", `-- content/a.md --
---
title: A
---

See [the skills objective](objectives/skils.md) for more.
`, `content/a.md:5:5: link to "objectives/skils.md": there is no page content/objectives/skils.md (did you mean "objectives/skills.md"?)`},
		{"link to a missing URL", `-- content/a.md --
---
title: A
---
Read [the skills page](/objectives/skils/).
`, `content/a.md:4:6: link to "/objectives/skils/": there is no page at /objectives/skils (did you mean "/objectives/skills/"?)`},
		{"missing image", `-- content/a.md --
---
title: A
---
![A chart](chart.png)
`, `content/a.md:4:1: image "chart.png": there is no image at /chart.png`},
		{"missing anchor", `-- content/a.md --
---
title: A
---
See [skills](objectives/skills.md#our-skils).
`, `content/a.md:4:5: link to "objectives/skills.md#our-skils": content/objectives/skills.md has no heading or element with id "our-skils" (did you mean "our-skills"?)`},
		{"template parse error", `-- layouts/page.html --
{{ define "main" }}
<p>{{ .Title }</p>
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:2:14: unexpected "}" in operand`},
		{"template parse error at an end", `-- layouts/page.html --
{{ define "main" }}
<p>{{ .Title }}</p>
{{ end }}
  {{- end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:4:3: unexpected {{end}}`},
		{"unknown function", `-- layouts/page.html --
{{ define "main" }}
<p>{{ titel .Title }}</p>
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:2:7: function "titel" not defined`},
		{"attribute quote left open", `-- layouts/page.html --
{{ define "main" }}
<p>{{ .Title }}</p>
<a href="{{ .RelPermalink }}>here</a>
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:3:9: this quote is never closed, so the rest of the layout is inside the attribute: close it with " (rendering content/a.md)`},
		{"attribute quote left open in a partial", `-- layouts/page.html --
{{ define "main" }}{{ partial "card.html" . }}{{ end }}
-- layouts/_partials/card.html --
<div class='card>{{ .Title }}</div>
-- content/a.md --
---
title: A
---
`, `layouts/_partials/card.html:1:12: this quote is never closed, so the rest of the layout is inside the attribute: close it with ' (rendering content/a.md)`},
		{"tag left open", `-- layouts/page.html --
{{ define "main" }}
<p class="x"{{ .Title }}
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:2:1: this tag is never closed with > (rendering content/a.md)`},
		{"comment left open", `-- layouts/page.html --
{{ define "main" }}
<p>{{ .Title }}</p>
<!-- a note
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:3:1: this comment is never closed with --> (rendering content/a.md)`},
		{"template execution error", `-- layouts/page.html --
{{ define "main" }}
<p>{{ .Title }}</p>
<p>{{ .Nonsense }}</p>
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:3:7: executing "main" at <.Nonsense>: can't evaluate field Nonsense in type page (rendering content/a.md)`},
		{"broken link in a layout", `-- layouts/page.html --
{{ define "main" }}
<p><a href="{{ relURL "/nowhere/" }}">Nowhere</a></p>
{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:2:24: link to "/nowhere/" goes nowhere: the site has no /nowhere/ (on /a/)`},
		{"absolute link in a layout", `-- layouts/page.html --
{{ define "main" }}<p><a href="/elsewhere/">Elsewhere</a></p>{{ end }}
-- content/a.md --
---
title: A
---
`, `layouts/page.html:1:32: link to "/elsewhere/" goes nowhere: the site has no /elsewhere/ (on /a/)`},
		{"unknown setting", `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
tittle = "Oops"
`, `site.toml:3:1: unknown setting "tittle" (did you mean "title"?)`},
		{"menu names a missing page", `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[[menus.main]]
name = "About"
page = "abuot"
-- content/about.md --
---
title: About
---
`, `site.toml:5:8: menu entry "About": page "abuot" does not exist (did you mean "about"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := typedConfig + plainLayouts
			if strings.HasPrefix(tt.files, "-- site.toml --") {
				site = plainLayouts + tt.files
			} else {
				site += tt.files
			}
			s := buildSiteWithErrors(t, site)
			got := strings.TrimSpace(s.messages())
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if !s.res.Failed() || s.res.Published {
				t.Error("the build did not fail, or published")
			}
		})
	}
}

// TestEveryErrorReported checks that faults in several files are all
// reported, sorted by file and line.
func TestEveryErrorReported(t *testing.T) {
	s := buildSiteWithErrors(t, typedConfig+plainLayouts+`-- content/quotes/a.md --
---
quote: Hello
objective: nowhere
---
-- content/quotes/b.md --
---
year: soon
---
-- content/c.md --
---
title: C
---
[x](missing.md)
`)
	want := []string{
		`content/c.md:4:1: link to "missing.md": there is no page content/missing.md`,
		`content/quotes/a.md:3:12: objective "nowhere" does not exist`,
		`content/quotes/b.md:1:1: missing required field "quote": pages of quotes need it`,
		`content/quotes/b.md:2:7: year must be a whole number, not the text "soon"`,
	}
	got := strings.Split(strings.TrimSpace(s.messages()), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), s.messages())
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, got[i], want[i])
		}
	}
}

// TestWarnings checks that accessibility warnings are reported without
// failing the build, and fail it with --strict.
func TestWarnings(t *testing.T) {
	site := minimalConfig + plainLayouts + `-- content/a.md --
---
title: A
---
![](pic.svg)

[](b.md)
-- content/b.md --
---
title: B
---
-- content/pic.svg --
png
`
	s := buildSite(t, site)
	want := "content/a.md:4:1: warning: image \"pic.svg\" has no alt text: describe it between the brackets, ![like this](pic.svg)\n" +
		"content/a.md:6:1: warning: link to \"b.md\" has no text: a screen reader has nothing to announce\n"
	if got := s.messages(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !s.res.Published {
		t.Error("warnings stopped the build")
	}
	strict := buildSiteWithErrors(t, site, func(o *Options) { o.Strict = true })
	if !strict.res.Failed() || strict.res.Published {
		t.Error("--strict did not fail on warnings")
	}
}

// TestAccessibilityWarnings checks the content rules plansite check reports:
// vague link text, headings that start at h1 or skip a level, duplicate IDs.
func TestAccessibilityWarnings(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"vague link text", "[Click here](b.md) for more.\n",
			`content/a.md:4:1: warning: link text "Click here" says nothing about where the link goes: name the destination, as in [the accessibility statement](…)`},
		{"a second h1", "# Another title\n\nText.\n",
			`content/a.md:4:1: warning: heading "Another title" is a level 1 heading (#), but the page's title is its only h1: start the page's headings at ##`},
		{"skipped level", "## Part\n\n#### Detail\n",
			`content/a.md:6:1: warning: heading "Detail" skips from level 2 to level 4: use ###`},
		{"duplicate id", "## Twice {#twice}\n\n## Again {#twice}\n",
			`content/a.md: /a/ has the id "twice" more than once: give a heading another name, or an id of its own with {#another-id}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildSiteWithErrors(t, minimalConfig+plainLayouts+"-- content/a.md --\n---\ntitle: A\n---\n"+tt.page+"-- content/b.md --\n---\ntitle: B\n---\n")
			if got := strings.TrimSpace(s.messages()); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
