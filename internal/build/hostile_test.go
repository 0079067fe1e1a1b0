package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// filesUnder lists the files and links below root, slash paths relative
// to it, without following links.
func filesUnder(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildTo builds the site in root/site to a DEST deep inside root, and
// fails the test on errors. It returns DEST.
func buildTo(t *testing.T, root string) (string, *Result) {
	t.Helper()
	dest := filepath.Join(root, "deep", "a", "b", "out")
	b := New(Options{Src: filepath.Join(root, "site"), Dest: dest})
	defer b.Close()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() {
		t.Fatalf("build failed:\n%s", diagText(res.Diagnostics))
	}
	return dest, res
}

// onlyInside checks that every file below root is in the site folder, in
// DEST or in one of the other folders given: nothing was written anywhere
// else.
func onlyInside(t *testing.T, root string, others ...string) {
	t.Helper()
	for _, f := range filesUnder(t, root) {
		ok := strings.HasPrefix(f, "site/") || strings.HasPrefix(f, "deep/a/b/out/")
		for _, o := range others {
			ok = ok || strings.HasPrefix(f, o+"/")
		}
		if !ok {
			t.Errorf("%s was written outside DEST", f)
		}
	}
}

// TestDotDotStaysInDest builds, to a real DEST, pages whose slug, url or
// file name holds "..", and checks that each lands inside DEST, where its
// cleaned address says, and nothing is written anywhere else.
func TestDotDotStaysInDest(t *testing.T) {
	root := t.TempDir()
	writeSiteIn(t, filepath.Join(root, "site"), minimalConfig+plainLayouts+`-- content/_index.md --
---
title: Home
---
-- content/slug.md --
---
title: Slug
slug: ../../../etc/x
---
-- content/absolute.md --
---
title: Absolute
url: /../../x/
---
-- content/relative.md --
---
title: Relative
url: ../../outside/
---
-- content/file.md --
---
title: File
url: ../../../../../../../../../tmp/evil.html
---
-- content/deeper.md --
---
title: Deeper
url: /a/../../../b/../c/
---
-- content/a..b.md --
---
title: Dots in the name
---
-- content/x../y.md --
---
title: Dots in the folder
---
-- content/files..//..pdf --
not published: a dot file
-- content/files../report..pdf --
pdf
`)
	dest, _ := buildTo(t, root)
	onlyInside(t, root)

	got := filesUnder(t, dest)
	for _, want := range []string{
		"..-..-..-etc-x/index.html", // the slug names the page, so its slashes are not folders
		"x/index.html",
		"outside/index.html",
		"tmp/evil.html",
		"c/index.html",
		"a..b/index.html",
		"x../index.html",
		"x../y/index.html",
		"files../report..pdf",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("DEST has no %s; it has:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if data, err := os.ReadFile(filepath.Join(dest, "tmp", "evil.html")); err != nil || !strings.Contains(string(data), "page:File") {
		t.Errorf("tmp/evil.html is not the page File: %q, %v", data, err)
	}
}

// TestAddressErrors checks what is reported when a page's url or slug
// cannot be, or would take another file's place: where the url or slug is
// written, saying what to do.
func TestAddressErrors(t *testing.T) {
	tests := []struct{ name, files, want string }{
		{"full address", "-- content/a.md --\n---\ntitle: A\nurl: https://example.org/a/\n---\n",
			`content/a.md:3:6: url "https://example.org/a/" must be a path of this site, such as /about/, not a full address: the base URL goes before it`},
		{"scheme-relative address", "-- content/a.md --\n---\ntitle: A\nurl: //example.org/a/\n---\n",
			`content/a.md:3:6: url "//example.org/a/" must be a path of this site, such as /about/, not a full address: the base URL goes before it`},
		{"backslashes", "-- content/a.md --\n---\ntitle: A\nurl: '..\\..\\a\\'\n---\n",
			`content/a.md:3:6: url "..\\..\\a\\" must use / between folders, not \: write "../../a/"`},
		{"query", "-- content/a.md --\n+++\ntitle = \"A\"\nurl = \"/a/?page=2\"\n+++\n",
			`content/a.md:3:7: url "/a/?page=2" must be a path, such as /about/, without ? or #`},
		{"the home page", "-- content/a.md --\n---\ntitle: A\nurl: /../\n---\n",
			`content/a.md:3:6: content/a.md would be published at /, where the home page is: give it another slug or url`},
		{"a section without _index.md", "-- content/notes/n.md --\n---\ntitle: N\n---\n-- content/a.md --\n---\ntitle: A\nurl: notes\n---\n",
			`content/a.md:3:6: content/a.md would be published at /notes/, where the section content/notes/ is: give it another slug or url`},
		{"a section's page by its file's name", "-- content/notes/_index.md --\n---\ntitle: Notes\n---\n-- content/z.md --\n---\ntitle: Z\nurl: /notes/\n---\n",
			`content/z.md:3:6: content/notes/_index.md and content/z.md would both be published at /notes/: give one of them another slug or url`},
		{"the slug that moved it", "-- content/a.md --\n---\ntitle: A\nslug: b\n---\n-- content/b.md --\n---\ntitle: B\n---\n",
			`content/a.md:3:7: content/b.md and content/a.md would both be published at /b/: give one of them another slug or url`},
		{"the sitemap", "-- content/a.md --\n---\ntitle: A\nurl: /sitemap.xml\n---\n",
			`content/a.md:3:6: content/a.md would be published at /sitemap.xml, where the sitemap is: give it another slug or url`},
		{"the feed", "-- content/a.md --\n---\ntitle: A\nurl: index.xml\n---\n",
			`content/a.md:3:6: content/a.md would be published at /index.xml, where the Atom feed is: give it another slug or url`},
		{"a file of content/", "-- content/report.pdf --\npdf\n-- content/a.md --\n---\ntitle: A\nurl: /report.pdf\n---\n",
			`content/a.md:3:6: content/a.md would be published at /report.pdf, where content/report.pdf is: give it another slug or url`},
		{"an asset", "-- assets/css/site.css --\nbody{}\n-- content/a.md --\n---\ntitle: A\nurl: /css/site.css\n---\n",
			`content/a.md:3:6: content/a.md would be published at /css/site.css, where the asset assets/css/site.css is: give it another slug or url`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := buildSiteWithErrors(t, minimalConfig+plainLayouts+tt.files, func(o *Options) { o.Server = true })
			if got := strings.TrimSpace(s.messages()); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestAddressOfTheManifest checks that a page or alias published where the
// build writes its manifest is reported like any other clash, at its url or
// alias, with the build's other errors, when building to a real DEST (where
// the writer refuses the name) as much as in memory.
func TestAddressOfTheManifest(t *testing.T) {
	other := "-- content/c.md --\n---\ntitle: C\nurl: https://example.org/c/\n---\n"
	otherErr := `content/c.md:3:6: url "https://example.org/c/" must be a path of this site, such as /about/, not a full address: the base URL goes before it`
	tests := []struct{ name, files, want string }{
		{"url", "-- content/a.md --\n---\ntitle: A\nurl: /.plansite-manifest\n---\n",
			`content/a.md:3:6: content/a.md would be published at /.plansite-manifest, where the build's manifest is: give it another slug or url`},
		{"alias", "-- content/b.md --\n---\ntitle: B\naliases: [/.plansite-manifest]\n---\n",
			`content/b.md:3:11: alias /.plansite-manifest is where the build's manifest is published: remove the alias`},
	}
	for _, tt := range tests {
		for _, mem := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/inMemory=%v", tt.name, mem), func(t *testing.T) {
				dest := filepath.Join(t.TempDir(), "public")
				s := buildSiteWithErrors(t, minimalConfig+plainLayouts+tt.files+other, func(o *Options) { o.InMemory, o.Dest = mem, dest })
				defer s.b.Close()
				if got, want := strings.TrimSpace(s.messages()), tt.want+"\n"+otherErr; got != want {
					t.Errorf("got:\n%s\nwant:\n%s", got, want)
				}
				if _, err := os.Stat(dest); err == nil {
					t.Errorf("a build with errors wrote %s", dest)
				}
			})
		}
	}
}
