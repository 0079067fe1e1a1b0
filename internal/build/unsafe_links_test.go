package build

import (
	"strings"
	"testing"
)

// TestRefusedLinks checks that a link goldmark will not publish (it would
// run code or read a file in the reader's browser) is an error at the link
// in the Markdown, not an empty link somewhere in a layout; and that with
// raw HTML on, as with raw HTML, it is the writer's choice.
func TestRefusedLinks(t *testing.T) {
	const page = `-- content/a.md --
---
title: A
---

A [bad link](javascript:alert(1)) and <vbscript:msgbox> and ![chart](data:text/html,x).

A [file](file:///etc/passwd) and a fine ![dot](data:image/png;base64,iVBORw0KGgo=).
`
	s := buildSiteWithErrors(t, minimalConfig+plainLayouts+page)
	want := []string{
		`content/a.md:5:3: link to "javascript:alert(1)": javascript: links are not allowed`,
		`content/a.md:5:40: link to "vbscript:msgbox": vbscript: links are not allowed`,
		`content/a.md:5:61: image "data:text/html,x": data: links are not allowed`,
		`content/a.md:7:3: link to "file:///etc/passwd": file: links are not allowed`,
	}
	got := strings.Split(strings.TrimSpace(s.messages()), "\n")
	if len(got) != len(want) {
		t.Fatalf("got %d messages, want %d:\n%s", len(got), len(want), s.messages())
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %s\nwant %s…", got[i], want[i])
		}
	}

	unsafe := buildSite(t, `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[markup]
unsafe = true
`+plainLayouts+page)
	if html := unsafe.file("a/index.html"); !strings.Contains(html, `href="javascript:alert(1)"`) {
		t.Errorf("with raw HTML on, the link was not published as written:\n%s", html)
	}
}
