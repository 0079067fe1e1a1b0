//go:build windows

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// locking says that builds lock DEST here.
const locking = true

// tryLock takes an exclusive lock on f, unless another process holds one.
// The system lets it go when the process ends. The byte locked is far past
// the process id in the file, which a locked byte would keep others from
// reading.
func tryLock(f *os.File) (bool, error) {
	ol := &windows.Overlapped{OffsetHigh: 0x7fffffff}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}

// releaseFile lets the lock go, then removes the file, if no one else has
// it open: a file open elsewhere cannot be removed here.
func releaseFile(f *os.File, name string) {
	f.Close()
	os.Remove(name)
}
