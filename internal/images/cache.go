package images

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
)

// Cache keeps copies on disk between builds and previews, in the user's
// cache folder. A key names the source's hash and every setting a copy
// depends on, so an entry is never the copy of other bytes; each entry
// also starts with the hash of what follows, so that a file cut short or
// changed on disk is made again rather than published.
type Cache struct{ dir string }

// OpenCache opens the cache in dir, or in the user's cache folder
// (plansite/images) when dir is "". It returns nil, a cache that keeps
// nothing, when there is no folder to use.
func OpenCache(dir string) *Cache {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "plansite", "images")
	}
	return &Cache{dir: dir}
}

// Get returns the entry for key, if the cache has it whole.
func (c *Cache) Get(key string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(c.dir, key))
	if err != nil || len(b) < sha256.Size {
		return nil, false
	}
	sum := sha256.Sum256(b[sha256.Size:])
	if !bytes.Equal(sum[:], b[:sha256.Size]) {
		return nil, false
	}
	return b[sha256.Size:], true
}

// Put stores an entry, by writing a temporary file and renaming it, so
// that a reader never sees half of one. A cache that cannot be written is
// no error: the copy is made again next time.
func (c *Cache) Put(key string, data []byte) {
	if c == nil || os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(data)
	_, err = f.Write(append(sum[:], data...))
	if cerr := f.Close(); err != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if os.Rename(f.Name(), filepath.Join(c.dir, key)) != nil {
		os.Remove(f.Name())
	}
}
