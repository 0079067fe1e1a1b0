package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecondBuildWaitsItsTurn starts a build into DEST and, while it fills
// its staging folder, a second one into the same DEST: the second is
// refused at once, naming DEST and the first's process, and touches
// nothing; the first publishes all it wrote. Once the first is closed,
// DEST may be built into again.
func TestSecondBuildWaitsItsTurn(t *testing.T) {
	if !locking {
		t.Skip("builds do not lock DEST on this system")
	}
	root := t.TempDir()
	src, dest := filepath.Join(root, "site"), filepath.Join(root, "public")
	first := New(Options{Src: src, Dest: dest, Workers: 2})
	defer first.Close()
	if err := first.Stage(true); err != nil {
		t.Fatal(err)
	}
	if err := first.Put("a/index.html", []byte("first"), false); err != nil {
		t.Fatal(err)
	}
	staged := first.stage.dir

	second := New(Options{Src: src, Dest: dest, Workers: 2})
	err := second.Stage(true)
	if err == nil {
		second.Put("b/index.html", []byte("second"), false)
		second.Publish()
		t.Error("a second build into the same DEST was let start")
	} else if want := fmt.Sprintf("another plansite (pid %d) is building into %s; wait for it to finish, or stop it", os.Getpid(), dest); err.Error() != want {
		t.Errorf("the second build was refused with:\n%v\nwant:\n%s", err, want)
	}
	second.Close()
	if !haveTestFile(filepath.Join(staged, "a", "index.html")) {
		t.Fatal("the first build's staging folder was removed")
	}

	if err := first.Put("c/index.html", []byte("first"), false); err != nil {
		t.Fatal(err)
	}
	if err := first.Publish(); err != nil {
		t.Fatal(err)
	}
	if got := filesUnder(t, dest); strings.Join(got, " ") != ManifestName+" a/index.html c/index.html" {
		t.Errorf("DEST holds %q, want the first build's files", got)
	}
	first.Close()
	third := New(Options{Src: src, Dest: dest, Workers: 2})
	defer third.Close()
	if err := third.Stage(true); err != nil {
		t.Errorf("after the first build closed, another could not start: %v", err)
	}
}
