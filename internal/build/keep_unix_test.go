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
		b := New(Options{Src: dir, Dest: dest})
		defer b.Close() // a builder holds DEST until it is closed
		res, err := b.Build(context.Background())
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

func stat(t *testing.T, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
