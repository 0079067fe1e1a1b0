package output

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStagingRefusesEscapes checks the last line of defence: whatever a
// bug upstream might hand it, the output writer refuses a path that leads
// out of the folder it fills.
func TestStagingRefusesEscapes(t *testing.T) {
	root := t.TempDir()
	st, err := newStaging(filepath.Join(root, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.discard()
	for _, rel := range []string{"../escape.html", "a/../../escape.html", "/abs.html", "", ".", "a//b.html", "./a.html", ManifestName} {
		if err := st.put(rel, []byte("x")); err == nil {
			t.Errorf("put(%q) wrote a file", rel)
		}
	}
	if err := st.put("a/ok.html", []byte("x")); err != nil {
		t.Errorf("put(a/ok.html): %v", err)
	}
	for _, f := range filesUnder(t, root) {
		if f != strings.TrimPrefix(filepath.ToSlash(st.dir), filepath.ToSlash(root)+"/")+"/a/ok.html" {
			t.Errorf("%s was written", f)
		}
	}
}

// filesUnder lists the files below root, slash paths relative to it.
func filesUnder(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCommitChecksWhatItSwapsIn changes the staging folder behind the
// build's back, as another program could: a file of the manifest gone, or
// one it does not list added. The swap does not happen, and DEST stays as
// it was.
func TestCommitChecksWhatItSwapsIn(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, staged string)
		want   string
	}{
		{"a file gone", func(t *testing.T, staged string) {
			if err := os.Remove(filepath.Join(staged, "b", "index.html")); err != nil {
				t.Fatal(err)
			}
		}, "its b/index.html is missing"},
		{"a file added", func(t *testing.T, staged string) {
			writeTestFile(t, filepath.Join(staged, "c", "index.html"), "not the build's")
		}, "it holds c/, which the build did not make"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			writeTestFile(t, filepath.Join(dest, "old.html"), "old")
			st, err := newStaging(dest)
			if err != nil {
				t.Fatal(err)
			}
			defer st.discard()
			files := map[string]uint64{"a/index.html": 1, "b/index.html": 2}
			for name := range files {
				if err := st.put(name, []byte(name)); err != nil {
					t.Fatal(err)
				}
			}
			tt.change(t, st.dir)
			err = st.commit(dest, files)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was published") {
				t.Errorf("commit: %v, want an error saying %q", err, tt.want)
			}
			if got := filesUnder(t, dest); len(got) != 1 || got[0] != "old.html" {
				t.Errorf("DEST holds %q, want the old output", got)
			}
		})
	}
}

func haveTestFile(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}
