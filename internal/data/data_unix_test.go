//go:build unix

package data

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNotRegularFiles checks that a named pipe in data/, which reading
// would wait on for ever, and a link, which could lead out of the site,
// are not read, with a warning each.
func TestNotRegularFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"data/real.csv": "a\n1\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "data", "pipe.csv"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "data", "secret.csv")); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Set, 1)
	go func() {
		s, _ := NewLoader(dir, nil).Load()
		done <- s
	}()
	select {
	case s := <-done:
		want := "data/pipe.csv: warning: not read: a data file must be a regular file, not a link, pipe or device\n" +
			"data/secret.csv: warning: not read: a data file must be a regular file, not a link, pipe or device\n"
		if got := messages(s.Diags); got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
		if len(s.Values) != 1 {
			t.Errorf("values %v, want only real's", s.Values)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading data/ with a named pipe in it did not end")
	}
}
