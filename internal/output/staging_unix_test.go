//go:build unix

package output

import (
	"os"
	"path/filepath"
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
