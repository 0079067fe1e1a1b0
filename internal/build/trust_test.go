package build

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBaseURLFlag checks that --base-url is held to the rules of
// site.toml's baseURL, and its message names the flag, which has no line
// or column: "//example.org/" gave every page a broken link instead.
func TestBaseURLFlag(t *testing.T) {
	tests := []struct{ url, want string }{
		{"//example.org/", `--base-url: "//example.org/" needs a scheme: write "https://example.org/"`},
		{"example.org/plan/", `--base-url: "example.org/plan/" needs a scheme: write "https://example.org/plan/" (or start it with / if it is only a path, such as "/plan/")`},
		{"http:/x", `--base-url: "http:/x" needs two slashes after http:, as in "http://x"`},
		{"ftp://example.org/", `--base-url: "ftp://example.org/" must start with https:// (or http://), not ftp://`},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			dir := writeSite(t, minimalConfig+plainLayouts)
			_, err := New(Options{Src: dir, InMemory: true, BaseURL: tt.url}).Build(context.Background())
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestFaultyAliases checks that every faulty alias of a page is reported in
// one build: the first used to hide the others until it was fixed, and a
// fault found on reading the page hid those found once the site is linked.
func TestFaultyAliases(t *testing.T) {
	tests := []struct{ name, aliases, want string }{
		{"found on reading", `["https://example.org/old/", "/old?x", 'old\a']`,
			"content/a.md:3:11: alias \"https://example.org/old/\" must be a path of this site, such as /about/, not a full address: the base URL goes before it\n" +
				"content/a.md:3:39: alias \"/old?x\" must be a path, such as /about/, without ? or #\n" +
				"content/a.md:3:49: alias \"old\\\\a\" must use / between folders, not \\: write \"old/a\"\n"},
		{"found on reading and on linking", `["/b/", "", "/a/"]`,
			"content/a.md:3:11: alias /b/ is the address of content/b.md: remove the alias, or give that page another slug or url\n" +
				"content/a.md:3:18: an alias must be a path of this site, such as /old-address/, not empty\n" +
				"content/a.md:3:22: alias /a/ is the page's own address: remove it\n"},
		{"not text", `[{a: 1}, /ok/, [2]]`,
			"content/a.md:3:11: aliases[1] must be text, not a set of fields\n" +
				"content/a.md:3:25: aliases[3] must be text, not a list\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildSiteWithErrors(t, minimalConfig+plainLayouts+"-- content/a.md --\n---\ntitle: A\naliases: "+tt.aliases+"\n---\n-- content/b.md --\n---\ntitle: B\n---\n")
			if got := s.messages(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestNotUTF8Published checks that a page saved as Latin-1 is published
// as the feed shows it, each byte that is not UTF-8 as U+FFFD, with a
// warning: the page carried the raw bytes under its UTF-8 declaration.
func TestNotUTF8Published(t *testing.T) {
	s := buildSite(t, minimalConfig+plainLayouts+"-- content/a.md --\n---\ntitle: Caf\xe9\ndate: 2019-04-01\n---\nA caf\xe9 for all.\n")
	if want := "content/a.md:2:11: warning: this file is not UTF-8 text"; !strings.HasPrefix(s.messages(), want) {
		t.Errorf("messages:\n%s\nwant one starting %s", s.messages(), want)
	}
	for _, name := range []string{"a/index.html", "index.xml"} {
		out := s.file(name)
		if !utf8.ValidString(out) || strings.Count(out, "Caf\uFFFD")+strings.Count(out, "caf\uFFFD") < 2 {
			t.Errorf("%s:\n%s", name, out)
		}
	}
}

// TestScriptFiles checks that an SVG or HTML file of content/ that runs a
// script is published with a warning while raw HTML is off, as it was
// published in silence, and without one when site.toml turns raw HTML on;
// and that rebuilds keep the warning until the file is fixed, as a full
// build would.
func TestScriptFiles(t *testing.T) {
	const chart = "-- content/chart.svg --\n<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <g>\n    <script>alert(1)</script>\n  </g>\n</svg>\n"
	const want = "content/chart.svg:3:5: warning: this file has a script (<script>); it is published as it is, and raw HTML is off: remove the script, or set [markup] unsafe = true in site.toml\n"
	page := "-- content/a.md --\n---\ntitle: A\n---\nText.\n"
	s := buildSite(t, minimalConfig+plainLayouts+page+chart)
	if got := s.messages(); got != want || !s.has("chart.svg") {
		t.Errorf("got:\n%s\nwant:\n%s(and chart.svg published)", got, want)
	}
	s = buildSite(t, minimalConfig+"[markup]\nunsafe = true\n"+plainLayouts+page+chart)
	if got := s.messages(); got != "" {
		t.Errorf("with raw HTML on:\n%s", got)
	}

	dir := writeSite(t, minimalConfig+plainLayouts+page+chart)
	b := New(Options{Src: dir, InMemory: true, Incremental: true})
	ctx := context.Background()
	if _, err := b.Build(ctx); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ file, text, want string }{
		{"content/a.md", "---\ntitle: A\n---\nOther text.\n", want}, // only text: extras publish no files
		{"content/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n", ""},
		{"content/chart.svg", "<svg onload=\"alert(1)\"/>\n", strings.Replace(want, "3:5: warning: this file has a script (<script>)", "1:6: warning: this file has a script (the event handler onload=)", 1)},
	} {
		writeSiteIn(t, dir, "-- "+step.file+" --\n"+step.text)
		res, err := b.Rebuild(ctx, []string{step.file})
		if err != nil {
			t.Fatal(err)
		}
		if got := (&builtSite{res: res}).messages(); got != step.want {
			t.Errorf("after editing %s:\n%s\nwant:\n%s", step.file, got, step.want)
		}
	}
}
