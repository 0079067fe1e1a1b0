package build

import (
	"strings"
	"testing"
)

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
