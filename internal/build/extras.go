package build

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"plansite/internal/assets"
	"plansite/internal/cms"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/feed"
	"plansite/internal/folders"
	"plansite/internal/site"
)

// extras puts in the output what a site has besides its pages: sitemap,
// feed, robots.txt (at a host's root only), alias pages, downloads (the
// tracker's CSV file, the PDF), assets and the files of content/. When
// only pages' text changed (full is false), only the feed can change;
// otherwise what the current sources no longer make is dropped.
func (b *Builder) extras(s *site.Site, full bool, copies map[string][]byte) error {
	var live map[string]bool
	if full {
		live = b.sweep(s)
	}
	x := extraPut{b: b, live: live}
	for _, ls := range s.Languages {
		// One feed for each language, at its root: index.xml, cy/index.xml.
		name := ls.LangPrefix + "index.xml"
		if err := x.minified(name, name, feed.Atom(ls, ls.Config.FeedLimit)); err != nil {
			return err
		}
	}
	if !full {
		return nil
	}
	if err := x.minified("sitemap.xml", "sitemap.xml", feed.Sitemap(s)); err != nil {
		return err
	}
	if err := b.admin(x); err != nil {
		return err
	}
	if robots := feed.Robots(s); robots != nil {
		if err := x.put("robots.txt", robots); err != nil {
			return err
		}
	}
	for _, a := range s.Aliases {
		if b.claimed[a.Out] {
			continue // another file's place: reported, never written
		}
		html, err := feed.Alias(s, a)
		if err != nil {
			return err
		}
		if err := x.minified(a.Out, a.Page.Src.File, html); err != nil {
			return err
		}
	}
	for _, d := range s.AllDownloads() {
		if err := x.put(d.Name, d.Data); err != nil {
			return err
		}
	}
	if err := b.publishedFiles(s, x); err != nil {
		return err
	}
	for name, data := range copies {
		if err := x.put(name, data); err != nil {
			return err
		}
	}
	b.copies = copies
	if err := b.publishCards(x); err != nil {
		return err
	}
	b.out.Keep(live)
	return nil
}

// admin puts the CMS's admin page and configuration, for a site with
// [cms]. Its problems are the site's: the build reports them and
// publishes nothing. They change only with site.toml, the pages' titles
// and the pages there are, so only a full rebuild makes them again; they
// replace those of the last time, as a rebuild that keeps the site's
// graph (and so its siteDiags) may come here too.
func (b *Builder) admin(x extraPut) error {
	b.cmsDiags = nil
	if b.in.cfg.CMS == nil {
		return nil
	}
	pages := make([]cms.Page, 0, len(b.src.pages))
	for _, st := range b.src.pages {
		pages = append(pages, cms.Page{Path: st.src.Path, Title: st.src.Meta.Title})
	}
	slices.SortFunc(pages, func(a, b cms.Page) int { return strings.Compare(a.Path, b.Path) })
	files, err := cms.Files(cms.Site{Config: b.in.cfg, Pages: pages, LocalBackend: b.opts.CMSBackend,
		Archetype: func(section string) []byte {
			data, err := b.in.theme.ReadFile(archetypes + "/" + section + ".md")
			if err != nil {
				return nil
			}
			return data
		}})
	if ds, ok := diag.AsList(err); ok {
		b.cmsDiags = ds
		return nil
	}
	if err != nil {
		return err
	}
	for _, name := range []string{cms.IndexName, cms.ConfigName} {
		if err := x.put(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

// archetypes is the theme's folder of archetypes, which plansite new and
// the CMS start new pages from.
const archetypes = folders.Layouts + "/_archetypes"

// sweep forgets the pages that are gone, and returns the outputs of those
// that are not, to which extras adds the rest of what the site makes.
func (b *Builder) sweep(s *site.Site) map[string]bool {
	keys := make(map[string]bool, len(s.All)+1)
	for _, p := range s.All {
		keys[p.Key] = true
	}
	for _, nf := range b.in.notFoundPages(s) {
		keys[nf.Key] = true
	}
	for key := range b.renders.byKey {
		if !keys[key] {
			b.renders.forget(key)
			b.links.Forget(key)
		}
	}
	live := make(map[string]bool, len(b.renders.byKey)+16)
	for _, rd := range b.renders.byKey {
		live[rd.Out] = true
	}
	return live
}

// extraPut puts the outputs extras makes, noting each as live.
type extraPut struct {
	b    *Builder
	live map[string]bool
}

func (x extraPut) put(name string, data []byte) error {
	if x.live != nil {
		x.live[name] = true
	}
	return x.b.out.Put(name, data, false)
}

// minified puts an output made from file, minified when the build minifies.
func (x extraPut) minified(name, file string, data []byte) error {
	data, err := x.b.in.minify(assets.MediaType(name), data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return x.put(name, data)
}

// publishedFiles puts the assets the site uses and the files of content/,
// and the _headers file that tells hosts how long to cache assets. It
// notes the files of content/ that run scripts while raw HTML is off,
// which are published all the same: a rebuild that publishes no files
// keeps the warnings of the last that did.
func (b *Builder) publishedFiles(s *site.Site, x extraPut) error {
	builtIn := b.renders.usesAny(b.in.assetLayouts)
	var published []*assets.Asset
	for _, a := range b.in.assets.All {
		if a.BuiltIn && !builtIn {
			continue // a site with a theme of its own does not get ours
		}
		published = append(published, a)
		if err := x.put(a.Out, a.Bytes); err != nil {
			return err
		}
	}
	var ownHeaders, ownRedirects []byte
	b.src.redirects = nil
	scripts := map[string]diag.Diagnostic{}
	for _, f := range s.Files {
		raw, err := os.ReadFile(filepath.Join(b.opts.Src, folders.Content, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		if d, ok := content.Scripts(f, raw); ok && !b.in.cfg.Markup.Unsafe {
			scripts[f] = d
		}
		name := strings.TrimPrefix(s.FileURL[f], s.BasePath)
		if name == feed.HeadersName && b.in.fingerprinted() {
			ownHeaders = raw // the site's own rules come first in ours
			continue
		}
		if name == feed.RedirectsName {
			b.src.redirects = feed.CheckRedirects(path.Join(folders.Content, f), raw, s)
			if b.in.fingerprinted() {
				ownRedirects = raw // the site's own lines come first
				continue
			}
		}
		if err := x.minified(name, path.Join(folders.Content, f), raw); err != nil {
			return err
		}
	}
	b.src.scripts = scripts
	if redirects := feed.Redirects(ownRedirects, s); b.in.fingerprinted() && redirects != nil {
		if err := x.put(feed.RedirectsName, redirects); err != nil {
			return err
		}
	}
	switch {
	case !b.in.fingerprinted():
	case len(published) > 0:
		return x.put(feed.HeadersName, feed.Headers(ownHeaders, published))
	case ownHeaders != nil:
		return x.put(feed.HeadersName, ownHeaders)
	}
	return nil
}
