package build

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"

	"plansite/internal/assets"
	"plansite/internal/folders"
)

// Rebuild brings the site up to date after the given files changed, were
// created or were deleted (slash paths relative to SRC: "content/a.md",
// "layouts/page.html", "data/progress.csv", "site.toml"). It redoes only
// the work the changes affect: an edited page is converted again and
// re-rendered with the pages that list it or refer to it; an edited layout
// re-renders the pages that used it; an edited data file re-renders the
// pages that read .Site.Data and those whose progress it reports; an
// i18n file renders every page again; site.toml rebuilds everything. The result is always the same as
// a full build of the same files.
func (b *Builder) Rebuild(ctx context.Context, changed []string) (*Result, error) {
	if !b.built || !b.opts.Incremental {
		return b.Build(ctx)
	}
	pl := plan{convert: map[string]bool{}, layouts: map[string]bool{}, files: map[string]bool{}, keepGraph: true}
	var contentChanged, assetsChanged, layoutsChanged, dataChanged, stringsChanged, rescan bool
	for _, c := range changed {
		c = path.Clean(strings.TrimPrefix(filepath.ToSlash(c), "./"))
		part, rest, _ := folders.Of(c)
		switch part {
		case folders.Config:
			return b.Build(ctx)
		case folders.Content:
			contentChanged = true
			if rest == "" {
				rescan = true
				continue
			}
			if folders.Ignored(path.Base(rest)) {
				continue
			}
			more, err := b.src.changed(rest, &pl)
			if err != nil {
				return nil, err
			}
			rescan = rescan || more
		case folders.Layouts:
			layoutsChanged = true
			if b.layoutAddedOrRemoved(c) {
				pl.all = true
				// A page may call a shortcode that did not exist, or
				// one whose template went.
				pl.shortcodes = pl.shortcodes || isShortcodeTemplate(c) || c == folders.Layouts
			}
			pl.layouts[c] = true
		case folders.Assets:
			assetsChanged = true
		case folders.Data:
			dataChanged = true
		case folders.I18n:
			stringsChanged = true
		}
	}
	// Any change in data/ reads it all again: data files are few, and only
	// those whose bytes changed are read anew.
	if dataChanged && b.reloadData() {
		pl.data, pl.keepGraph = true, false
	}
	if stringsChanged {
		// The theme's strings are on every page: read them again, and
		// render every page, as after an edit of baseof.html; and expand
		// every page's shortcodes again, whose output may be in them.
		b.in.loadStrings()
		layoutsChanged, pl.all, pl.shortcodes = true, true, true
	}
	if !contentChanged && !assetsChanged && !layoutsChanged && !dataChanged {
		return &Result{strict: b.opts.Strict}, nil
	}
	if rescan {
		if err := b.src.rescan(&pl); err != nil {
			return nil, err
		}
	}
	if rescan || assetsChanged || layoutsChanged || pl.all || len(pl.files) > 0 {
		pl.keepGraph = false
	}
	if err := b.reloadTheme(assetsChanged, layoutsChanged, &pl); err != nil {
		return nil, err
	}
	if err := b.out.Stage(false); err != nil {
		return nil, err
	}
	return b.assemble(ctx, &Result{strict: b.opts.Strict}, pl)
}

// reloadTheme loads the assets again when they changed (and with them the
// templates, which show their URLs), or only the templates when a layout
// changed.
func (b *Builder) reloadTheme(assetsChanged, layoutsChanged bool, pl *plan) error {
	switch {
	case assetsChanged:
		old := b.in.assets
		if err := b.in.loadTheme(); err != nil {
			return err
		}
		if assetsMoved(old, b.in.assets) {
			pl.all = true
		}
		b.in.assets.Inherit(old)
	case layoutsChanged:
		return b.in.loadTemplates()
	}
	return nil
}

// layoutAddedOrRemoved reports whether a layout file appeared or went (or is
// a folder), which can change which layout renders a page.
func (b *Builder) layoutAddedOrRemoved(name string) bool {
	fi, err := os.Stat(filepath.Join(b.opts.Src, filepath.FromSlash(name)))
	if err == nil && fi.IsDir() {
		return true
	}
	exists := err == nil
	if exists == b.in.layoutFiles[name] {
		return false
	}
	if exists {
		b.in.layoutFiles[name] = true
	} else {
		delete(b.in.layoutFiles, name)
	}
	return true
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
