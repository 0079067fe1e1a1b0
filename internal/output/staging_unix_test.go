//go:build unix

package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

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

// readOnlyRemove removes a folder as os.RemoveAll does for a user who is not
// root: it refuses while a folder in the tree is not writable, as unlinking
// what it holds would be.
func readOnlyRemove(dir string) error {
	var locked string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if fi, err := d.Info(); err == nil && d.IsDir() && fi.Mode().Perm()&0o200 == 0 {
			locked = p
			return fs.SkipAll
		}
		return nil
	})
	if locked != "" {
		return &fs.PathError{Op: "unlinkat", Path: filepath.Join(locked, "x.html"), Err: syscall.EACCES}
	}
	return os.RemoveAll(dir)
}

// publishOver builds an output of one page over a published one with a
// read-only folder (chmod 0555), removing the replaced output with remove.
// It returns DEST and what commit said.
func publishOver(t *testing.T, remove func(string) error) (string, error) {
	t.Helper()
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	writeTestFile(t, filepath.Join(dest, "a", "index.html"), "old")
	writeTestFile(t, filepath.Join(dest, "ro", "index.html"), "read-only")
	if err := os.Chmod(filepath.Join(dest, "ro"), 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dest, "ro"), 0o755) })
	st, err := newStaging(dest)
	if err != nil {
		t.Fatal(err)
	}
	st.remove = remove
	if err := st.put("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	err = st.commit(dest, map[string]uint64{"a/index.html": 1})
	if data, rerr := os.ReadFile(filepath.Join(dest, "a", "index.html")); string(data) != "new" {
		t.Errorf("DEST's page is %q (%v), want the new one", data, rerr)
	}
	if haveTestFile(filepath.Join(dest, "ro", "index.html")) {
		t.Error("DEST still has the replaced output's ro/index.html")
	}
	return dest, err
}

// TestCommitRemovesReadOnlyOutput checks that the output a publication
// replaces is removed even when a folder of it is read-only: plansite made
// those folders, so it makes them writable again to remove them, and
// leaves nothing beside DEST.
func TestCommitRemovesReadOnlyOutput(t *testing.T) {
	dest, err := publishOver(t, readOnlyRemove)
	if err != nil {
		t.Errorf("commit: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*")); len(left) > 0 {
		t.Errorf("left beside DEST: %q", left)
	}
}

// TestCommitSaysWhatItLeaves checks that when the replaced output cannot
// be removed even so, the publication stands, and its error is a warning
// naming the folder left beside DEST.
func TestCommitSaysWhatItLeaves(t *testing.T) {
	refuse := func(dir string) error {
		return &fs.PathError{Op: "unlinkat", Path: filepath.Join(dir, "ro"), Err: syscall.EBUSY}
	}
	dest, err := publishOver(t, refuse)
	var left *LeftoverError
	if !errors.As(err, &left) {
		t.Fatalf("commit: %v, want a *LeftoverError", err)
	}
	if filepath.Dir(left.Dir) != filepath.Dir(dest) || !haveTestFile(filepath.Join(left.Dir, "ro", "index.html")) {
		t.Errorf("the error names %s, which is not the replaced output", left.Dir)
	}
	if msg := err.Error(); !strings.Contains(msg, left.Dir) || !strings.Contains(msg, "device or resource busy") {
		t.Errorf("the warning says neither where nor why: %s", msg)
	}
}
