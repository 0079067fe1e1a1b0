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

// checkDest refuses an output folder that would overwrite the site itself,
// or that holds files plansite did not write (unless clean is set).
func checkDest(src, dest string, clean bool) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	absSrc, absDest = resolveLinks(absSrc), resolveLinks(absDest)
	switch {
	case absDest == absSrc:
		return fmt.Errorf("the output folder %s is the site folder itself: choose another with -d", dest)
	case folders.Within(absSrc, absDest):
		return fmt.Errorf("the output folder %s holds the site folder: choose one inside or beside it with -d", dest)
	}
	for _, d := range folders.Trees() {
		if folders.Within(absDest, filepath.Join(absSrc, d)) {
			return fmt.Errorf("the output folder %s is inside the site's %s/ folder: choose another with -d", dest, d)
		}
	}
	// A DEST that is a symbolic link is the folder it leads to: that is the
	// folder looked at here, and the one a build replaces.
	fi, err := os.Stat(absDest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("the output folder %s is a file", dest)
	}
	if clean {
		return nil
	}
	strangers, err := unknownFiles(absDest)
	if err != nil {
		return err
	}
	if len(strangers) > 0 {
		more := ""
		if len(strangers) > 3 {
			more = fmt.Sprintf(" and %d more", len(strangers)-3)
			strangers = strangers[:3]
		}
		return fmt.Errorf("the output folder %s holds files plansite did not write (%s%s); a build replaces the whole folder, so move them, or pass --clean-dest-dir to let it", dest, strings.Join(strangers, ", "), more)
	}
	return nil
}

// unknownFiles lists the files of dest that its manifest does not name.
func unknownFiles(dest string) ([]string, error) {
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
