//go:build (!unix && !windows) || aix

package output

import "os"

// locking says that builds do not lock DEST here (AIX, for one, has no
// flock): two builds into one DEST at once are not kept apart, though the
// check before the swap keeps either from publishing an incomplete site,
// and staging folders left by dead builds are not removed, since one of
// them may be a live build's.
const locking = false

func tryLock(*os.File) (bool, error) { return true, nil }

func releaseFile(f *os.File, name string) {
	f.Close()
	os.Remove(name)
}
