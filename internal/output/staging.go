package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"plansite/internal/parallel"
)

// ManifestName is the file in DEST that lists every file plansite wrote
// there, so that a later build knows it may replace them, and never deletes
// a file it did not write.
const ManifestName = ".plansite-manifest"

// staging is a new output folder beside DEST, filled by a build and swapped
// in only when the build succeeds. Pages are written by the workers that
// render them, side by side. (A single writer goroutine, and files made
// ahead while pages convert, were both measured: neither was faster, since
// creating files is processor work the kernel does either way.)
type staging struct {
	dir  string
	dirs sync.Map // folders already made
	// prev is the output being replaced, when there is one: a file it has
	// with the very bytes a build writes is linked, not written again.
	prev string

	mu      sync.Mutex
	written map[string]bool // files written or linked
	closed  bool
	// workers is how many folders verify reads at once.
	workers int
	// remove removes a folder and all it holds: os.RemoveAll, which tests
	// replace to refuse as a read-only folder would, since they run as
	// root, to whom nothing is refused.
	remove func(string) error
}

// stagingPrefix names a build's staging folder beside DEST: hidden, and
// recognisable so that one left by an interrupted build can be removed.
func stagingPrefix(dest string) string {
	return "." + filepath.Base(dest) + ".plansite-"
}

func newStaging(dest string) (*staging, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, stagingPrefix(dest))
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	st := &staging{dir: dir, written: map[string]bool{}, remove: os.RemoveAll}
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		st.prev = dest
	}
	return st, nil
}

// put writes one output file. rel is slash-separated and already clean;
// it is checked again so that nothing is ever written outside the folder.
//
// A file the replaced output has with the same bytes is taken from it by
// hard link instead, so that an unchanged file keeps its modification time
// and a deploy that syncs by time sends only what changed. (It is no
// faster: reading the old file to compare costs about what writing did.)
func (s *staging) put(rel string, b []byte) error {
	full, again, err := s.prepare(rel)
	if err != nil {
		return err
	}
	if again {
		// Never write through a path made before: it may be a link to
		// the published output, which must stay as it is.
		os.Remove(full)
	}
	if s.prev != "" {
		prev := filepath.Join(s.prev, filepath.FromSlash(rel))
		if sameContent(prev, b) && os.Link(prev, full) == nil {
			return nil
		}
	}
	return os.WriteFile(full, b, 0o644)
}

// sameContent reports whether name is a regular file holding exactly b.
func sameContent(name string, b []byte) bool {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(b)) {
		return false
	}
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	var buf [16 << 10]byte
	for off := 0; ; {
		n, err := f.Read(buf[:])
		if n > len(b)-off || !bytes.Equal(buf[:n], b[off:off+n]) {
			return false
		}
		off += n
		if err == io.EOF {
			return off == len(b)
		}
		if err != nil {
			return false
		}
	}
}

// link takes an unchanged file from the published output by hard link,
// copying it where links are not possible.
func (s *staging) link(from, rel string) error {
	full, again, err := s.prepare(rel)
	if err != nil {
		return err
	}
	if again {
		os.Remove(full) // an earlier attempt's copy
	}
	if err := os.Link(from, full); err != nil {
		data, rerr := os.ReadFile(from)
		if rerr != nil {
			return fmt.Errorf("the published %s is gone (%v): run a full build", rel, rerr)
		}
		return os.WriteFile(full, data, 0o644)
	}
	return nil
}

// prepare checks rel, notes it, and makes its folder. again says whether
// rel was written before, by this build or an earlier attempt.
func (s *staging) prepare(rel string) (full string, again bool, err error) {
	// fs.ValidPath rules out "..", and filepath.IsLocal what the system
	// reads as a way out (on Windows, a\..\..\x or a drive's name).
	if !fs.ValidPath(rel) || rel == "." || rel == ManifestName || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", false, fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return "", false, errors.New("the output folder is closed")
	}
	again = s.written[rel]
	s.written[rel] = true
	s.mu.Unlock()
	full = filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdir(filepath.Dir(full)); err != nil {
		return "", false, err
	}
	return full, again, nil
}

// mkdir makes a folder of the staging tree and its parents, remembering
// which exist: one system call per new folder, where os.MkdirAll spends
// three (every page has a folder of its own, so this counts).
func (s *staging) mkdir(d string) error {
	if len(d) <= len(s.dir) { // the staging folder itself
		return nil
	}
	if _, ok := s.dirs.Load(d); ok {
		return nil
	}
	if err := s.mkdir(filepath.Dir(d)); err != nil {
		return err
	}
	if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(d, true)
	return nil
}

// close closes the folder to new files.
func (s *staging) close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
}

func (s *staging) discard() {
	s.close()
	os.RemoveAll(s.dir)
}

func (s *staging) has(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written[rel]
}

// commit removes files of earlier attempts that the output no longer has,
// writes the manifest, and puts the staging folder in DEST's place.
func (s *staging) commit(dest string, files map[string]uint64) error {
	s.close()
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	for f := range s.written {
		if _, ok := files[f]; !ok {
			os.Remove(filepath.Join(s.dir, filepath.FromSlash(f)))
		}
	}
	var m bytes.Buffer
	for _, f := range names {
		m.WriteString(f)
		m.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(s.dir, ManifestName), m.Bytes(), 0o644); err != nil {
		return err
	}
	if err := s.verify(files, names); err != nil {
		return err
	}
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.dir, dest)
	}
	if err := exchange(s.dir, dest); err == nil {
		// s.dir now holds the previous output.
		return s.removeOld(s.dir)
	}
	old := s.dir + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(s.dir, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return s.removeOld(old)
}

// verify checks, just before the swap, that the staging folder holds the
// files of the manifest, each a regular file, and nothing else: that
// nothing removed, replaced or added files while the build wrote them (a
// program cleaning hidden folders, a build of a plansite that took no
// lock). A build publishes all it made or nothing. names are the files'
// keys, sorted. It reads the folders the build made (one a page), side by
// side and without sorting: a few system calls each, a small part of what
// writing the pages took.
func (s *staging) verify(files map[string]uint64, names []string) error {
	dirs := []string{s.dir}
	s.dirs.Range(func(d, _ any) bool {
		dirs = append(dirs, d.(string))
		return true
	})
	var found atomic.Int64
	err := parallel.Do(context.Background(), s.workers, len(dirs), func(i int) error {
		n, err := s.verifyDir(dirs[i], files)
		found.Add(int64(n))
		return err
	})
	if err == nil && found.Load() != int64(len(files)+1) {
		err = errors.New("a file is missing")
		for _, n := range names {
			if _, lerr := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(n))); lerr != nil {
				err = fmt.Errorf("its %s is missing", n)
				break
			}
		}
	}
	if err != nil {
		return fmt.Errorf("the new site in %s is not what the build wrote (%v): something else changed that folder while the build wrote it, so nothing was published", s.dir, err)
	}
	return nil
}

// verifyDir checks the entries of one folder of the staging folder: each a
// folder the build made, or a regular file of files (or the manifest). It
// counts the files.
func (s *staging) verifyDir(dir string, files map[string]uint64) (int, error) {
	f, err := os.Open(dir)
	if err != nil {
		return 0, err
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return 0, err
	}
	prefix := ""
	if dir != s.dir {
		prefix = filepath.ToSlash(dir[len(s.dir)+1:]) + "/"
	}
	n := 0
	for _, e := range entries {
		rel := prefix + e.Name()
		if e.IsDir() {
			if _, ok := s.dirs.Load(filepath.Join(dir, e.Name())); !ok {
				return n, fmt.Errorf("it holds %s/, which the build did not make", rel)
			}
			continue
		}
		if _, ok := files[rel]; !ok && rel != ManifestName {
			return n, fmt.Errorf("it holds %s, which the build did not make", rel)
		}
		if !e.Type().IsRegular() {
			return n, fmt.Errorf("its %s is not a file", rel)
		}
		n++
	}
	return n, nil
}

// LeftoverError says that a publication succeeded, but the output it
// replaced could not be removed from beside DEST: a warning, not a failure.
type LeftoverError struct {
	Dir string // where the replaced output is left
	Err error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("the new site is published, but the one it replaced could not be removed from %s (%v): remove that folder yourself", e.Dir, e.Err)
}

func (e *LeftoverError) Unwrap() error { return e.Err }

// removeOld removes the output a publication replaced. A read-only folder
// of it (made so by hand, or copied so from a read-only source) keeps what
// it holds, so on a refusal the folders are made writable, as their owner
// may, and the removal tried again. What still cannot be removed is left,
// and said: the new site is published either way.
func (s *staging) removeOld(dir string) error {
	if err := forceRemove(s.remove, dir); err != nil {
		return &LeftoverError{Dir: dir, Err: err}
	}
	return nil
}

// makeWritable lets the owner of every folder under dir list, enter and
// change it (u+rwx), as removing what it holds takes. Each folder is
// changed before it is read, so one that could not be listed can be. Links
// are not followed: nothing outside dir is changed.
func makeWritable(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o700 != 0o700 {
			os.Chmod(p, fi.Mode().Perm()|0o700)
		}
		return nil
	})
}
