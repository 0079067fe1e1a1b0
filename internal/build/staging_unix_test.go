//go:build unix

package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRebuildKeepsUnchangedFiles checks that a build replacing an earlier
// output takes the files whose bytes are unchanged from it (same file,
// same modification time, nothing new for the disk or a deploy to copy),
// and writes the others anew.
func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	dir := writeSite(t, minimalConfig+plainLayouts+`-- content/a.md --
---
title: A
---
Text of A.
-- content/b.md --
---
title: B
---
Text of B.
`)
	dest := filepath.Join(t.TempDir(), "public")
	build := func() {
		t.Helper()
		res, err := New(Options{Src: dir, Dest: dest}).Build(context.Background())
		if err != nil || res.Failed() {
			t.Fatal(err, res.Diagnostics)
		}
	}
	build()
	before := map[string]os.FileInfo{}
	for _, f := range []string{"a/index.html", "b/index.html"} {
		before[f] = stat(t, filepath.Join(dest, f))
	}
	time.Sleep(10 * time.Millisecond) // so that a file written again has another time
	if err := os.WriteFile(filepath.Join(dir, "content", "b.md"), []byte("---\ntitle: B\n---\nNew text of B.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build()
	for f, same := range map[string]bool{"a/index.html": true, "b/index.html": false} {
		after := stat(t, filepath.Join(dest, f))
		if got := os.SameFile(before[f], after) && after.ModTime().Equal(before[f].ModTime()); got != same {
			t.Errorf("%s: kept from the last build = %v, want %v", f, got, same)
		}
		if n := after.Sys().(*syscall.Stat_t).Nlink; n != 1 {
			t.Errorf("%s has %d links, want 1: the old output still holds it", f, n)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dest, "b", "index.html")); !strings.Contains(string(data), "New text of B.") {
		t.Errorf("b/index.html is not the new page:\n%s", data)
	}
}

// TestStagingNeverWritesThroughALink checks that a file taken from the
// published output by link is replaced, not written through, when the
// same build (or a later attempt into the same staging folder) writes it
// again: the published file must stay as it is until the swap.
func TestStagingNeverWritesThroughALink(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "out")
	published := filepath.Join(dest, "a", "index.html")
	if err := os.MkdirAll(filepath.Dir(published), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(published, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := newStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer st.discard()
	if err := st.put("a/index.html", []byte("old")); err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(stat(t, published), stat(t, filepath.Join(st.dir, "a", "index.html"))) {
		t.Fatal("an unchanged file was written, not linked")
	}
	if err := st.put("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(published); string(data) != "old" {
		t.Errorf("the published file became %q", data)
	}
	if data, _ := os.ReadFile(filepath.Join(st.dir, "a", "index.html")); string(data) != "new" {
		t.Errorf("the staged file is %q, want new", data)
	}
}

// TestStagingLinksOnlyRegularFiles checks that what the published output
// holds in place of a file (a symbolic link, a folder, a file of other
// bytes) is never taken into the new output.
func TestStagingLinksOnlyRegularFiles(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "out")
	outside := filepath.Join(root, "secret.html")
	for name, data := range map[string]string{outside: "same", filepath.Join(dest, "longer.html"): "same bytes and more", filepath.Join(dest, "dir.html", "x"): "x"} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dest, "link.html")); err != nil {
		t.Fatal(err)
	}
	st, err := newStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer st.discard()
	for _, rel := range []string{"link.html", "longer.html", "dir.html"} {
		if err := st.put(rel, []byte("same")); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(filepath.Join(st.dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() || os.SameFile(fi, stat(t, outside)) || fi.Sys().(*syscall.Stat_t).Nlink != 1 {
			t.Errorf("%s was taken from the published output (%v)", rel, fi.Mode())
		}
	}
}

func stat(t *testing.T, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
