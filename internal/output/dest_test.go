package output

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCheckDest checks which output folders a build refuses, with and
// without --clean-dest-dir: a build replaces the whole folder, so one that
// is not plainly an output of its own (a home folder, a system folder, a
// repository, a folder of many files) is refused even when told it may
// replace what it holds. The home folder is the test's own, through HOME.
func TestCheckDest(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the system folders here are unix ones; HOME is not where Windows keeps the home folder")
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	home := filepath.Join(root, "users", "ann")
	t.Setenv("HOME", home)
	files := func(dir string, n int) string {
		for i := range n {
			writeTestFile(t, filepath.Join(dir, fmt.Sprintf("f%02d.txt", i)), "x")
		}
		return dir
	}
	ownOutput := files(filepath.Join(root, "old"), 30)
	var manifest strings.Builder
	for i := range 30 {
		fmt.Fprintf(&manifest, "f%02d.txt\n", i)
	}
	writeTestFile(t, filepath.Join(ownOutput, ManifestName), manifest.String())
	repo := filepath.Join(root, "repo")
	writeTestFile(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	worktree := filepath.Join(root, "worktree")
	writeTestFile(t, filepath.Join(worktree, ".git"), "gitdir: ../repo/.git/worktrees/w\n")
	writeTestFile(t, filepath.Join(home, ".ssh", "id_ed25519"), "secret")

	tests := []struct {
		name, dest string
		clean      bool
		want       string // a part of the error; "" when the folder is fine
	}{
		{"a new folder", filepath.Join(root, "new", "public"), false, ""},
		{"an empty folder", files(filepath.Join(root, "empty"), 0), false, ""},
		{"a folder inside the home folder", filepath.Join(home, "site", "public"), true, ""},
		{"plansite's own output, of many files", ownOutput, false, ""},
		{"a few files plansite did not write", files(filepath.Join(root, "few"), 3), false, "holds files plansite did not write (f00.txt, f01.txt, f02.txt); a build replaces the whole folder, so move them, or pass --clean-dest-dir to let it"},
		{"a few files, with --clean-dest-dir", filepath.Join(root, "few"), true, ""},
		{"20 files, with --clean-dest-dir", files(filepath.Join(root, "twenty"), 20), true, ""},
		{"21 files, with --clean-dest-dir", files(filepath.Join(root, "many"), 21), true, "holds more than 20 files plansite did not write (f00.txt, f01.txt, f02.txt and more): it is not an old output"},
		{"21 files", filepath.Join(root, "many"), false, "holds more than 20 files plansite did not write"},
		{"the home folder", home, true, "the output folder " + home + " is your home folder: plansite replaces the whole output folder, so choose a folder of its own with -d"},
		{"the folder of the home folder", filepath.Dir(home), true, " holds your home folder: plansite replaces the whole output folder"},
		{"the root", "/", true, "the output folder / is the root folder: plansite replaces the whole output folder"},
		{"/usr", "/usr", true, "the output folder /usr is a system folder: plansite replaces the whole output folder"},
		{"/tmp", "/tmp", true, "is a system folder"},
		{"/home", "/home", true, "is a system folder"},
		{"a folder of /srv that does not exist", "/srv-plansite-test-missing", true, "is a system folder"},
		{"a Git repository", repo, true, "the output folder " + repo + " holds a Git repository (.git): plansite replaces the whole output folder, so choose a folder of its own with -d"},
		{"a Git worktree", worktree, true, "holds a Git repository (.git)"},
		{"the site folder", src, true, "is the site folder itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkDest(src, tt.dest, tt.clean)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("accepted, want an error saying %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("got %q, want it to say %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(home, ".ssh", "id_ed25519")); err != nil {
		t.Errorf("the home folder lost a file: %v", err)
	}
}

// checkDest checks an output folder as a build does, less the lock it
// takes between the two checks.
func checkDest(src, dest string, clean bool) error {
	if err := checkPlace(src, dest); err != nil {
		return err
	}
	return checkContents(dest, destDir(dest), clean)
}

func writeTestFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
