package cms

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"plansite/internal/folders"
)

// maxFile is the largest file the backend reads for the CMS: more than any
// page or image it edits, and bounded so that a request cannot make the
// preview read a file of any size into memory.
const maxFile = 32 << 20

// entry is a page as the CMS reads it: its text (null when there is no
// such file) and a hash that tells the CMS whether it changed.
type entry struct {
	Data *string   `json:"data"`
	File entryFile `json:"file"`
}

type entryFile struct {
	Path  string  `json:"path"`
	Label string  `json:"label,omitempty"`
	ID    *string `json:"id"`
}

// entries reads the files at paths (checked already), each with its label.
func (s *session) entries(paths, labels []string) []entry {
	out := make([]entry, len(paths))
	for i, p := range paths {
		out[i].File.Path = p
		if labels != nil {
			out[i].File.Label = labels[i]
		}
		_, full, e := s.file("path", p)
		if e != nil {
			continue
		}
		data, err := readFile(full)
		if err != nil {
			continue // as decap-server answers for a file that is not there
		}
		text, id := string(data), hash(data)
		out[i].Data, out[i].File.ID = &text, &id
	}
	return out
}

// mediaFile is a media file as the CMS reads it.
type mediaFile struct {
	ID       string `json:"id"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	Path     string `json:"path"`
	Name     string `json:"name"`
}

func (s *session) mediaFile(p string) (mediaFile, *apiError) {
	_, full, e := s.file("path", p)
	if e != nil {
		return mediaFile{}, e
	}
	data, err := readFile(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return mediaFile{}, &apiError{http.StatusNotFound, "no file " + p}
		}
		return mediaFile{}, asAPIError(err, "reading "+p)
	}
	return mediaFile{ID: hash(data), Content: base64.StdEncoding.EncodeToString(data), Encoding: "base64", Path: p, Name: path.Base(p)}, nil
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// readFile reads a regular file, never a pipe or device, which could
// block the preview or stream without end.
func readFile(full string) ([]byte, error) {
	fi, err := os.Stat(full)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, refuse("%s is not a file", filepath.Base(full))
	}
	if fi.Size() > maxFile {
		return nil, refuse("%s is over %d MiB", filepath.Base(full), maxFile>>20)
	}
	return os.ReadFile(full)
}

// listFiles lists the files under dir (the folder rel names), depth
// folders deep, whose names end in ext: as slash paths like rel, sorted.
// Editors' temporary files are left out, and so are links that lead out
// of dir, as resolve would refuse them.
func listFiles(dir, rel, ext string, depth int) []string {
	if depth <= 0 {
		return nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		name := e.Name()
		if folders.Ignored(name) {
			continue
		}
		full, sub := filepath.Join(dir, name), path.Join(rel, name)
		real, err := filepath.EvalSymlinks(full)
		if err != nil || !folders.Within(real, dir) {
			continue
		}
		fi, err := os.Stat(real)
		switch {
		case err != nil:
		case fi.IsDir():
			out = append(out, listFiles(full, sub, ext, depth-1)...)
		case fi.Mode().IsRegular() && strings.HasSuffix(name, ext):
			out = append(out, sub)
		}
	}
	slices.Sort(out)
	return out
}

// write is a file to save: at full, or, with moveTo, saved at full and
// then renamed to moveTo (a page whose title, and so its name, changed).
type write struct {
	rel, full, moveTo string
	data              []byte
}

// do saves the file atomically: the preview's watcher, a build or an
// editor reading it sees the old file or the new one, never half of one.
// The temporary file's name is one the watcher and the build ignore.
func (w write) do() error {
	if err := notFolder(w.full, w.rel); err != nil {
		return err
	}
	dir := filepath.Dir(w.full)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(w.full); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".plansite-cms-*.tmp")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(w.data)
	if werr == nil {
		werr = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), w.full)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return werr
	}
	if w.moveTo == "" || w.moveTo == w.full {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(w.moveTo), 0o755); err != nil {
		return err
	}
	return os.Rename(w.full, w.moveTo)
}

// notFolder refuses a path that names a folder, which no action writes
// or deletes.
func notFolder(full, p string) *apiError {
	if fi, err := os.Stat(full); err == nil && fi.IsDir() {
		return badRequest("%s is a folder, not a file", p)
	}
	return nil
}

// removeFile deletes a file; one that is already gone is no error, as
// for decap-server.
func removeFile(full string) error {
	err := os.Remove(full)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
