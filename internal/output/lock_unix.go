//go:build unix && !aix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// locking says that builds lock DEST here.
const locking = true

// tryLock takes an exclusive lock on f, unless another process holds one.
// flock's lock belongs to the open file, so it goes when the process ends.
func tryLock(f *os.File) (bool, error) {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOLCK):
			return false, errNoLocks
		}
		return err == nil, err
	}
}

// releaseFile removes the lock file before letting the lock go, so that a
// build that takes the lock after finds the file gone, and starts over on
// a new one (see lockDest).
func releaseFile(f *os.File, name string) {
	os.Remove(name)
	f.Close()
}
