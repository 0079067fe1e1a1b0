// Package cms configures Decap CMS from the site's content types, so that
// writers edit pages in a browser through forms that check what plansite
// checks, and answers the CMS's local-backend protocol for plansite serve,
// so that editing on one's own computer needs nothing but plansite.
package cms

import (
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/tplfuncs"
)

// Site is what the CMS's configuration is made from.
type Site struct {
	Config *config.Config
	// Pages are the pages of content/, drafts too (a writer edits those
	// most), sorted by path.
	Pages []Page
	// Archetype returns the text of a section's archetype
	// (layouts/_archetypes/SECTION.md), or nil for a section without one.
	Archetype func(section string) []byte
	// LocalBackend, when set, is the address of plansite serve's backend,
	// which the CMS then saves through. plansite build never sets it.
	LocalBackend string
}

// Page is a page of content/ as the configuration lists it.
type Page struct {
	Path  string // relative to content/, with slashes: "objectives/skills.md"
	Title string
}

// The admin pages' paths in the output.
const (
	Dir        = "admin/"
	IndexName  = Dir + "index.html"
	ConfigName = Dir + "config.yml"
)

// Files are the admin page and the CMS's configuration, by output path, or
// the problems that keep site.toml's types from making one: each at its
// place in site.toml.
func Files(s Site) (map[string][]byte, error) {
	c := s.Config.CMS
	if c == nil {
		return nil, nil
	}
	g := generator{site: s, langs: languages(s.Config)}
	cols := g.collections()
	if len(g.errs) > 0 {
		diag.Sort(g.errs)
		return nil, g.errs
	}
	doc := mapping(
		"backend", g.backend(),
		"local_backend", g.localBackend(),
		"site_url", strings.TrimSuffix(s.Config.BaseURL, "/"),
		"display_url", strings.TrimSuffix(s.Config.BaseURL, "/"),
		"media_folder", c.MediaFolder,
		"public_folder", c.PublicFolder(),
		"i18n", g.i18n(),
		"collections", cols,
	)
	return map[string][]byte{
		ConfigName: encode("# Written by plansite from site.toml: change the content types there, not here.\n", doc),
		IndexName:  adminPage(s.Config),
	}, nil
}

// generator makes the configuration, collecting every problem on the way.
type generator struct {
	site Site
	// langs are the site's languages ("en", "cy"), the default first, when
	// it has more than one: the CMS then edits each page in each.
	langs []string
	errs  diag.Errors
}

func (g *generator) errorf(at diag.Pos, format string, args ...any) {
	g.errs = append(g.errs, diag.Errorf(folders.Config, at.Line, at.Col, format, args...))
}

func (g *generator) backend() *yaml.Node {
	c := g.site.Config.CMS
	b := mapping("name", c.Backend)
	if c.Repo != "" {
		add(b, "repo", c.Repo)
	}
	add(b, "branch", c.Branch)
	if c.AuthURL != "" {
		add(b, "base_url", c.AuthURL)
	}
	if c.AuthEndpoint != "" {
		add(b, "auth_endpoint", c.AuthEndpoint)
	}
	return b
}

// localBackend points the CMS at plansite serve's backend, which Decap
// uses instead of the repository when the admin page is opened at one of
// its allowed_hosts: localhost and 127.0.0.1 always, and here [::1] and
// the preview's own name too (plansite serve --bind ::1 or 127.0.0.2), so
// that the admin page opened at the address the preview printed saves
// through it.
func (g *generator) localBackend() any {
	if g.site.LocalBackend == "" {
		return nil
	}
	hosts := []string{"[::1]"}
	if u, err := url.Parse(g.site.LocalBackend); err == nil {
		h := strings.TrimSuffix(u.Host, ":"+u.Port())
		if h != "localhost" && h != "127.0.0.1" && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	return mapping("url", g.site.LocalBackend, "allowed_hosts", hosts)
}

// collections are one folder collection per section with a content type,
// then one files collection of the other pages: the home page, each
// section's own page and the pages of sections without a type.
func (g *generator) collections() *yaml.Node {
	var cols []*yaml.Node
	types := g.site.Config.Types
	for _, name := range slices.Sorted(maps.Keys(types)) {
		cols = append(cols, g.folder(types[name]))
	}
	if files := g.files(); len(files) > 0 {
		cols = append(cols, mapping(
			"name", "pages",
			"label", "Pages",
			"label_singular", "Page",
			"i18n", g.inEachLanguage(),
			"files", sequence(files),
		))
	}
	return sequence(cols)
}

// folder is a section's collection. New pages are named from their
// titles, as plansite new names them, and start as the section's
// archetype or type says.
func (g *generator) folder(t *config.Type) *yaml.Node {
	label := tplfuncs.Humanize(t.Section)
	if p := g.page(path.Join(t.Section, "_index.md")); p != nil && p.Title != "" {
		label = p.Title
	}
	return mapping(
		"name", t.Section,
		"label", label,
		"folder", path.Join(folders.Content, t.Section),
		"create", true,
		"i18n", g.inEachLanguage(),
		"extension", "md",
		// Pages may have TOML or JSON front matter: Decap reads each as
		// its delimiters say (and saves what it edits as YAML).
		"format", "frontmatter",
		"slug", "{{slug}}",
		"identifier_field", "title",
		"summary", "{{title}}",
		"fields", g.fields(t.Fields, true, g.archetype(t.Section)),
	)
}

// files are the entries of the files collection, one per page that no
// folder collection lists.
func (g *generator) files() []*yaml.Node {
	var out []*yaml.Node
	for _, p := range g.site.Pages {
		if g.translation(p.Path) {
			continue // edited beside its original
		}
		section, dir, name := split(p.Path)
		typ := g.site.Config.Types[section]
		if typ != nil && dir == section && name != "_index" {
			continue // in its section's collection
		}
		var declared []*config.Field
		if typ != nil && name != "_index" {
			declared = typ.Fields
		}
		label := p.Title
		if label == "" {
			label = p.Path
		}
		out = append(out, mapping(
			"name", fileName(p.Path),
			"label", label,
			"file", path.Join(folders.Content, p.Path),
			"i18n", g.inEachLanguage(),
			"format", "frontmatter",
			"fields", g.fields(declared, false, nil),
		))
	}
	return out
}

func (g *generator) page(rel string) *Page {
	i, ok := slices.BinarySearchFunc(g.site.Pages, rel, func(p Page, rel string) int { return strings.Compare(p.Path, rel) })
	if !ok {
		return nil
	}
	return &g.site.Pages[i]
}

// split gives a page's section, folder and file name without extension:
// "objectives/skills.md" is objectives, objectives, skills.
func split(rel string) (section, dir, name string) {
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	section, _, _ = strings.Cut(dir, "/")
	return section, dir, strings.TrimSuffix(base, path.Ext(base))
}

// fileName names a page's entry in the files collection, as Decap's
// addresses show it: its path, without the extension, "/" as "-".
func fileName(rel string) string {
	name := strings.TrimSuffix(rel, path.Ext(rel))
	if name == "_index" {
		return "home"
	}
	return strings.ReplaceAll(strings.TrimSuffix(name, "/_index"), "/", "-")
}
