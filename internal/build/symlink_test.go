//go:build unix

package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// TestLinksOutsideNotPublished builds, to a real DEST, a site whose
// content/ links to a file and a page outside the site folder, and to
// files inside it: the outside ones are not published and are warned of by
// name, the inside ones are published as before.
func TestLinksOutsideNotPublished(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	writeSiteIn(t, root, `-- private/secret.txt --
the secret
-- private/notes.md --
---
title: Private notes
---
Not for the web.
-- private/folder/more.md --
---
title: More
---
`)
	writeSiteIn(t, site, minimalConfig+plainLayouts+`-- assets/logo.png --
png
-- content/real.md --
---
title: Real
---
-- content/about.md --
---
title: About
---
[Logo](logo.png)
`)
	content := filepath.Join(site, "content")
	symlink(t, filepath.Join(root, "private", "secret.txt"), filepath.Join(content, "secret.txt"))
	symlink(t, "../../private/notes.md", filepath.Join(content, "notes.md"))
	symlink(t, "../../private/folder", filepath.Join(content, "folder"))
	symlink(t, "../assets/logo.png", filepath.Join(content, "logo.png"))
	symlink(t, "real.md", filepath.Join(content, "alias.md"))

	dest, res := buildTo(t, root)
	want := "content/folder: warning: a link to a folder outside the site folder; it is not published\n" +
		"content/notes.md: warning: a link to a file outside the site folder; it is not published\n" +
		"content/secret.txt: warning: a link to a file outside the site folder; it is not published"
	if got := diagText(res.Diagnostics); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	published := filesUnder(t, dest)
	for _, f := range published {
		data, _ := os.ReadFile(filepath.Join(dest, filepath.FromSlash(f)))
		if strings.Contains(string(data), "the secret") || strings.Contains(string(data), "Private notes") || strings.Contains(string(data), "More") {
			t.Errorf("%s holds what is outside the site folder", f)
		}
	}
	for _, f := range []string{"secret.txt", "notes/index.html", "folder/more/index.html"} {
		if slices.Contains(published, f) {
			t.Errorf("%s is published", f)
		}
	}
	for f, want := range map[string]string{"logo.png": "png\n", "alias/index.html": "page:Real"} {
		data, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil || !strings.Contains(string(data), want) {
			t.Errorf("%s: %q, %v; want it to hold %q", f, data, err, want)
		}
	}
	onlyInside(t, root, "private")
}

// TestLinkLoopsDoNotHang builds a site whose content/ has a folder linked
// to its parent and a link to itself, with a deadline: the build ends,
// publishes the rest and says what it left out.
func TestLinkLoopsDoNotHang(t *testing.T) {
	dir := writeSite(t, minimalConfig+plainLayouts+`-- content/sub/page.md --
---
title: Page
---
`)
	symlink(t, "..", filepath.Join(dir, "content", "sub", "up"))
	symlink(t, "self.md", filepath.Join(dir, "content", "self.md"))
	symlink(t, "b", filepath.Join(dir, "content", "a"))
	symlink(t, "a", filepath.Join(dir, "content", "b"))

	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	b := New(Options{Src: dir, InMemory: true})
	go func() {
		res, err := b.Build(context.Background())
		done <- outcome{res, err}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the build did not end")
	}
	if o.err != nil {
		t.Fatal(o.err)
	}
	nowhere := ": warning: a link that leads nowhere (its target is missing, or the link loops); it is not published\n"
	want := "content/a" + nowhere + "content/b" + nowhere + "content/self.md" + nowhere +
		"content/sub/up: warning: a link to a folder, and plansite does not follow those: move the folder into content/ instead; it is not published"
	if got := diagText(o.res.Diagnostics); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if _, ok := b.Output()["sub/page/index.html"]; !ok || !o.res.Published {
		t.Error("the rest of the site was not published")
	}
}

// TestRebuildLinks makes, retargets and removes links in content/ while a
// builder keeps the site up to date, and checks each rebuild against a
// full build: a link that leaves the site is never published, whichever
// way it came.
func TestRebuildLinks(t *testing.T) {
	root := t.TempDir()
	writeSiteIn(t, root, "-- private/secret.md --\n---\ntitle: Secret\n---\n-- private/secret.txt --\nthe secret\n")
	dir := filepath.Join(root, "site")
	writeSiteIn(t, dir, minimalConfig+plainLayouts+"-- content/a.md --\n---\ntitle: A\n---\n-- content/b.txt --\nb\n")
	opts := Options{Src: dir, InMemory: true}
	inc := New(Options{Src: dir, InMemory: true, Incremental: true})
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := func(target, name string) func() {
		return func() {
			p := filepath.Join(dir, "content", name)
			os.Remove(p)
			symlink(t, target, p)
		}
	}
	steps := []struct {
		what    string
		change  func()
		changed string
	}{
		{"a page linked outside", link(filepath.Join(root, "private", "secret.md"), "s.md"), "content/s.md"},
		{"a file linked outside", link(filepath.Join(root, "private", "secret.txt"), "s.txt"), "content/s.txt"},
		{"the page's link retargeted inside", link("a.md", "s.md"), "content/s.md"},
		{"the file's link retargeted inside", link("b.txt", "s.txt"), "content/s.txt"},
		{"an existing page made a link outside", link(filepath.Join(root, "private", "secret.md"), "a.md"), "content/a.md"},
		{"an existing file made a link outside", link(filepath.Join(root, "private", "secret.txt"), "b.txt"), "content/b.txt"},
		{"a folder linked outside", link(filepath.Join(root, "private"), "p"), "content/p"},
		// A named pipe would make the rebuild wait on it for ever.
		{"named pipes made", func() {
			for _, n := range []string{"pipe.md", "pipe.txt"} {
				if err := syscall.Mkfifo(filepath.Join(dir, "content", n), 0o644); err != nil {
					t.Skipf("no named pipes here: %v", err)
				}
			}
		}, "content/pipe.md content/pipe.txt"},
		{"the links and pipes removed", func() {
			for _, n := range []string{"s.md", "s.txt", "a.md", "b.txt", "p", "pipe.md", "pipe.txt"} {
				os.Remove(filepath.Join(dir, "content", n))
			}
		}, "content/s.md content/s.txt content/a.md content/b.txt content/p content/pipe.md content/pipe.txt"},
	}
	for _, st := range steps {
		st.change()
		res, err := inc.Rebuild(context.Background(), strings.Fields(st.changed))
		if err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		want, err := New(opts).Build(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, exp := diagText(res.Diagnostics), diagText(want.Diagnostics); got != exp {
			t.Fatalf("%s: diagnostics differ\nrebuild:\n%s\nfull build:\n%s", st.what, got, exp)
		}
		for name, data := range inc.Output() {
			if strings.Contains(string(data), "Secret") || strings.Contains(string(data), "the secret") {
				t.Errorf("%s: %s is published with what is outside the site", st.what, name)
			}
		}
		full := New(opts)
		if _, err := full.Build(context.Background()); err != nil {
			t.Fatal(err)
		}
		compareOutputs(t, st.what, inc.Output(), full.Output())
	}
}
