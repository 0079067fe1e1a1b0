package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// BusyError says that another build holds DEST: a build into it owns it
// from its start to its end (a build --watch, until it stops), so that no
// other build removes its staging folder or swaps in a site over its own.
type BusyError struct {
	Dest string // as the user gave it
	PID  int    // the holder's process; 0 when it has not said yet
}

func (e *BusyError) Error() string {
	who := "another plansite"
	if e.PID > 0 {
		who = fmt.Sprintf("another plansite (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s is building into %s; wait for it to finish, or stop it", who, e.Dest)
}

// destLock is a build's hold on DEST: a lock on a hidden file beside it,
// released by the system when the build's process ends in any way, kill -9
// included, so that a build that died never keeps DEST from the next.
type destLock struct {
	f    *os.File
	name string
	// held is false where the file system has no locks (some network and
	// virtual machines' shared folders): the build goes ahead without.
	held bool
}

// errNoLocks says that the file system refuses locks.
var errNoLocks = errors.New("the file system has no locks")

// lockName names DEST's lock file: beside DEST, as its staging folders
// are, but not named like them (theirs end in digits), so that removing
// those a dead build left never removes it.
func lockName(dest string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".plansite.lock")
}

// lockDest takes the lock of dest, the folder a build replaces, making the
// folder dest is in if need be. It fails with a *BusyError when another
// build holds it.
func lockDest(dest string) (*destLock, error) {
	name := lockName(dest)
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	// A holder removes the file as it lets go: a lock taken on a file
	// opened before that is on a file no one else will open, so it is
	// taken again, on the file name now leads to.
	for range 10 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		ok, err := tryLock(f)
		if errors.Is(err, errNoLocks) {
			return &destLock{f: f, name: name}, nil
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", name, err)
		}
		if !ok {
			pid := holder(f)
			f.Close()
			return nil, &BusyError{PID: pid}
		}
		if fi, err := f.Stat(); err == nil && sameFile(fi, name) {
			if err := f.Truncate(0); err == nil {
				f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			}
			return &destLock{f: f, name: name, held: true}, nil
		}
		f.Close()
	}
	return nil, fmt.Errorf("locking %s: it keeps being replaced", name)
}

func sameFile(fi fs.FileInfo, name string) bool {
	now, err := os.Stat(name)
	return err == nil && os.SameFile(fi, now)
}

// holder reads the process id the lock's holder wrote, waiting a moment
// for one that has just taken the lock to write it.
func holder(f *os.File) int {
	for range 5 {
		var buf [32]byte
		n, _ := f.ReadAt(buf[:], 0)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n]))); err == nil && pid > 0 {
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	return 0
}

// release lets DEST go.
func (l *destLock) release() { releaseFile(l.f, l.name) }

// removeOrphans removes what builds into dest that died left beside it:
// their staging folders, and outputs they had replaced. Only a build
// holding dest's lock may: every other build into dest is then waiting its
// turn or gone, so no live build owns any of them. Where there are no
// locks, one of them may be a live build's, and all are left.
func (l *destLock) removeOrphans(dest string) {
	if !locking || !l.held {
		return
	}
	prefix := stagingPrefix(dest)
	found, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), prefix+"*"))
	for _, f := range found {
		// MkdirTemp's digits, and ".old" for an output replaced where
		// folders cannot be exchanged: not another DEST's files that
		// happen to start the same.
		rest := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), prefix), ".old")
		if rest != "" && strings.Trim(rest, "0123456789") == "" {
			forceRemove(os.RemoveAll, f)
		}
	}
}

// forceRemove removes dir with remove and, if a read-only folder in it
// refuses, makes its folders writable and tries again.
func forceRemove(remove func(string) error, dir string) error {
	err := remove(dir)
	if errors.Is(err, fs.ErrPermission) {
		makeWritable(dir)
		err = remove(dir)
	}
	return err
}
