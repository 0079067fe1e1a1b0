package render

import (
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/site"
)

// Page is a page as a template sees it: the fields and methods of Hugo's
// page, with the same names and meanings, and plansite's relations. It is a
// small value wrapping the page and the render it takes part in, so that
// every page a template reaches can be recorded as a dependency.
type Page struct {
	p *site.Page
	x *execution
}

// execution is one page's render: the renderer, the page and the site of
// its language, the record of what the render read, and the warnings its
// templates gave.
type execution struct {
	r    *Renderer
	deps *Deps
	page *site.Page
	site *site.Site
	// files are the layout file being executed and the partials it is
	// in, innermost last.
	files []string
	warns []diag.Diagnostic
	// stopped is set when the build is cancelled.
	stopped atomic.Bool
	// converting is true while a shortcode runs, as the page's Markdown
	// is converted: no page's content is ready to show then.
	converting bool
}

// noContent stops a shortcode that shows a page's content, which is being
// converted (its own) or may be (another's, on another goroutine).
func (x *execution) noContent(what string) {
	if x != nil && x.converting {
		panic(fmt.Errorf("a shortcode cannot show a page's .%s, which is made from the Markdown being converted: show its .Title, .Description or .Params", what))
	}
}

func (x *execution) view(p *site.Page) Page {
	if p == nil {
		return Page{}
	}
	x.deps.addPage(p)
	return Page{p: p, x: x}
}

func (x *execution) views(ps []*site.Page) []Page {
	if x.stopped.Load() {
		// A method returns no error; text/template turns the panic into
		// one, which ends the render.
		panic(errStopped)
	}
	out := make([]Page, len(ps))
	for i, p := range ps {
		out[i] = x.view(p)
	}
	return out
}

// Page data.

func (v Page) Title() string     { return v.p.Title }
func (v Page) LinkTitle() string { return v.p.LinkTitle }
func (v Page) Kind() string      { return string(v.p.Kind) }
func (v Page) Section() string   { return v.p.Section() }
func (v Page) Weight() int       { return v.p.Weight() }
func (v Page) Date() time.Time   { return v.p.Date }

// Type is Hugo's .Type: the front matter's type, else the section, else
// "page" (home and the pages at the root). Layouts are looked up without the
// "page", so that a root page needs no layouts/page/ folder.
func (v Page) Type() string {
	if t := v.p.Type(); t != "" {
		return t
	}
	return "page"
}
func (v Page) Lastmod() time.Time {
	return v.p.Lastmod
}
func (v Page) PublishDate() time.Time {
	if v.p.Src != nil && !v.p.Src.Meta.PublishDate.IsZero() {
		return v.p.Src.Meta.PublishDate
	}
	return v.p.Date
}
func (v Page) ExpiryDate() time.Time {
	if v.p.Src == nil {
		return time.Time{}
	}
	return v.p.Src.Meta.ExpiryDate
}
func (v Page) Draft() bool { return v.p.Src != nil && v.p.Src.Meta.Draft }
func (v Page) Description() string {
	if v.p.Src == nil {
		return ""
	}
	return v.p.Src.Meta.Description
}
func (v Page) Keywords() []string {
	if v.p.Src == nil {
		return nil
	}
	return v.p.Src.Meta.Keywords
}
func (v Page) Slug() string {
	if v.p.Src == nil {
		return ""
	}
	return v.p.Src.Meta.Slug
}
func (v Page) Layout() string {
	if v.p.Src == nil {
		return ""
	}
	return v.p.Src.Meta.Layout
}
func (v Page) Params() map[string]any { return v.p.Params() }

// Param is the page's param key, or the site's when the page has none.
func (v Page) Param(key string) any {
	k := strings.ToLower(key)
	if val, ok := v.p.Params()[k]; ok {
		return val
	}
	return v.site().Config.Params[k]
}

func (v Page) Content() template.HTML { v.x.noContent("Content"); return v.p.Content }
func (v Page) Summary() template.HTML { v.x.noContent("Summary"); return v.p.Summary }
func (v Page) Truncated() bool        { v.x.noContent("Truncated"); return v.p.Truncated }

// ContentWithoutSummary is Hugo's: the content that follows the summary,
// so that a layout can set the summary apart and then go on. A summary
// that is not the start of the content (the front matter's own) leaves
// the content whole.
func (v Page) ContentWithoutSummary() template.HTML {
	v.x.noContent("ContentWithoutSummary")
	sum := strings.TrimSpace(string(v.p.Summary))
	if sum == "" {
		return v.p.Content
	}
	rest, ok := strings.CutPrefix(strings.TrimSpace(string(v.p.Content)), sum)
	if !ok {
		return v.p.Content
	}
	return template.HTML(strings.TrimSpace(rest))
}

func (v Page) Plain() string  { v.x.noContent("Plain"); return plain(v.p) }
func (v Page) WordCount() int { v.x.noContent("WordCount"); return v.p.WordCount() }

// ReadingTime is the minutes it takes to read the page, as Hugo 0.166
// counts it (212 words a minute, rounded up).
func (v Page) ReadingTime() int { return (v.WordCount() + 211) / 212 }

// Len is the length of the page's HTML content.
func (v Page) Len() int { v.x.noContent("Len"); return len(v.p.Content) }

// TableOfContents lists the page's second and third level headings, as
// Hugo's does by default.
func (v Page) TableOfContents() template.HTML {
	v.x.noContent("TableOfContents")
	return toc(v.p.Headings, 2, 3)
}

// Headings are the page's headings (level, ID, text): plansite's own.
func (v Page) Headings() []Heading {
	v.x.noContent("Headings")
	out := make([]Heading, len(v.p.Headings))
	for i, h := range v.p.Headings {
		out[i] = Heading{Level: h.Level, ID: h.ID, Title: h.Text}
	}
	return out
}

// Heading is a heading of a page.
type Heading struct {
	Level int
	ID    string
	Title string
}

// URLs.

func (v Page) RelPermalink() string { return v.p.URL }
func (v Page) Permalink() string    { return v.x.site.AbsURL(v.p.Path) }

// EditURL links the page's Markdown source for editing, when site.toml
// sets editURL: plansite's own.
func (v Page) EditURL() string {
	base := v.site().Config.EditURL
	if base == "" || v.p.Src == nil {
		return ""
	}
	return strings.TrimSuffix(base, "/") + "/" + v.p.Src.File
}

// Kinds.

func (v Page) IsHome() bool    { return v.p.Kind == content.Home }
func (v Page) IsSection() bool { return v.p.Kind == content.Section }
func (v Page) IsPage() bool    { return v.p.Kind == content.Regular }
func (v Page) IsNode() bool    { return v.p.IsSection() }

// Eq reports whether two views are of the same page.
func (v Page) Eq(other any) bool {
	o, ok := other.(Page)
	return ok && o.p == v.p
}

// File describes the page's source file, or is nil for a page without one.
func (v Page) File() *File {
	if v.p.Src == nil {
		return nil
	}
	rel := v.p.Src.Path
	dir, base := path.Split(rel)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	// Without the language: skills.cy.md is "skills", as its original.
	tbn := strings.TrimSuffix(path.Base(v.p.Src.Logical), ext)
	cbn := tbn
	if tbn == "index" || tbn == "_index" {
		cbn = path.Base(strings.TrimSuffix(dir, "/"))
	}
	return &File{
		Path: rel, Dir: dir, LogicalName: base, BaseFileName: name,
		TranslationBaseName: tbn, ContentBaseName: cbn, Ext: strings.TrimPrefix(ext, "."),
		Filename: v.p.Src.File, Section: v.p.Src.Section,
	}
}

// File is Hugo's .File: the page's source file, relative to content/
// (Filename is relative to the site, never an absolute path of the machine
// that built it, so that output is the same everywhere).
type File struct {
	Path, Dir, LogicalName, BaseFileName, TranslationBaseName, ContentBaseName, Ext, Filename, Section string
}

// The page graph.

// Site is the site of the page's language, as Hugo's .Site.
func (v Page) Site() Site { return Site{x: v.x, s: v.site()} }

// site is the site of the page's language.
func (v Page) site() *site.Site { return siteOf(v.p, v.x.site) }

func (v Page) Parent() *Page {
	if v.p.Parent == nil {
		return nil
	}
	p := v.x.view(v.p.Parent)
	return &p
}

// CurrentSection is the page itself for a section or home, its parent otherwise.
func (v Page) CurrentSection() Page {
	if v.p.IsSection() {
		return v
	}
	return v.x.view(v.p.Parent)
}

// FirstSection is the top-level section above the page (home for home).
func (v Page) FirstSection() Page {
	p := v.p
	for p.Parent != nil && p.Parent.Kind != content.Home {
		p = p.Parent
	}
	return v.x.view(p)
}

// Ancestors lists the sections above the page, nearest first.
func (v Page) Ancestors() []Page {
	var out []*site.Page
	for p := v.p.Parent; p != nil; p = p.Parent {
		out = append(out, p)
	}
	return v.x.views(out)
}

// Pages lists what a home page or section holds, as Hugo's .Pages.
func (v Page) Pages() []Page {
	v.x.deps.addList(v.p)
	return v.x.views(v.p.Pages)
}

func (v Page) RegularPages() []Page {
	v.x.deps.addList(v.p)
	return v.x.views(v.p.Regular)
}

func (v Page) RegularPagesRecursive() []Page {
	v.x.deps.addList(v.p)
	for _, s := range v.p.Sections {
		v.x.deps.addList(s)
	}
	return v.x.views(v.p.RegularRecursive)
}

func (v Page) Sections() []Page {
	v.x.deps.addList(v.p)
	return v.x.views(v.p.Sections)
}

// InSection reports whether the page is in the same section as other.
func (v Page) InSection(other any) bool {
	o, ok := other.(Page)
	return ok && o.p != nil && v.CurrentSection().p == o.CurrentSection().p
}

// IsAncestor reports whether the page is above other.
func (v Page) IsAncestor(other any) bool {
	o, ok := other.(Page)
	if !ok || o.p == nil {
		return false
	}
	for p := o.p.Parent; p != nil; p = p.Parent {
		if p == v.p {
			return true
		}
	}
	return false
}

// IsDescendant reports whether the page is below other.
func (v Page) IsDescendant(other any) bool {
	o, ok := other.(Page)
	return ok && o.IsAncestor(v)
}

// Refs lists the pages a front matter field of this page names ("objective",
// "offers"): plansite's references, resolved and checked at build time.
func (v Page) Refs(field string) []Page {
	v.x.deps.addRefs(v.p)
	return v.x.views(v.p.Refs[strings.ToLower(field)])
}

// Backrefs lists the pages whose fields name this page, limited to the given
// sections when any are given: an objective's quotes are
// .Backrefs "quotes".
func (v Page) Backrefs(sections ...string) []Page {
	v.x.deps.addRefs(v.p)
	var out []*site.Page
	for _, b := range v.p.Backrefs {
		if len(sections) == 0 || slices.ContainsFunc(sections, func(s string) bool { return strings.EqualFold(s, b.Section()) }) {
			out = append(out, b)
		}
	}
	return v.x.views(out)
}

// GetPage finds a page by the way a writer names it ("objectives/skills").
func (v Page) GetPage(ref string) *Page { return v.Site().GetPage(ref) }

// IsMenuCurrent reports whether a menu entry links to this page.
func (v Page) IsMenuCurrent(menu string, entry MenuEntry) bool {
	return entry.e != nil && entry.e.Page == v.p
}

// HasMenuCurrent reports whether a menu entry links to a section this page
// is in.
func (v Page) HasMenuCurrent(menu string, entry MenuEntry) bool {
	if entry.e == nil || entry.e.Page == nil || entry.e.Page == v.p {
		return false
	}
	for p := v.p.Parent; p != nil; p = p.Parent {
		if p == entry.e.Page && p.Kind != content.Home {
			return true
		}
	}
	return false
}

// Site is the site of one language as a template sees it: the
// language's title, params, menus and pages.
type Site struct {
	x *execution
	s *site.Site
}

func (s Site) Title() string          { return s.s.Config.Title }
func (s Site) BaseURL() string        { return s.s.Config.BaseURL }
func (s Site) Params() map[string]any { return s.s.Config.Params }
func (s Site) LanguageCode() string   { return s.s.Config.LanguageCode }
func (s Site) Copyright() string      { return s.s.Config.Copyright }

func (s Site) Home() Page { return s.x.view(s.s.Home) }

// Pages is every page of the site, home and sections included.
func (s Site) Pages() []Page {
	s.x.deps.addAll()
	return s.x.views(s.s.Pages)
}

// RegularPages is every regular page of the site.
func (s Site) RegularPages() []Page {
	s.x.deps.addAll()
	return s.x.views(s.s.Regular)
}

// Sections is the top-level sections.
func (s Site) Sections() []Page { return s.Home().Sections() }

// Lastmod is the newest date of the site.
func (s Site) Lastmod() time.Time {
	s.x.deps.addAll()
	return s.s.Home.Lastmod
}

// GetPage finds a page by the way a writer names it: "/" for home,
// "objectives" for a section, "objectives/skills" or "about" for a page.
func (s Site) GetPage(ref string) *Page {
	s.x.deps.addAll() // a page that is not there yet may be created
	p := s.s.PageByRef(ref)
	if p == nil {
		return nil
	}
	v := s.x.view(p)
	return &v
}

// Data is the site's data files, as Hugo's .Site.Data: .Site.Data.progress
// for data/progress.csv, .Site.Data.team.people for data/team/people.yaml.
func (s Site) Data() map[string]any {
	s.x.deps.addData()
	if s.x.r.site.Data == nil {
		return map[string]any{}
	}
	return s.x.r.site.Data // every language's
}

// IsServer reports whether the site is being previewed by plansite serve.
func (s Site) IsServer() bool { return s.x.r.t.opts.Server }

// Menus is the site's menus by name.
func (s Site) Menus() map[string][]MenuEntry {
	// An entry that names a page is there only while the page is.
	s.x.deps.addAll()
	out := map[string][]MenuEntry{}
	for name, entries := range s.s.Menus {
		for _, e := range entries {
			if e.Page != nil {
				s.x.deps.addPage(e.Page)
			}
			out[name] = append(out[name], MenuEntry{e: e, x: s.x})
		}
	}
	return out
}

// MenuEntry is a menu link as a template sees it.
type MenuEntry struct {
	e *site.MenuEntry
	x *execution
}

func (m MenuEntry) Name() string       { return m.e.Name }
func (m MenuEntry) Title() string      { return m.e.Name }
func (m MenuEntry) URL() string        { return m.e.URL }
func (m MenuEntry) Weight() int        { return m.e.Weight }
func (m MenuEntry) Identifier() string { return m.e.Identifier }
func (m MenuEntry) Page() *Page {
	if m.e.Page == nil {
		return nil
	}
	p := m.x.view(m.e.Page)
	return &p
}
