// Package theme gives the files of a site's theme, layouts/, assets/ and
// i18n/: the site's own file where it has one, the default theme's
// otherwise.
package theme

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"sort"

	"plansite"
)

// FS is a site's theme: files of the site folder over the embedded default.
type FS struct {
	site     string // the site folder; "" for the default theme alone
	embedded fs.FS
}

// New returns the theme of the site in folder src.
func New(src string) *FS {
	return &FS{site: src, embedded: plansite.Theme}
}

// ReadFile reads a theme file by its slash path ("layouts/page.html").
func (t *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	if t.site != "" {
		b, err := os.ReadFile(filepath.Join(t.site, filepath.FromSlash(name)))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(t.embedded, name)
}

// Layers reads a theme file from the built-in theme and from the site,
// each nil where it has none, for files that are merged rather than
// overridden whole: i18n/cy.toml, whose keys a site adds to the theme's.
func (t *FS) Layers(name string) (builtIn, own []byte, err error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	builtIn, err = fs.ReadFile(t.embedded, name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	if t.site != "" {
		own, err = os.ReadFile(filepath.Join(t.site, filepath.FromSlash(name)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, err
		}
	}
	return builtIn, own, nil
}

// Exists reports whether the theme has a file called name.
func (t *FS) Exists(name string) bool {
	if !fs.ValidPath(name) {
		return false
	}
	if t.site != "" {
		if fi, err := os.Stat(filepath.Join(t.site, filepath.FromSlash(name))); err == nil && !fi.IsDir() {
			return true
		}
	}
	fi, err := fs.Stat(t.embedded, name)
	return err == nil && !fi.IsDir()
}

// Origin says whether a theme file is the site's own or the built-in
// theme's.
func (t *FS) Origin(name string) diag.Origin {
	if t.BuiltIn(name) {
		return diag.BuiltIn
	}
	return diag.Site
}

// Where names a theme file for a message: its path, marked when it is the
// built-in theme's.
func (t *FS) Where(name string) string {
	return diag.Diagnostic{File: name, Origin: t.Origin(name)}.Where()
}

// BuiltIn reports whether the theme file name comes from the default theme
// (the site has no file of that name).
func (t *FS) BuiltIn(name string) bool {
	if t.site == "" {
		return true
	}
	_, err := os.Stat(filepath.Join(t.site, filepath.FromSlash(name)))
	return err != nil
}

// Files lists the files under dir ("assets"), the site's and the default
// theme's merged, slash paths relative to the theme, sorted.
func (t *FS) Files(dir string) ([]string, error) {
	seen := map[string]bool{}
	add := func(fsys fs.FS) error {
		return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == dir {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() || folders.Ignored(path.Base(p)) {
				return nil
			}
			seen[p] = true
			return nil
		})
	}
	if t.site != "" {
		if err := add(os.DirFS(t.site)); err != nil {
			return nil, err
		}
	}
	if err := add(t.embedded); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, nil
}
