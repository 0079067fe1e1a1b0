// Package site links loaded pages into a site: the home page, sections and
// their lists, every page's URL, the references between pages in both
// directions, and the menus.
package site

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/titles"
)

// Site is a linked site.
type Site struct {
	Config   *config.Config
	BasePath string // "/" or "/plan/"
	Home     *Page
	// All holds every page, home and sections included, in content path
	// order; Pages the same in Hugo's default order; Regular only the
	// regular pages, in that order.
	All     []*Page
	Pages   []*Page
	Regular []*Page
	Menus   map[string][]*MenuEntry
	// Files are the other files of content/ (images, PDFs), published at
	// the same path; FileURL maps each content path to its URL.
	Files   []string
	FileURL map[string]string
	// Aliases are the pages' old addresses, in the order of All.
	Aliases []*Alias
	// Data is the site's data files as templates see them (.Site.Data).
	Data map[string]any
	// Language is the language of the site's pages, and LangPrefix what
	// their paths start with after the base path: "" for the default
	// language, "cy/" for Welsh. Languages are the sites of every
	// language, by weight, this one among them. A multilingual site is
	// the default language's: its All, Aliases and lookups by key, path
	// and address span every language, while its Home, Pages, Regular
	// and Menus are its own language's, as each other language's site's
	// are. NotFound is the site's 404 page, in its language.
	Language   *config.Language
	LangPrefix string
	Languages  []*Site
	NotFound   *Page
	// Downloads are the files the build makes for readers of the
	// language to download, by the name templates give them
	// (.Site.Downloads.progress): some the same in every language, some
	// (the PDF of the whole plan) each language's own.
	Downloads map[string]*Download

	root      *Site                       // the default language's site
	pages     []*Page                     // this language's pages, in content path order
	keyPrefix string                      // "" for the default language, "cy:" for Welsh: keys are unique across languages
	origin    string                      // "https://example.org", "" without a host
	base      *url.URL                    // the base URL, when it has a host
	byPath    map[string]*Page            // content path ("objectives/skills.md", "objectives/" for a section)
	byURLPath map[string]*Page            // output file ("objectives/skills/index.html")
	byAlias   map[string]*Page            // an alias's output file → the page it sends readers to
	byName    map[string]map[string]*Page // section → name → regular page
	drafts    map[string]map[string]bool  // section → name of a draft left out
}

// MenuEntry is one link of a menu, resolved.
type MenuEntry struct {
	Name, URL, Identifier string
	Weight                int
	Page                  *Page // the page linked to, when the entry names one
}

// Options change which pages are published.
type Options struct {
	Drafts bool
}

// New links pages (and the other files of content/) into a site, one for
// each language of a multilingual site. It reports every problem it finds:
// two pages at one URL, references to pages that do not exist, menu
// entries naming missing pages.
func New(cfg *config.Config, srcs []*content.Page, files []string, opts Options) (*Site, []diag.Diagnostic) {
	root := newSite(cfg.DefaultLanguage(), nil)
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != "" {
		root.origin = u.Scheme + "://" + u.Host
		root.base = u
	}
	for _, l := range cfg.Languages {
		if l == root.Language {
			root.Languages = append(root.Languages, root)
		} else {
			root.Languages = append(root.Languages, newSite(l, root))
		}
	}
	var diags []diag.Diagnostic
	bySite := root.byLanguage(srcs)
	for _, s := range root.Languages {
		diags = append(diags, s.addPages(bySite[s], opts)...)
		s.place()
	}
	root.gather()
	diags = append(diags, root.checkURLs()...)
	root.setAliases()
	diags = append(diags, root.checkAliases()...)
	for _, s := range root.Languages {
		s.list()
		diags = append(diags, s.resolveRefs()...)
		diags = append(diags, s.buildMenus()...)
	}
	for _, f := range files {
		root.Files = append(root.Files, f)
		root.FileURL[f] = root.BasePath + fileURLPath(f)
	}
	root.linkTranslations()
	return root, diags
}

// newSite makes the site of one language. Another language's site shares
// the default language's (root's) lookups by address and its files, as
// addresses are unique across languages.
func newSite(l *config.Language, root *Site) *Site {
	s := &Site{
		Config:   l.Config,
		BasePath: l.Config.BasePath(),
		Language: l,
		byPath:   map[string]*Page{},
		byName:   map[string]map[string]*Page{},
		drafts:   map[string]map[string]bool{},
	}
	if root == nil {
		s.root = s
		s.byURLPath, s.byAlias, s.FileURL = map[string]*Page{}, map[string]*Page{}, map[string]string{}
		s.Downloads = map[string]*Download{}
		return s
	}
	s.root, s.origin, s.base = root, root.origin, root.base
	s.byURLPath, s.byAlias, s.FileURL = root.byURLPath, root.byAlias, root.FileURL
	s.Downloads = map[string]*Download{}
	s.LangPrefix, s.keyPrefix = PrefixOf(l), l.Lang+":"
	return s
}

// PrefixOf is what the paths of a language's pages start with after the
// base path: "cy/" for Welsh, "" for the default language, whose pages are
// at the root.
func PrefixOf(l *config.Language) string {
	if l.IsDefault() {
		return ""
	}
	return l.Lang + "/"
}

// addPages makes a page of each source in the site's language that is
// published, and of each folder that is a section without an _index.md of
// its own. Two files of one page in one language (skills.md and
// skills.en.md) are an error naming both.
func (s *Site) addPages(srcs []*content.Page, opts Options) []diag.Diagnostic {
	var diags []diag.Diagnostic
	add := func(key string, p *Page) {
		if prev := s.byPath[key]; prev != nil && prev.Src != nil && s.Config.DeclaresLanguages {
			diags = append(diags, sameTwice(prev.Src, p.Src, s.Language))
			return
		}
		s.byPath[key] = p
	}
	var regular []*content.Page
	for _, src := range srcs {
		if src.Meta.Draft && !opts.Drafts {
			if src.Kind == content.Regular {
				if s.drafts[src.Section] == nil {
					s.drafts[src.Section] = map[string]bool{}
				}
				s.drafts[src.Section][src.Name()] = true
			}
			continue
		}
		switch src.Kind {
		case content.Home:
			if s.Home != nil {
				diags = append(diags, sameTwice(s.Home.Src, src, s.Language))
				continue
			}
			s.Home = &Page{Src: src, Kind: content.Home}
		case content.Section:
			add(src.Dir, &Page{Src: src, Kind: content.Section})
		default:
			regular = append(regular, src)
		}
	}
	if s.Home == nil {
		s.Home = &Page{Kind: content.Home}
	}
	s.byPath[""] = s.Home
	for dir := range sectionDirs(srcs) {
		if s.byPath[dir] == nil {
			s.byPath[dir] = &Page{Kind: content.Section, Path: dir}
		}
	}
	for _, src := range regular {
		add(src.Logical, &Page{Src: src, Kind: content.Regular})
	}
	return diags
}

// sectionDirs are the folders that are sections: every top-level folder
// (unless it is a page bundle) and every deeper folder with an _index.md.
func sectionDirs(srcs []*content.Page) map[string]bool {
	bundles := map[string]bool{}
	for _, src := range srcs {
		if d, base := path.Split(src.Logical); strings.TrimSuffix(base, path.Ext(base)) == "index" && d != "" {
			bundles[d] = true
		}
	}
	dirs := map[string]bool{}
	for _, src := range srcs {
		if i := strings.IndexByte(src.Logical, '/'); i >= 0 && !bundles[src.Logical[:i+1]] {
			dirs[src.Logical[:i+1]] = true
		}
		if src.Kind == content.Section {
			dirs[src.Dir] = true
		}
	}
	return dirs
}

// place gives every page of the site's language, in content path order,
// its key, its parent, its title and dates, and its URL.
func (s *Site) place() {
	keys := slices.Sorted(maps.Keys(s.byPath))
	for _, k := range keys {
		p := s.byPath[k]
		p.Key, p.site = s.keyPrefix+k, s
		s.pages = append(s.pages, p)
		if p != s.Home {
			p.Parent = s.parentOf(k, p.Kind == content.Section)
		}
		if p.Src != nil {
			m := p.Src.Meta
			p.Title = m.Title
			p.LinkTitle = m.LinkTitle
			// Hugo's defaults: a page without a date takes its
			// publishDate or lastmod, and one without a lastmod its date.
			p.Date = firstDate(m.Date, m.PublishDate, m.Lastmod)
			p.Lastmod = firstDate(m.Lastmod, m.Date, m.PublishDate)
		}
		if p.Title == "" {
			switch {
			case p.Kind == content.Home:
				p.Title = s.Config.Title
			case p.Kind == content.Section && p.Src == nil:
				// A section's _index.md without a title leaves it
				// untitled, as in Hugo.
				p.Title = titles.FromDir(k)
			}
		}
		if p.LinkTitle == "" {
			p.LinkTitle = p.Title
		}
		s.setURL(p, k)
	}
}

// list fills the sections' lists, gives sections the newest dates below
// them, and sorts every list.
func (s *Site) list() {
	for _, p := range s.pages {
		if p == s.Home {
			continue
		}
		par := p.Parent
		if p.Kind == content.Section {
			par.Sections = append(par.Sections, p)
			continue
		}
		par.Regular = append(par.Regular, p)
		s.Regular = append(s.Regular, p)
		if s.byName[p.Src.Section] == nil {
			s.byName[p.Src.Section] = map[string]*Page{}
		}
		s.byName[p.Src.Section][p.Name()] = p
		for a := par; a != nil; a = a.Parent {
			a.RegularRecursive = append(a.RegularRecursive, p)
		}
	}
	s.setSectionDates(s.Home)
	for _, p := range s.pages {
		if p.IsSection() {
			p.Pages = append(append([]*Page{}, p.Sections...), p.Regular...)
			SortDefault(p.Sections)
			SortDefault(p.Regular)
			SortDefault(p.Pages)
			SortDefault(p.RegularRecursive)
		}
	}
	s.Pages = append([]*Page(nil), s.pages...)
	SortDefault(s.Pages)
	SortDefault(s.Regular)
}

// parentOf finds the section a page at content path k belongs to: the
// nearest folder above it that is a section, or home.
func (s *Site) parentOf(k string, isSection bool) *Page {
	dir := k
	if isSection {
		dir = strings.TrimSuffix(k, "/")
	}
	for {
		i := strings.LastIndexByte(strings.TrimSuffix(dir, "/"), '/')
		if i < 0 {
			return s.Home
		}
		dir = dir[:i+1]
		if p := s.byPath[dir]; p != nil && p.Kind == content.Section {
			return p
		}
		dir = dir[:i]
	}
}

// setURL works out where a page is published from its content path k.
func (s *Site) setURL(p *Page, k string) {
	var rel string
	switch {
	case p.Kind == content.Home:
		rel = ""
	case p.Kind == content.Section:
		rel = Urlize(k)
	case p.Src.Meta.URL != "":
		rel = strings.TrimPrefix(p.Src.Meta.URL, "/")
		if path.Ext(rel) == "" && !strings.HasSuffix(rel, "/") {
			rel += "/"
		}
	default:
		dir, base := path.Split(p.Src.Logical)
		name := strings.TrimSuffix(base, path.Ext(base))
		if name == "index" && dir != "" {
			dir, name = path.Split(strings.TrimSuffix(dir, "/"))
		}
		if p.Src.Meta.Slug != "" {
			// A slug names the page, not a folder.
			name = strings.ReplaceAll(p.Src.Meta.Slug, "/", "-")
		}
		rel = Urlize(dir) + Urlize(name) + "/"
	}
	p.Path = s.InLanguage(cleanRel(rel))
	p.URL = s.BasePath + p.Path
	p.Out = outFile(p.Path)
}

// outFile is the file written for a path: a folder's index.html, or the
// path itself when it names a file ("old.html").
func outFile(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// cleanRel resolves "." and ".." in a site-relative path so that nothing a
// page says can put it outside the site.
func cleanRel(rel string) string {
	trailing := strings.HasSuffix(rel, "/")
	c := strings.TrimPrefix(path.Clean("/"+rel), "/")
	if c != "" && trailing {
		c += "/"
	}
	return c
}

// Urlize makes a path fit for a URL as Hugo does, for pages' addresses and
// its urlize function: lower case, spaces as hyphens, and only letters,
// digits and a few punctuation marks kept.
func Urlize(p string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(p) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("/._-~+", r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fileURLPath is where a file of content/ is published: its folders made
// fit for a URL as pages' are, its own name kept.
func fileURLPath(f string) string {
	dir, base := path.Split(f)
	return cleanRel(Urlize(dir) + base)
}

// checkURLs reports pages that would be written to the same file, at the
// url or slug that put a page there when one did.
func (s *Site) checkURLs() []diag.Diagnostic {
	var diags []diag.Diagnostic
	for _, p := range s.All {
		prev, ok := s.byURLPath[p.Out]
		if !ok {
			s.byURLPath[p.Out] = p
			continue
		}
		a, b := prev, p
		if chose(a) > chose(b) {
			a, b = b, a
		}
		if b.Src == nil {
			continue
		}
		at := b.AddressPos()
		var msg string
		if a.Src == nil {
			msg = fmt.Sprintf("%s would be published at %s, where %s is: give it another slug or url", b.Src.File, p.URL, describe(a))
		} else {
			msg = fmt.Sprintf("%s and %s would both be published at %s: give one of them another slug or url", a.Src.File, b.Src.File, p.URL)
		}
		diags = append(diags, diag.Errorf(b.Src.File, at.Line, at.Col, "%s", msg))
	}
	return diags
}

// AddressPos is where a page's source gives it its address: its url, its
// slug, or else the start of the file, whose name does.
func (p *Page) AddressPos() diag.Pos {
	m := p.Src.Meta
	switch {
	case m.URL != "" && m.URLPos.Line > 0:
		return m.URLPos
	case m.Slug != "" && m.SlugPos.Line > 0:
		return m.SlugPos
	}
	return diag.Pos{Line: 1, Col: 1}
}

// chose ranks how much a page chose its own address: a url or slug in its
// front matter most, a file's name less, a page without a file not at all.
func chose(p *Page) int {
	switch {
	case p.Src == nil:
		return 0
	case p.Src.Meta.URL != "" || p.Src.Meta.Slug != "":
		return 2
	}
	return 1
}

// describe names a page for messages.
func describe(p *Page) string {
	switch {
	case p.Src != nil:
		return p.Src.File
	case p.Kind == content.Home:
		return "the home page"
	}
	return "the section " + folders.Content + "/" + p.Key
}

// setSectionDates gives a section (or home) that has no dates of its own
// the newest date and the newest lastmod found anywhere below it, nested
// sections included, as Hugo does; one whose _index.md has any date keeps
// its own. It returns the newest date and lastmod of p and all below it.
func (s *Site) setSectionDates(p *Page) (date, lastmod time.Time) {
	if !p.IsSection() {
		return p.Date, p.Lastmod
	}
	var newest, newestMod time.Time
	for _, c := range p.Regular {
		newest, newestMod = later(newest, c.Date), later(newestMod, c.Lastmod)
	}
	for _, c := range p.Sections {
		d, m := s.setSectionDates(c)
		newest, newestMod = later(newest, d), later(newestMod, m)
	}
	if p.Src == nil || noDates(p.Src.Meta) {
		p.Date, p.Lastmod = newest, newestMod
	}
	return later(p.Date, newest), later(p.Lastmod, newestMod)
}

func noDates(m content.Meta) bool {
	return m.Date.IsZero() && m.Lastmod.IsZero() && m.PublishDate.IsZero() && m.ExpiryDate.IsZero()
}

// firstDate is the first of dates that is set.
func firstDate(dates ...time.Time) time.Time {
	for _, d := range dates {
		if !d.IsZero() {
			return d
		}
	}
	return time.Time{}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// resolveRefs turns the references in front matter into links between
// pages, both ways, reporting any that name no page. A reference names a
// page of the same language; one that has no translation in it leads to
// the default language's page, which does not list the reference back:
// its readers do not read the language the reference is in.
func (s *Site) resolveRefs() []diag.Diagnostic {
	var diags []diag.Diagnostic
	for _, p := range s.Regular {
		for _, r := range p.Src.Refs {
			target, problem := s.ResolveRef(r)
			if target == nil {
				diags = append(diags, diag.Errorf(p.Src.File, r.Pos.Line, r.Pos.Col, "%s", problem))
				continue
			}
			if p.Refs == nil {
				p.Refs = map[string][]*Page{}
			}
			field := strings.ToLower(r.Field)
			p.Refs[field] = append(p.Refs[field], target)
			if n := len(target.Backrefs); target.site == s && (n == 0 || target.Backrefs[n-1] != p) {
				target.Backrefs = append(target.Backrefs, p)
			}
		}
	}
	for _, p := range s.pages {
		SortDefault(p.Backrefs)
	}
	return diags
}

// ResolveRef finds the page a reference of a page of s's language names:
// the language's own page or, when it has no translation, the default
// language's. The problem, when there is neither, is s's.
func (s *Site) ResolveRef(r content.Ref) (*Page, string) {
	if target := s.pageInOrDefault(func(ls *Site) *Page { t, _ := ls.Resolve(r); return t }); target != nil {
		return target, ""
	}
	_, problem := s.Resolve(r)
	return nil, problem
}

// Resolve finds the page a reference names or, when there is none, says
// why, with the page meant if the name is a slip: for front matter and
// data files alike.
func (s *Site) Resolve(r content.Ref) (*Page, string) {
	if target := s.byName[r.Section][r.Name]; target != nil {
		return target, ""
	}
	field := r.Field
	if i := strings.IndexByte(field, '['); i >= 0 && !strings.Contains(field, ".") {
		field = field[:i]
	}
	switch {
	case s.drafts[r.Section][r.Name]:
		return nil, fmt.Sprintf("%s %q is a draft, which is not published: publish it, or build with --drafts", field, r.Name)
	case len(s.byName[r.Section]) == 0:
		return nil, fmt.Sprintf("%s %q does not exist: there are no pages in %s/%s/", field, r.Name, folders.Content, r.Section)
	}
	names := s.names(r.Section)
	hint := diag.Hint(r.Name, names)
	if hint == "" {
		hint = fmt.Sprintf(": name a page of %s/%s/ by its file's name without .md, such as %q", folders.Content, r.Section, names[0])
	}
	return nil, fmt.Sprintf("%s %q does not exist%s", field, r.Name, hint)
}

func (s *Site) names(section string) []string {
	var out []string
	for n := range s.byName[section] {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// buildMenus resolves site.toml's menus, reporting entries that name pages
// that do not exist. An entry naming a page without a translation in the
// site's language leads to the default language's.
func (s *Site) buildMenus() []diag.Diagnostic {
	var diags []diag.Diagnostic
	s.Menus = map[string][]*MenuEntry{}
	for name, entries := range s.Config.Menus {
		for _, e := range entries {
			m := &MenuEntry{Name: e.Name, URL: e.URL, Identifier: e.Identifier, Weight: e.Weight}
			if e.Page != "" || e.URL == "" {
				p := s.pageInOrDefault(func(ls *Site) *Page { return ls.PageByRef(e.Page) })
				if p == nil {
					hint := diag.Hint(e.Page, s.refNames())
					if hint == "" {
						hint = `: page names a file of content/ without .md, such as "about" or "objectives/skills", or a section, such as "objectives"`
					}
					at := e.Pos
					if e.PagePos.Line > 0 {
						at = e.PagePos
					}
					diags = append(diags, diag.Errorf(folders.Config, at.Line, at.Col, "menu entry %q: page %q does not exist%s", e.Name, e.Page, hint))
					continue
				}
				m.Page, m.URL = p, p.URL
			} else if strings.HasPrefix(e.URL, "/") && !strings.HasPrefix(e.URL, "//") {
				m.URL = s.BasePath + strings.TrimPrefix(e.URL, "/")
			}
			s.Menus[name] = append(s.Menus[name], m)
		}
	}
	return diags
}

// PageByRef finds a page by the way a writer names it: "" or "/" for home,
// "objectives" for a section, "about" or "objectives/skills" for a page,
// with or without ".md".
func (s *Site) PageByRef(ref string) *Page {
	ref = strings.Trim(strings.TrimSpace(ref), "/")
	if ref == "" {
		return s.Home
	}
	if p := s.byPath[ref+"/"]; p != nil {
		return p
	}
	for _, cand := range []string{ref, ref + ".md", ref + ".markdown", ref + "/index.md", ref + "/_index.md"} {
		if p := s.byPath[cand]; p != nil {
			return p
		}
	}
	return nil
}

func (s *Site) refNames() []string {
	var out []string
	for k := range s.byPath {
		out = append(out, strings.TrimSuffix(strings.TrimSuffix(k, ".md"), "/"))
	}
	sort.Strings(out)
	return out
}

// PageOf finds the page made from a source file, in any language, nil for
// a draft left out.
func (s *Site) PageOf(src *content.Page) *Page {
	if s = s.root.Lang(src.Lang); s == nil {
		return nil
	}
	switch src.Kind {
	case content.Home:
		if s.Home.Src != nil && s.Home.Src.Path == src.Path {
			return s.Home
		}
		return nil
	case content.Section:
		if p := s.byPath[src.Dir]; p != nil && p.Src != nil && p.Src.Path == src.Path {
			return p
		}
		return nil
	}
	if p := s.byPath[src.Logical]; p != nil && p.Src != nil && p.Src.Path == src.Path {
		return p
	}
	return nil
}

// ByContentPath finds a page by its key: its content path
// ("objectives/skills.md", or "objectives/" for a section), after its
// language's key and a colon in a language other than the default
// ("cy:objectives/skills.md").
func (s *Site) ByContentPath(key string) *Page {
	if lang, rest, ok := strings.Cut(key, ":"); ok && s.root == s {
		if ls := s.Lang(lang); ls != nil && ls != s {
			return ls.byPath[rest]
		}
	}
	return s.byPath[key]
}

// ByURLPath finds the page published at a site-relative path
// ("objectives/skills/", or "" for home), with or without index.html.
func (s *Site) ByURLPath(p string) *Page { return byOut(s.byURLPath, p) }

// ByAlias finds the page an alias at a site-relative path sends readers to
// ("old-name/"), as ByURLPath finds a page.
func (s *Site) ByAlias(p string) *Page { return byOut(s.byAlias, p) }

func byOut(m map[string]*Page, p string) *Page {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if pg := m[p]; pg != nil {
		return pg
	}
	return m[p+"/index.html"]
}

// AbsURL joins a site-relative path ("objectives/") to the base URL.
func (s *Site) AbsURL(rel string) string {
	p := s.BasePath + strings.TrimPrefix(rel, "/")
	if needsEscape(p) {
		p = (&url.URL{Path: p}).EscapedPath()
	}
	return s.origin + p
}

// OwnPath is the path, from the site's root ("/objectives/"), of a full
// address that points into the site itself, under its base URL.
func (s *Site) OwnPath(u *url.URL) (string, bool) {
	base := s.base
	if u.Host == "" || base == nil || u.Scheme != base.Scheme || !strings.EqualFold(u.Host, base.Host) {
		return "", false
	}
	switch {
	case u.Path+"/" == base.Path || u.Path == "" && base.Path == "/":
		return "/", true
	case strings.HasPrefix(u.Path, base.Path):
		return "/" + strings.TrimPrefix(u.Path, base.Path), true
	}
	return "", false
}

// needsEscape reports whether a path has characters that a URL must
// percent-encode.
func needsEscape(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 0x80 || c <= ' ' || strings.IndexByte(`"#%<>?[\]^`+"`"+`{|}`, c) >= 0 {
			return true
		}
	}
	return false
}
