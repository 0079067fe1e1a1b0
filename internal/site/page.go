package site

import (
	"unicode"
	"unicode/utf8"

	"html/template"
	"path"
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
	// Index is the page's position in Site.All.
	Index int

	// text is what is worked out from Content on first use; SetContent
	// starts it afresh, so that a page whose text was edited does not keep
	// the old text's.
	text *derivedText
	// params, when set, are what templates see instead of the front
	// matter's: the front matter's with what a data file reports (the
	// progress tracker); paramsSig sums up the difference, for rebuilds.
	params    map[string]any
	paramsSig string
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

// titleFromDir makes a title for a section that has no _index.md, as Hugo
// does by default (pluralizeListTitles, titleCaseStyle "ap"): the folder's
// name in the plural, by the same rules as Hugo's (gobuffalo/flect), in
// title case. "notes" stays "Notes"; "loose" becomes "Looses", as in Hugo.
func titleFromDir(dir string) string {
	return apTitle(pluralize(path.Base(strings.TrimSuffix(dir, "/"))))
}

// uncountable and irregular are the English nouns whose plural the rules
// below would get wrong, among those a folder of a site is likely to be
// called.
var (
	uncountable = map[string]bool{
		"news": true, "data": true, "information": true, "series": true, "species": true,
		"equipment": true, "feedback": true, "media": true, "research": true, "staff": true,
		"guidance": true, "evidence": true, "advice": true, "software": true, "people": true,
		"children": true, "men": true, "women": true,
	}
	irregular = map[string]string{
		"person": "people", "child": "children", "man": "men", "woman": "women",
		"datum": "data", "medium": "media", "analysis": "analyses", "index": "indices",
		"appendix": "appendices", "criterion": "criteria", "leaf": "leaves", "life": "lives",
		"half": "halves", "shelf": "shelves", "quiz": "quizzes", "thesis": "theses",
	}
)

// pluralize makes the plural of the last word of a folder's name, as Hugo's
// section titles have it ("notes" stays "Notes", "guide" becomes "Guides").
// Hugo uses a large inflection library for this; its tables cost every
// start of plansite twenty milliseconds, which a site of 30 pages notices,
// so these are the rules that matter for folder names.
func pluralize(name string) string {
	i := strings.LastIndexFunc(name, func(r rune) bool { return r == '-' || r == ' ' })
	head, word := name[:i+1], name[i+1:]
	lower := strings.ToLower(word)
	if lower == "" || uncountable[lower] {
		return name
	}
	if p, ok := irregular[lower]; ok {
		if word != lower {
			p = strings.ToUpper(p[:1]) + p[1:]
		}
		return head + p
	}
	ends := func(suffixes ...string) bool {
		for _, s := range suffixes {
			if strings.HasSuffix(lower, s) {
				return true
			}
		}
		return false
	}
	vowel := func(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }
	switch {
	case ends("ss", "x", "z", "ch", "sh"):
		return name + "es"
	case ends("s"):
		return name // already plural
	case ends("y") && len(lower) > 1 && !vowel(lower[len(lower)-2]):
		return name[:len(name)-1] + "ies"
	}
	return name + "s"
}

// apTitle puts s in title case in the Associated Press style Hugo uses by
// default: every word capitalized but the short ones (articles, short
// conjunctions and prepositions) that are neither first nor last. A word
// runs from a letter or digit to a space, hyphen or slash, so
// "terms-of-use" becomes "Terms-of-Use".
func apTitle(s string) string {
	type word struct{ start, end int }
	var words []word
	start := -1
	for i, r := range s {
		switch {
		case start < 0 && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			start = i
		case start >= 0 && (unicode.IsSpace(r) || r == '-' || r == '/'):
			words = append(words, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, word{start, len(s)})
	}
	var b strings.Builder
	last := 0
	for i, w := range words {
		b.WriteString(s[last:w.start])
		text := s[w.start:w.end]
		lower := strings.ToLower(text)
		if i > 0 && i < len(words)-1 && apSmallWord(lower) {
			b.WriteString(lower)
		} else {
			r, size := utf8.DecodeRuneInString(text)
			b.WriteRune(unicode.ToTitle(r))
			b.WriteString(text[size:])
		}
		last = w.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// apSmallWord reports whether a word stays in lower case inside a title.
func apSmallWord(w string) bool {
	switch w {
	case "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
		"per", "the", "to", "vs", "vs.", "via", "v", "v.":
		return true
	}
	return false
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
