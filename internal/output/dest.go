package output

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"plansite/internal/folders"
)

// ownFolder ends every refusal of a folder that is no output folder at all:
// --clean-dest-dir does not help there.
const ownFolder = "plansite replaces the whole output folder, so choose a folder of its own with -d"

// checkPlace refuses, from its path alone, an output folder that would
// overwrite the site, the user's home folder (or one holding it) or a
// system folder. It reads nothing in DEST, so it may be done before a
// build takes the lock beside DEST, and no lock is ever made beside such
// a folder.
func checkPlace(src, dest string) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	given, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	absSrc, absDest := resolveLinks(absSrc), resolveLinks(given)
	if absDest == absSrc {
		return fmt.Errorf("the output folder %s is the site folder itself: choose another with -d", dest)
	}
	// Both the path as given and the folder it leads to: on macOS /tmp
	// leads to /private/tmp.
	for _, p := range []string{given, absDest} {
		if err := checkSystem(dest, p); err != nil {
			return err
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		home = resolveLinks(home)
		switch {
		case absDest == home:
			return fmt.Errorf("the output folder %s is your home folder: %s", dest, ownFolder)
		case folders.Within(home, absDest):
			return fmt.Errorf("the output folder %s holds your home folder: %s", dest, ownFolder)
		}
	}
	if folders.Within(absSrc, absDest) {
		return fmt.Errorf("the output folder %s holds the site folder: choose one inside or beside it with -d", dest)
	}
	for _, d := range folders.Trees() {
		if folders.Within(absDest, filepath.Join(absSrc, d)) {
			return fmt.Errorf("the output folder %s is inside the site's %s/ folder: choose another with -d", dest, d)
		}
	}
	return nil
}

// checkSystem refuses the root folder (on Windows, a drive's) and, where
// folders are separated by /, any folder directly in it: /usr, /etc, /tmp,
// /home and the like hold the system or everyone's files, never one site.
func checkSystem(dest, abs string) error {
	parent := filepath.Dir(abs)
	switch {
	case parent == abs:
		return fmt.Errorf("the output folder %s is the root folder: %s", dest, ownFolder)
	case filepath.Separator == '/' && filepath.Dir(parent) == parent:
		return fmt.Errorf("the output folder %s is a system folder: %s", dest, ownFolder)
	}
	return nil
}

// strangersAllowed is the most files plansite did not write that
// --clean-dest-dir lets a build delete: an old output of another tool, or
// one whose manifest was lost, has a few; a folder with more is someone's
// files.
const strangersAllowed = 20

// checkContents refuses an output folder holding a Git repository, or files
// plansite did not write: any, unless clean is set; more than
// strangersAllowed even then. dest is the folder as the user gave it, abs
// the one a build replaces (see destDir), whose files are looked at.
func checkContents(dest, abs string, clean bool) error {
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("the output folder %s is a file", dest)
	}
	// A file .git is a worktree's or a submodule's: a repository all the same.
	if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
		return fmt.Errorf("the output folder %s holds a Git repository (.git): %s", dest, ownFolder)
	}
	strangers, err := unknownFiles(abs, strangersAllowed+1)
	if err != nil {
		return err
	}
	if len(strangers) > strangersAllowed {
		return fmt.Errorf("the output folder %s holds more than %d files plansite did not write (%s and more): it is not an old output, and %s", dest, strangersAllowed, strings.Join(strangers[:3], ", "), ownFolder)
	}
	if len(strangers) > 0 && !clean {
		more := ""
		if len(strangers) > 3 {
			more = fmt.Sprintf(" and %d more", len(strangers)-3)
			strangers = strangers[:3]
		}
		return fmt.Errorf("the output folder %s holds files plansite did not write (%s%s); a build replaces the whole folder, so move them, or pass --clean-dest-dir to let it", dest, strings.Join(strangers, ", "), more)
	}
	return nil
}

// unknownFiles lists the files of dest that its manifest does not name, up
// to limit of them: past that, the folder is refused whatever the others.
func unknownFiles(dest string, limit int) ([]string, error) {
	known := map[string]bool{ManifestName: true}
	if f, err := os.Open(filepath.Join(dest, ManifestName)); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			known[sc.Text()] = true
		}
		f.Close()
	}
	var out []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		if !known[rel] {
			out = append(out, path.Clean(rel))
		}
		if len(out) >= limit {
			return fs.SkipAll
		}
		return nil
	})
	return out, err
}

// destDir is the folder a build replaces: DEST, or the folder it leads to
// when it is a symbolic link, so that the link goes on leading to the
// site, and the new site is made beside the folder it replaces, on the
// same file system, where the swap is one rename.
func destDir(dest string) string {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return dest
	}
	return resolveLinks(abs)
}

func resolveLinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	// The folder may not exist yet: resolve its parent.
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}
