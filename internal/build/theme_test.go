package build

import (
	"image/png"
	"regexp"
	"strings"
	"testing"
)

// TestDefaultThemeShareImage checks what the default theme says of the
// image a page is shared with: a card drawn for it, 1200×630, described by
// the words on it; a page's own, described by its imageAlt; and a page's
// own without one, which is shared without a description and warned about.
func TestDefaultThemeShareImage(t *testing.T) {
	const archive = `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[params]
imageAlt = "The site's picture"
-- content/plain.md --
---
title: Plain
---
-- content/described.md --
---
title: Described
image: card.png
imageAlt: A card with the trust's name
---
-- content/bare.md --
---
title: Bare
image: card.png
---
`
	s := buildSite(t, archive)
	for page, want := range map[string]string{
		"plain":     `<meta property="og:image:alt" content="Plain. Test site.">` + "\n" + `<meta property="og:image:width" content="1200">` + "\n" + `<meta property="og:image:height" content="630">`,
		"described": `<meta property="og:image:alt" content="A card with the trust&#39;s name">`,
	} {
		if got := s.file(page + "/index.html"); !strings.Contains(got, want) {
			t.Errorf("%s: no %s in\n%s", page, want, got)
		}
	}
	card := regexp.MustCompile(`og:image" content="https://example.org/(og/[0-9a-f]{20}\.png)"`).FindStringSubmatch(s.file("plain/index.html"))
	if card == nil || !strings.HasPrefix(s.file(card[1]), "\x89PNG") {
		t.Errorf("plain: og:image is not a card in the output: %q", card)
	}
	if got := s.file("bare/index.html"); strings.Contains(got, "og:image:alt") {
		t.Errorf("bare: an og:image:alt for an image nobody described")
	}
	want := `layouts/_partials/head.html (built-in theme): warning: image "card.png" has no imageAlt saying what it shows, for og:image:alt (rendering content/bare.md)`
	if got := s.messages(); !strings.Contains(got, want) {
		t.Errorf("messages:\n%s\nwant one that says:\n%s", got, want)
	}
}

// TestDefaultThemeAccessibilityContact checks that the default theme's
// accessibility statement gives the contact site.toml names: an email
// address first, then a contact page, then the organisation's website;
// with none it warns, so that a statement never goes out without one.
func TestDefaultThemeAccessibilityContact(t *testing.T) {
	page := `-- content/accessibility.md --
---
title: Accessibility statement
date: 2026-11-27
lastmod: 2026-11-29
layout: accessibility
---
Opening.

<!--more-->

## Preparation of this accessibility statement

Tested.
`
	for _, tc := range []struct{ params, want string }{
		{`contactEmail = "access@example.org"` + "\n" + `organisationURL = "https://trust.example/"`, `by email at <a href="mailto:access@example.org">access@example.org</a>`},
		{`contactURL = "https://trust.example/contact/"` + "\n" + `organisationURL = "https://trust.example/"`, `through <a href="https://trust.example/contact/">the contact details on the Trust website</a>`},
		{`organisationURL = "https://trust.example/"`, `through <a href="https://trust.example/">the Trust website</a>`},
	} {
		s := buildSite(t, "-- site.toml --\ntitle = \"Test site\"\nbaseURL = \"https://example.org/\"\n[params]\norganisation = \"Trust\"\n"+tc.params+"\n"+page)
		got := s.file("accessibility/index.html")
		if strings.Count(got, tc.want) != 2 {
			t.Errorf("%s: want the contact twice (feedback, reporting problems) as %s in\n%s", tc.params, tc.want, got)
		}
		if !strings.Contains(got, "This statement was prepared on 27 November 2026. It was last reviewed on 29 November 2026.") {
			t.Errorf("%s: the statement's dates are not its date and lastmod", tc.params)
		}
		if i, j := strings.Index(got, "Reporting accessibility problems"), strings.Index(got, "Preparation of this"); i < 0 || j < i {
			t.Errorf("%s: the contact sections do not come before the rest of the statement", tc.params)
		}
	}
	s := buildSite(t, "-- site.toml --\ntitle = \"Test site\"\nbaseURL = \"https://example.org/\"\n"+page)
	if got := s.messages(); !strings.Contains(got, "the accessibility statement has no contact") {
		t.Errorf("no warning for a statement without a contact:\n%s", got)
	}
}

// TestSiteShareCard checks that a site's own layouts/_sharecard.toml
// replaces the theme's card: its colours, its text, and so its alt text;
// and that a layout that cannot be drawn is an error naming the file.
func TestSiteShareCard(t *testing.T) {
	const archive = `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
-- content/plain.md --
---
title: Plain
---
-- layouts/_sharecard.toml --
background = "#102030"
[[text]]
text = "{{ .Site.Title }}: {{ .Title }}"
x = 50
y = 50
w = 1100
h = 200
color = "#ffffff"
`
	s := buildSite(t, archive)
	page := s.file("plain/index.html")
	if want := `<meta property="og:image:alt" content="Test site: Plain.">`; !strings.Contains(page, want) {
		t.Errorf("plain: no %s in\n%s", want, page)
	}
	card := regexp.MustCompile(`og:image" content="https://example.org/(og/[0-9a-f]{20}\.png)"`).FindStringSubmatch(page)
	if card == nil {
		t.Fatal("plain: no card")
	}
	img, err := png.Decode(strings.NewReader(s.file(card[1])))
	if err != nil {
		t.Fatal(err)
	}
	if r, g, b, _ := img.At(0, 0).RGBA(); r>>8 != 0x10 || g>>8 != 0x20 || b>>8 != 0x30 {
		t.Errorf("the card's corner is %x %x %x, want the site's background #102030", r>>8, g>>8, b>>8)
	}

	bad := buildSiteWithErrors(t, strings.Replace(archive, `background = "#102030"`, `background = "navy"`, 1))
	if want := `layouts/_sharecard.toml:1:14: background: colour "navy": write it as #rrggbb`; !strings.Contains(bad.messages(), want) {
		t.Errorf("messages:\n%s\nwant:\n%s", bad.messages(), want)
	}
}
