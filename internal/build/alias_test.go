package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAliases checks that each old address of a page gets a page sending
// readers on to the page, under the base URL's path, wherever the alias is
// written from, and that aliases are not pages: not in the sitemap, the
// feed or any list.
func TestAliases(t *testing.T) {
	s := buildSite(t, `-- site.toml --
title = "Test site"
baseURL = "https://example.org/plan/"
languageCode = "en-GB"
`+plainLayouts+`-- content/objectives/_index.md --
---
title: Objectives
---
-- content/objectives/skills.md --
---
title: Skills & training
aliases:
  - /old/skills/
  - workforce
  - /objective-3.html
  - ../../../../escape/
---
Text.
`)
	want := map[string]string{
		"old/skills/index.html":           "",
		"objectives/workforce/index.html": "",
		"objective-3.html":                "",
		"escape/index.html":               "",
	}
	for name := range want {
		html := s.file(name)
		for _, part := range []string{
			`<html lang="en-GB">`,
			`<title>Skills &amp; training</title>`,
			`<link rel="canonical" href="https://example.org/plan/objectives/skills/">`,
			`<meta http-equiv="refresh" content="0; url=https://example.org/plan/objectives/skills/">`,
			`<a href="/plan/objectives/skills/">`,
		} {
			if !strings.Contains(html, part) {
				t.Errorf("%s lacks %s:\n%s", name, part, html)
			}
		}
	}
	for _, name := range []string{"sitemap.xml", "index.xml", "objectives/index.html"} {
		if text := s.file(name); strings.Contains(text, "workforce") || strings.Contains(text, "old/skills") {
			t.Errorf("%s lists an alias:\n%s", name, text)
		}
	}
}

// TestAliasesFollowEdits checks that the preview's rebuilds add, move and
// drop alias pages as the front matter changes.
func TestAliasesFollowEdits(t *testing.T) {
	dir := writeSite(t, minimalConfig+plainLayouts+`-- content/a.md --
---
title: A
---
`)
	b := New(Options{Src: dir, InMemory: true, Server: true, Incremental: true})
	ctx := context.Background()
	if res, err := b.Build(ctx); err != nil || res.Failed() {
		t.Fatal(err, res.Diagnostics)
	}
	steps := []struct {
		front      string
		have, gone string
	}{
		{"title: A\naliases: [/first/]", "first/index.html", ""},
		{"title: A\naliases: [/second/]", "second/index.html", "first/index.html"},
		{"title: A", "", "second/index.html"},
	}
	for _, st := range steps {
		if err := os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("---\n"+st.front+"\n---\nText.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Rebuild(ctx, []string{"content/a.md"})
		if err != nil || res.Failed() {
			t.Fatal(err, res.Diagnostics)
		}
		out := b.Output()
		if _, ok := out[st.have]; st.have != "" && !ok {
			t.Errorf("after %q: no %s", st.front, st.have)
		}
		if _, ok := out[st.gone]; st.gone != "" && ok {
			t.Errorf("after %q: %s is still there", st.front, st.gone)
		}
	}
}

// TestLinksToAliases checks that a Markdown link to a page's old address is
// published as the page's own address (readers skip the redirect), and that
// the preview notices when the alias goes: the link is then broken.
func TestLinksToAliases(t *testing.T) {
	dir := writeSite(t, minimalConfig+plainLayouts+`-- content/a.md --
---
title: A
aliases: [/first/, /old.html]
---
## Part
-- content/b.md --
---
title: B
---
[Page A](/first/#part), [A again](/plan/../old.html) and [A as well](first).
`)
	b := New(Options{Src: dir, InMemory: true, Server: true, Incremental: true})
	ctx := context.Background()
	res, err := b.Build(ctx)
	if err != nil || res.Failed() {
		t.Fatal(err, res.Diagnostics)
	}
	html := string(b.Output()["b/index.html"])
	for _, want := range []string{`<a href="/a/#part">Page A</a>`, `<a href="/a/">A again</a>`, `<a href="/a/">A as well</a>`} {
		if !strings.Contains(html, want) {
			t.Errorf("b/index.html lacks %s:\n%s", want, html)
		}
	}
	steps := []struct {
		front string
		want  string // an error about b.md, or none
	}{
		{"title: A\naliases: [/second/, /old.html]", `content/b.md:4:1: link to "/first/#part": there is no page at /first`},
		{"title: A\naliases: [/first/, /old.html]", ""},
		{"title: A\naliases: [/first/]", `content/b.md:4:25: link to "/plan/../old.html": there is no page at /old.html`},
	}
	for _, st := range steps {
		if err := os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("---\n"+st.front+"\n---\n## Part\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Rebuild(ctx, []string{"content/a.md"})
		if err != nil {
			t.Fatal(err)
		}
		got := diagText(res.Diagnostics)
		if st.want == "" && res.Failed() || !strings.Contains(got, st.want) {
			t.Errorf("after %q: got\n%s\nwant %q", st.front, got, st.want)
		}
		full, err := New(Options{Src: dir, InMemory: true}).Build(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := diagText(full.Diagnostics); got != want {
			t.Errorf("after %q: the rebuild says\n%s\na full build\n%s", st.front, got, want)
		}
	}
}
