package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"

	"plansite/internal/assets"
	"plansite/internal/cms"
	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/feed"
	"plansite/internal/folders"
	"plansite/internal/i18n"
	"plansite/internal/markdown"
	"plansite/internal/minifier"
	"plansite/internal/output"
	"plansite/internal/render"
	"plansite/internal/site"
	"plansite/internal/theme"
)

// inputs are what a site is built with besides its content: the
// configuration, the Markdown converter, and the theme's assets and
// templates.
type inputs struct {
	opts   Options
	cfg    *config.Config
	theme  *theme.FS
	md     *markdown.Converter
	assets *assets.Set
	tpls   *render.Templates
	// strings are the theme's strings in each language (i18n/), and
	// stringDiags the problems of their files.
	strings     *i18n.Bundle
	stringDiags []diag.Diagnostic
	// min minifies the output, with --minify (never in the preview).
	min *minifier.M
	// layoutFiles are the site's own layout files, to tell an edited
	// layout from a new or deleted one; assetLayouts the default theme's
	// layouts the site uses that link assets.
	layoutFiles  map[string]bool
	assetLayouts map[string]bool
	// imgs sizes the images of content/, for templates.
	imgs render.Images
}

// loadInputs reads site.toml, applies --base-url, and loads the theme.
func loadInputs(opts Options, imgs render.Images) (*inputs, error) {
	cfg, err := config.Load(opts.Src)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		base, err := config.NormalizeBaseURL(opts.BaseURL)
		if err != nil {
			return nil, fmt.Errorf("--base-url: %w", err)
		}
		cfg.SetBaseURL(base)
	}
	in := &inputs{opts: opts, cfg: cfg, theme: theme.New(opts.Src), imgs: imgs,
		md: markdown.New(markdown.Options{Unsafe: cfg.Markup.Unsafe})}
	if opts.Minify && !opts.Server {
		in.min = minifier.New()
	}
	if err := in.loadTheme(); err != nil {
		return nil, err
	}
	in.listLayouts()
	return in, nil
}

// minify minifies one output of the given media type when the build
// minifies.
func (in *inputs) minify(mediaType string, data []byte) ([]byte, error) {
	return in.min.Bytes(mediaType, data)
}

// loadTheme loads the assets and prepares the templates, which depend on them.
func (in *inputs) loadTheme() error {
	var transform func(string, []byte) ([]byte, error)
	if in.min != nil {
		// Assets are minified before they are hashed, so that their
		// fingerprints and integrity values are those of the bytes a
		// browser receives.
		transform = in.min.Bytes
	}
	as, err := assets.Load(in.theme, in.cfg.BasePath(), in.cfg.BaseURL, assets.Options{
		Fingerprint: in.fingerprinted(),
		Transform:   transform,
	})
	if err != nil {
		return err
	}
	in.assets = as
	return in.loadTemplates()
}

// loadTemplates prepares the templates again, after a layout changed.
func (in *inputs) loadTemplates() error {
	if in.strings == nil {
		in.loadStrings()
	}
	in.tpls = render.NewTemplates(in.theme, in.cfg, in.assets, in.md, render.Options{Server: in.opts.Server, Workers: in.opts.Workers, Strings: in.strings, Images: in.imgs})
	return in.findAssetLayouts()
}

// loadStrings reads the theme's strings (i18n/) afresh; the templates,
// whose functions read them, are to be prepared again after.
func (in *inputs) loadStrings() {
	in.strings, in.stringDiags = i18n.Load(in.theme, in.cfg.Languages)
}

// fingerprinted reports whether assets carry a hash of their content in
// their names: always, except in the preview.
func (in *inputs) fingerprinted() bool { return !in.opts.Server }

// findAssetLayouts lists the default theme's layout files that the site
// uses (does not override) and that call for assets.
func (in *inputs) findAssetLayouts() error {
	in.assetLayouts = map[string]bool{}
	names, err := in.theme.Files(folders.Layouts)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !in.theme.BuiltIn(n) {
			continue
		}
		src, err := in.theme.ReadFile(n)
		if err != nil {
			return err
		}
		if bytes.Contains(src, []byte("asset ")) || bytes.Contains(src, []byte("resources.Get")) {
			in.assetLayouts[n] = true
		}
	}
	return nil
}

// listLayouts records the site's own layout files.
func (in *inputs) listLayouts() {
	in.layoutFiles = map[string]bool{}
	root := filepath.Join(in.opts.Src, folders.Layouts)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(in.opts.Src, p)
		in.layoutFiles[filepath.ToSlash(rel)] = true
		return nil
	})
}

// specialFiles are the files a build writes besides pages and the files of
// content/, by site-relative path, each with what it is: links to them are
// fine, and no page may be published where one is. The manifest is among
// them though no page links to it, so that a page claiming its name is
// reported where its url is written, like any other clash. (The lock a
// build holds is beside DEST, not in it.)
func (in *inputs) specialFiles() map[string]string {
	m := map[string]string{"sitemap.xml": "the sitemap", output.ManifestName: "the build's manifest"}
	for _, l := range in.cfg.Languages {
		m[site.PrefixOf(l)+"index.xml"] = "the Atom feed"
	}
	if in.cfg.BasePath() == "/" {
		m["robots.txt"] = "robots.txt" // under a path the site may publish its own
	}
	if in.fingerprinted() {
		m[feed.HeadersName] = "the " + feed.HeadersName + " file"
		m[feed.RedirectsName] = "the " + feed.RedirectsName + " file"
	}
	if in.theme.Exists(notFoundLayout) {
		for _, l := range in.cfg.Languages {
			m[site.PrefixOf(l)+"404.html"] = "the 404 page"
		}
	}
	if in.cfg.CMS != nil {
		m[cms.IndexName] = "the CMS's admin page"
		m[cms.ConfigName] = "the CMS's configuration"
	}
	for _, a := range in.assets.All {
		m[a.Out] = "the asset " + folders.Assets + "/" + a.Name
	}
	for _, d := range in.downloadNames() {
		m[d.name] = d.what
	}
	return m
}

// downloadName is the name of a file the build makes for readers to
// download, with what it is and the place in site.toml that asks for it.
type downloadName struct {
	name, what string
	at         diag.Pos
}

// downloadNames are the files the build makes for readers to download:
// the tracker's CSV file, and with --pdf the PDF of the whole plan in
// each language.
func (in *inputs) downloadNames() []downloadName {
	var out []downloadName
	if t := in.cfg.Tracker; t != nil {
		out = append(out, downloadName{t.Records + ".csv", "the tracker's table of " + t.Records, t.Pos})
	}
	for _, p := range in.opts.PDFs {
		out = append(out, downloadName{p.Name, "the PDF of the whole plan (--pdf)", diag.Pos{Line: 1, Col: 1}})
	}
	return out
}

// notFoundLayout is the layout of the site's 404 page, which it has only
// when its theme has that layout.
const notFoundLayout = folders.Layouts + "/404.html"

// notFoundPages are the site's 404 pages, one for each language, when the
// theme has a layout for them.
func (in *inputs) notFoundPages(s *site.Site) []*site.Page {
	if !in.theme.Exists(notFoundLayout) {
		return nil
	}
	return s.NotFoundPages()
}
