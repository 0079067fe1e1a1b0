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

func haveTestFile(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}
