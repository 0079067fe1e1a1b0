package build

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"plansite/internal/assets"
	"plansite/internal/content"
	"plansite/internal/folders"
	"plansite/internal/render"
)

// Rebuild brings the site up to date after the given files changed, were
// created or were deleted (slash paths relative to SRC: "content/a.md",
// "layouts/page.html", "site.toml"). It redoes only the work the changes
// affect: an edited page is converted again and re-rendered with the pages
// that list it or refer to it; an edited layout re-renders the pages that
// used it; site.toml rebuilds everything. The result is always the same as
// a full build of the same files.
func (b *Builder) Rebuild(ctx context.Context, changed []string) (*Result, error) {
	if !b.built || b.cfg == nil || !b.opts.Incremental {
		return b.Build(ctx)
	}
	pl := plan{convert: map[string]bool{}, layouts: map[string]bool{}, files: map[string]bool{}, keepGraph: true}
	var contentChanged, assetsChanged, layoutsChanged, rescan bool
	for _, c := range changed {
		c = path.Clean(strings.TrimPrefix(filepath.ToSlash(c), "./"))
		switch {
		case c == folders.Config:
			return b.Build(ctx)
		case strings.HasPrefix(c, folders.Content+"/") || c == folders.Content:
			contentChanged = true
			rel := strings.TrimPrefix(strings.TrimPrefix(c, folders.Content), "/")
			if rel == "" || folders.Ignored(path.Base(rel)) {
				rescan = rescan || rel == ""
				continue
			}
			more, err := b.contentChanged(rel, &pl)
			if err != nil {
				return nil, err
			}
			rescan = rescan || more
		case strings.HasPrefix(c, folders.Layouts+"/") || c == folders.Layouts:
			layoutsChanged = true
			if b.layoutAddedOrRemoved(c) {
				pl.all = true
			}
			pl.layouts[c] = true
		case strings.HasPrefix(c, folders.Assets+"/") || c == folders.Assets:
			assetsChanged = true
		}
	}
	if rescan {
		if err := b.rescanContent(&pl); err != nil {
			return nil, err
		}
	}
	if rescan || assetsChanged || layoutsChanged || pl.all || len(pl.files) > 0 {
		pl.keepGraph = false
	}
	if assetsChanged {
		old := b.assets
		if err := b.loadTheme(); err != nil {
			return nil, err
		}
		if assetsMoved(old, b.assets) {
			pl.all = true
		}
		b.assets.Inherit(old)
	} else if layoutsChanged {
		b.tpls = render.NewTemplates(b.theme, b.cfg, b.assets, b.md)
		if err := b.findAssetLayouts(); err != nil {
			return nil, err
		}
	}
	if !contentChanged && !assetsChanged && !layoutsChanged {
		return &Result{strict: b.opts.Strict}, nil
	}
	return b.assemble(ctx, &Result{strict: b.opts.Strict}, pl)
}

// contentChanged reloads one changed path of content/. It reports whether
// the path is a folder (or may have been one), which calls for a rescan.
func (b *Builder) contentChanged(rel string, pl *plan) (bool, error) {
	delete(b.skipped, rel)
	if content.Skip(b.opts.Src, rel) != "" {
		// A link or a pipe that may not be published: a rescan leaves it
		// out, as a full build does, and warns of it.
		return true, nil
	}
	full := filepath.Join(b.opts.Src, folders.Content, filepath.FromSlash(rel))
	fi, err := os.Stat(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, ok := b.pages[rel]; ok {
			delete(b.pages, rel)
			pl.keepGraph = false
			return false, nil
		}
		for i, f := range b.files {
			if f == rel {
				b.files = append(b.files[:i:i], b.files[i+1:]...)
				pl.files[rel] = true
				return false, nil
			}
		}
		return true, nil // perhaps a folder that went
	case err != nil:
		return false, err
	case fi.IsDir():
		return true, nil
	}
	if !content.IsMarkdown(rel) {
		if !containsString(b.files, rel) {
			b.files = append(b.files, rel)
			sortStrings(b.files)
		}
		pl.files[rel] = true
		return false, nil
	}
	st, err := b.load(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			delete(b.pages, rel)
			pl.keepGraph = false
			return false, nil
		}
		return false, err
	}
	old := b.pages[rel]
	if old != nil && old.sum == st.sum {
		return false, nil // saved without a change
	}
	if old == nil || !sameShape(old, st) {
		pl.keepGraph = false
	}
	b.pages[rel] = st
	pl.convert[rel] = true
	return false, nil
}

// rescanContent lists content/ again, for folders that appeared or went.
func (b *Builder) rescanContent(pl *plan) error {
	paths, others, skipped, err := content.Files(b.opts.Src)
	if err != nil {
		return err
	}
	b.setSkipped(skipped)
	now := map[string]bool{}
	for _, p := range paths {
		now[p] = true
		if b.pages[p] == nil {
			st, err := b.load(p)
			if err != nil {
				return err
			}
			b.pages[p] = st
			pl.convert[p] = true
		}
	}
	for p := range b.pages {
		if !now[p] {
			delete(b.pages, p)
		}
	}
	was := map[string]bool{}
	for _, f := range b.files {
		was[f] = true
	}
	for _, f := range others {
		if !was[f] {
			pl.files[f] = true
		}
		delete(was, f)
	}
	for f := range was {
		pl.files[f] = true
	}
	b.files = others
	return nil
}

// layoutAddedOrRemoved reports whether a layout file appeared or went (or is
// a folder), which can change which layout renders a page.
func (b *Builder) layoutAddedOrRemoved(name string) bool {
	fi, err := os.Stat(filepath.Join(b.opts.Src, filepath.FromSlash(name)))
	exists := err == nil && !fi.IsDir()
	if err == nil && fi.IsDir() {
		return true
	}
	was := b.layoutFiles[name]
	if exists != was {
		if exists {
			b.layoutFiles[name] = true
		} else {
			delete(b.layoutFiles, name)
		}
		return true
	}
	return false
}

// assetsMoved reports whether an asset changed in a way pages can see: a
// new or vanished asset, a changed URL (fingerprints), or new bytes of one
// whose content or integrity a template showed.
func assetsMoved(old, cur *assets.Set) bool {
	if len(old.All) != len(cur.All) {
		return true
	}
	for i, a := range cur.All {
		o := old.All[i]
		if a.Name != o.Name || a.Out != o.Out {
			return true
		}
		if !a.SameBytes(o) && old.Exposed(a.Name) {
			return true
		}
	}
	return false
}

// listLayouts records the site's own layout files, to tell an edited layout
// from a new or deleted one.
func (b *Builder) listLayouts() {
	b.layoutFiles = map[string]bool{}
	root := filepath.Join(b.opts.Src, folders.Layouts)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(b.opts.Src, p)
		b.layoutFiles[filepath.ToSlash(rel)] = true
		return nil
	})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
