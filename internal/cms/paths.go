package cms

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"plansite/internal/folders"
)

// The backend reads and writes only inside the folders the CMS edits:
// content/, the media folder (which is inside content/) and data/. A path
// the CMS sends is refused, not cleaned into something else, when it could
// mean a file elsewhere: an absolute path, "..", a backslash, a NUL, or a
// symbolic link that leads out of the folder it is in.

// errPath is a path the backend refuses, with why.
type errPath struct{ msg string }

func (e *errPath) Error() string { return e.msg }

func refuse(format string, args ...any) error { return &errPath{fmt.Sprintf(format, args...)} }

// editable are the folders the backend may touch. The media folder is
// among them, as site.toml's [cms] must put it inside content/.
var editable = []string{folders.Content, folders.Data}

// checkPath checks a path as the CMS sends it (relative to the site
// folder, with slashes) and returns it with the folder it is in.
func checkPath(p string) (rel, folder string, err error) {
	switch {
	case p == "":
		return "", "", refuse("the path is empty")
	case strings.ContainsRune(p, 0):
		return "", "", refuse("the path %q has a NUL character", p)
	case strings.Contains(p, `\`):
		return "", "", refuse("the path %q has a backslash: paths use /", p)
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return "", "", refuse("the path %q is absolute: paths are relative to the site folder", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", "", refuse("the path %q goes up a folder (..)", p)
		}
	}
	rel = path.Clean(p)
	for _, f := range editable {
		if rel == f || strings.HasPrefix(rel, f+"/") {
			return rel, f, nil
		}
	}
	return "", "", refuse("the path %q is outside the folders the CMS edits (%s)", p, strings.Join(editable, "/, ")+"/")
}

// resolve is the file a checked path names under root (the site folder,
// absolute with its links resolved), with symbolic links followed: the
// part of it that exists must stay inside its folder, as the folder's own
// real path must stay inside root, so that no link leads a read or a
// write out of them. What does not exist yet is made inside the last
// folder that does.
func resolve(root, rel, folder string) (string, error) {
	base, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(folder)))
	baseMissing := errors.Is(err, fs.ErrNotExist)
	switch {
	case baseMissing:
		base = filepath.Join(root, filepath.FromSlash(folder)) // made on the first write
	case err != nil:
		return "", err
	case !folders.Within(base, root):
		return "", refuse("%s/ leads out of the site folder through a symbolic link", folder)
	}
	existing, missing := filepath.Join(root, filepath.FromSlash(rel)), []string{}
	for {
		real, err := filepath.EvalSymlinks(existing)
		if err == nil {
			// A folder not made yet has the site folder as the part
			// that exists.
			if !folders.Within(real, base) && (!baseMissing || real != root) {
				return "", refuse("the path %q leads out of %s/ through a symbolic link", rel, folder)
			}
			return filepath.Join(append([]string{real}, missing...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if _, lerr := os.Lstat(existing); lerr == nil {
			// A link that leads nowhere: writing through it would make
			// a file wherever it points.
			return "", refuse("the path %q is a symbolic link that leads nowhere", rel)
		}
		missing = append([]string{filepath.Base(existing)}, missing...)
		existing = filepath.Dir(existing)
	}
}
