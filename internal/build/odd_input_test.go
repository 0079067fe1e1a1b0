package build

import (
	"fmt"
	"strings"
	"testing"
)

// TestEmptyFiles checks that empty pages, empty front matter in each
// format, an empty section index and an empty file beside the pages all
// build, each published where its name says.
func TestEmptyFiles(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`-- content/_index.md --
-- content/empty.md --
-- content/blank.md --
   

-- content/yaml.md --
---
---
-- content/toml.md --
+++
+++
-- content/json.md --
{}

-- content/notes/_index.md --
---
---
-- content/notes/n.md --
-- content/files/empty.pdf --
`)
	if len(s.res.Diagnostics) > 0 {
		t.Errorf("diagnostics:\n%s", s.messages())
	}
	for _, name := range []string{"empty", "blank", "yaml", "toml", "json", "notes/n"} {
		if got, want := s.file(name+"/index.html"), "<body>page:</body>"; !strings.Contains(got, want) {
			t.Errorf("%s: got %s, want it to contain %s", name, got, want)
		}
	}
	// An _index.md without a title leaves its section untitled, as in Hugo.
	if got := s.file("notes/index.html"); !strings.Contains(got, "section:|") {
		t.Errorf("the section of an empty _index.md: %s", got)
	}
	if got := s.file("files/empty.pdf"); got != "" {
		t.Errorf("files/empty.pdf = %q, want it empty", got)
	}
	if !strings.Contains(s.file("sitemap.xml"), "<loc>https://example.org/notes/n/</loc>") {
		t.Error("the empty page is not in the sitemap")
	}
}

// TestLargePage builds a page of over 5 MB, with headings and links all
// through it, and checks it is published whole and its links are checked
// to the last.
func TestLargePage(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: Large\n---\n")
	for i := 0; b.Len() < 5<<20; i++ {
		if i%500 == 0 {
			fmt.Fprintf(&b, "\n## Part %d\n\n", i/500)
		}
		fmt.Fprintf(&b, "Paragraph %d of a long report, with [a link to the small page](small.md#part) and some *emphasis*, then more words to fill the line.\n\n", i)
	}
	b.WriteString("The last paragraph, [which links nowhere](missing.md).\n")
	size := b.Len()
	s := buildSiteWithErrors(t, minimalConfig+plainLayouts+"-- content/small.md --\n---\ntitle: Small\n---\n## Part\n-- content/large.md --\n"+b.String())

	lines := strings.Count(b.String(), "\n")
	want := fmt.Sprintf(`content/large.md:%d:21: link to "missing.md": there is no page content/missing.md`, lines)
	if got := strings.TrimSpace(s.messages()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	s = buildSite(t, minimalConfig+plainLayouts+"-- content/small.md --\n---\ntitle: Small\n---\n## Part\n-- content/large.md --\n"+strings.Replace(b.String(), "missing.md", "small.md", 1))
	page := s.file("large/index.html")
	if len(page) < size {
		t.Errorf("the page is %d bytes, its source %d", len(page), size)
	}
	for _, want := range []string{`<h2 id="part-0">Part 0</h2>`, `<a href="/small/#part">a link to the small page</a>`, "The last paragraph, <a href=\"/small/\">which links nowhere</a>.</p>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

// TestNonASCIINames builds a page and a file in a folder whose names are
// not ASCII, and checks where they are published, how the sitemap and
// links spell their URLs (percent-encoded, as a URL must be), and that
// links to them by file, by URL and by encoded URL all resolve.
func TestNonASCIINames(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+`-- content/größe/ünïcode.md --
---
title: Unicode
---
## Überschrift
-- content/größe/bild.svg --
png
-- content/links.md --
---
title: Links
---
[by file](größe/ünïcode.md), [by URL](/größe/ünïcode/), [encoded](/gr%C3%B6%C3%9Fe/%C3%BCn%C3%AFcode/), [anchor](größe/ünïcode.md#überschrift), ![Bild](größe/bild.svg)
`)
	if len(s.res.Diagnostics) > 0 {
		t.Errorf("diagnostics:\n%s", s.messages())
	}
	if !strings.Contains(s.file("größe/ünïcode/index.html"), "page:Unicode") {
		t.Error("the page is not at größe/ünïcode/index.html")
	}
	if s.file("größe/bild.svg") != "png\n" {
		t.Error("the image is not at größe/bild.svg")
	}
	// A folder without _index.md is titled from its name, pluralised, as Hugo.
	if got := s.file("größe/index.html"); !strings.Contains(got, "section:Größes|Unicode;") {
		t.Errorf("the section größe/ is not titled Größes or does not list its page: %s", got)
	}
	sitemap := s.file("sitemap.xml")
	for _, want := range []string{"<loc>https://example.org/gr%C3%B6%C3%9Fe/</loc>", "<loc>https://example.org/gr%C3%B6%C3%9Fe/%C3%BCn%C3%AFcode/</loc>"} {
		if !strings.Contains(sitemap, want) {
			t.Errorf("the sitemap lacks %s:\n%s", want, sitemap)
		}
	}
	page := s.file("links/index.html")
	const u = "/gr%C3%B6%C3%9Fe/%C3%BCn%C3%AFcode/"
	for _, want := range []string{
		`<a href="` + u + `">by file</a>`, `<a href="` + u + `">by URL</a>`, `<a href="` + u + `">encoded</a>`,
		`<a href="` + u + `#%C3%BCberschrift">anchor</a>`, `<img src="/gr%C3%B6%C3%9Fe/bild.svg" alt="Bild">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the links page lacks %s:\n%s", want, page)
		}
	}
}
