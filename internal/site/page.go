package site

import (
	"html/template"
	"strings"
	"sync"
	"time"

	"plansite/internal/content"
	"plansite/internal/htmltext"
	"plansite/internal/markdown"
)

// Page is a page of the site: its source, where it is published, and its
// place among the other pages.
type Page struct {
	Src  *content.Page
	Kind content.Kind
	// URL is the page's link relative to the host, base path included
	// ("/plan/objectives/skills/"); Path is the same without the base path
	// ("objectives/skills/"), and Out the file it is written to.
	URL, Path, Out   string
	Title, LinkTitle string
	Date, Lastmod    time.Time

	Parent   *Page
	Sections []*Page // child sections, sorted
	Regular  []*Page // regular pages directly inside, sorted
	Pages    []*Page // Sections and Regular together, sorted, as Hugo's .Pages
	// RegularRecursive is every regular page below a section, sorted.
	RegularRecursive []*Page

	// Refs maps a field of the page to the pages it names; Backrefs lists
	// the pages whose fields name this page, sorted.
	Refs     map[string][]*Page
	Backrefs []*Page

	// Set once the Markdown is converted (Content, Summary and Truncated
	// with SetContent).
	Content  template.HTML
	Summary  template.HTML
	Headings []markdown.Heading
	Links    []markdown.Link
	// Truncated reports whether Summary is shorter than Content.
	Truncated bool

	// Key identifies the page across rebuilds: its content path
	// ("objectives/skills.md"), its folder for a section ("objectives/"),
	// "" for home.
	Key string

	// text is what is worked out from Content on first use; SetContent
	// starts it afresh, so that a page whose text was edited does not keep
	// the old text's.
	text *derivedText
	// params, when set, are what templates see instead of the front
	// matter's: the front matter's with what a data file reports (the
	// progress tracker); paramsSig sums up the difference, for rebuilds.
	params    map[string]any
	paramsSig string

	// site is the site of the page's language, and translations the page
	// in every language it is in, itself included (nil in one language).
	site         *Site
	translations []*Page
}

type derivedText struct {
	plainOnce, wordsOnce sync.Once
	plain                string
	words                int
}

// SetContent gives the page its converted content and summary.
func (p *Page) SetContent(content, summary template.HTML, truncated bool) {
	p.Content, p.Summary, p.Truncated = content, summary, truncated
	p.text = &derivedText{}
}

// IsSection reports whether the page lists other pages.
func (p *Page) IsSection() bool { return p.Kind == content.Section || p.Kind == content.Home }

// Section is the top-level section the page belongs to ("" for the home
// page and pages at the root), as Hugo's .Section.
func (p *Page) Section() string {
	if p.Src == nil {
		if p.Kind == content.Section {
			// A section without _index.md: its folder's top level.
			top, _, _ := strings.Cut(p.Key, "/")
			return top
		}
		return ""
	}
	return p.Src.Section
}

// Type is the page's content type: its front matter's type, or its section.
func (p *Page) Type() string {
	if p.Src != nil && p.Src.Meta.Type != "" {
		return p.Src.Meta.Type
	}
	if p.Kind == content.Section {
		return p.Section()
	}
	return ""
}

// Name is the page's name for references ("skills").
func (p *Page) Name() string {
	if p.Src == nil {
		return strings.Trim(p.Path, "/")
	}
	return p.Src.Name()
}

// Where names the page for messages: its file, or its address when it has
// none (a section without _index.md, the 404 page).
func (p *Page) Where() string {
	if p.Src != nil {
		return p.Src.File
	}
	return p.URL
}

// Params is the page's front matter, keys in lower case, with what a data
// file reports on it.
func (p *Page) Params() map[string]any {
	if p.params != nil {
		return p.params
	}
	if p.Src == nil || p.Src.Params == nil {
		return map[string]any{}
	}
	return p.Src.Params
}

// SetParams gives the page the params templates see, in place of its
// front matter's, when a data file reports on it. sig sums up what the
// data file changed, so that a rebuild renders again the pages that show
// the page when that changes, as when its front matter does. They hold
// while the page's front matter does: a page whose front matter changes
// is linked anew, and they are set again.
func (p *Page) SetParams(params map[string]any, sig string) {
	p.params, p.paramsSig = params, sig
}

// Weight is the page's front matter weight.
func (p *Page) Weight() int {
	if p.Src == nil {
		return 0
	}
	return p.Src.Meta.Weight
}

// Plain is the page's content as plain text: tags removed, entities decoded,
// as Hugo's .Plain (which leaves entities as they are). It is worked out
// once, on first use.
func (p *Page) Plain() string {
	t := p.text
	if t == nil {
		return htmltext.Plain(string(p.Content))
	}
	t.plainOnce.Do(func() { t.plain = htmltext.Plain(string(p.Content)) })
	return t.plain
}

// WordCount is the number of words of the page's content, as Hugo counts
// them. It is worked out once, on first use.
func (p *Page) WordCount() int {
	t := p.text
	if t == nil {
		return htmltext.Words(string(p.Content))
	}
	t.wordsOnce.Do(func() { t.words = htmltext.Words(string(p.Content)) })
	return t.words
}
