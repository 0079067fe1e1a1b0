// Package folders names the parts of a site folder (content/, layouts/,
// assets/, data/, i18n/, site.toml) and the files in them that are never part of a site,
// so that every stage agrees on them without importing another's package.
package folders

import (
	"path"
	"path/filepath"
	"strings"
)

// The parts of a site folder, as slash paths relative to it.
const (
	Content = "content" // the pages, and files published beside them
	Layouts = "layouts" // the templates
	Assets  = "assets"  // stylesheets, scripts and images the layouts use
	Data    = "data"    // CSV, YAML, JSON and TOML files templates read as .Site.Data
	I18n    = "i18n"    // the theme's strings in each language: i18n/cy.toml
	Config  = "site.toml"
	// Public is where a build publishes the site unless told otherwise.
	Public = "public"
)

// Trees lists the folders of a site whose whole contents a build reads.
func Trees() []string { return []string{Content, Layouts, Assets, Data, I18n} }

// Ignored reports whether a file or folder name is an editor's
// temporary or hidden file, which is never part of a site: vim's 4913 and
// .swp, Emacs's .#lock and #autosave#, backups ending in ~, JetBrains'
// ___jb_tmp___, ___jb_old___ and ___jb_bak___, Helix's .bck, GNOME's
// .goutputstream, macOS safe-saves (.sb-…), Office's ~$lock files, partial
// downloads, and dot files.
func Ignored(name string) bool {
	base := path.Base(filepath.ToSlash(name))
	switch {
	case base == "4913", strings.HasPrefix(base, "."), strings.HasPrefix(base, "#"),
		strings.HasPrefix(base, "~$"), strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".tmp"),
		strings.HasSuffix(base, ".bck"), strings.HasSuffix(base, ".part"), strings.HasSuffix(base, ".crdownload"),
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"),
		strings.HasSuffix(base, "___jb_bak___"), strings.Contains(base, ".sb-"):
		return true
	}
	return false
}

// Of tells which part of a site a slash path relative to the site folder
// belongs to ("content/a.md" → Content, "a.md"), and the rest of the path
// within it; ok is false for a path outside every part (README.md, public/).
// The part's own folder gives an empty rest.
func Of(rel string) (part, rest string, ok bool) {
	if rel == Config {
		return Config, "", true
	}
	for _, t := range Trees() {
		if rel == t {
			return t, "", true
		}
		if r, found := strings.CutPrefix(rel, t+"/"); found {
			return t, r, true
		}
	}
	return "", "", false
}

// Within reports whether the path p is the folder dir or inside it, both
// absolute and cleaned, symbolic links already resolved.
func Within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && filepath.IsLocal(rel)
}
