package site

import (
	"fmt"
	"strings"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
)

// byLanguage sorts the sources by the site of their language. A source in
// a language the site does not declare is in none: it was warned of, and
// is not published.
func (s *Site) byLanguage(srcs []*content.Page) map[*Site][]*content.Page {
	out := make(map[*Site][]*content.Page, len(s.Languages))
	for _, src := range srcs {
		if ls := s.Lang(src.Lang); ls != nil {
			out[ls] = append(out[ls], src)
		}
	}
	return out
}

// Lang finds the site of a language, nil when the site does not declare
// it.
func (s *Site) Lang(lang string) *Site {
	for _, ls := range s.root.Languages {
		if ls.Language.Lang == lang {
			return ls
		}
	}
	return nil
}

// pageInOrDefault is the page find finds in the site's language or, when
// it finds none there, in the default language's: a page without a
// translation is read in the default language, so the menus, references
// and links of another language that name it lead there.
func (s *Site) pageInOrDefault(find func(*Site) *Page) *Page {
	if p := find(s); p != nil || s == s.root {
		return p
	}
	return find(s.root)
}

// gather makes the default language's All every page of every language,
// its own first, each language's in content path order, and gives each
// language its 404 page.
func (s *Site) gather() {
	var all []*Page
	for _, ls := range s.Languages {
		ls.All = ls.pages
		all = append(all, ls.pages...)
	}
	s.All = all
	for _, ls := range s.Languages {
		path := ls.LangPrefix + "404.html"
		ls.NotFound = &Page{Kind: content.NotFound, Title: "Page not found", LinkTitle: "Page not found",
			Path: path, Out: path, URL: s.BasePath + path, Parent: ls.Home, Key: ls.keyPrefix + "404.html", site: ls}
	}
}

// InLanguage puts a site-relative path under the language's prefix, unless
// it is there already: a translation's url may be written with its
// language (url: /cy/amdanom/) or without (url: /amdanom/).
func (s *Site) InLanguage(rel string) string {
	if s.LangPrefix == "" || strings.HasPrefix(rel, s.LangPrefix) || rel+"/" == s.LangPrefix {
		return rel
	}
	return s.LangPrefix + rel
}

// sameTwice is the error for two files that are one page in one language:
// skills.md and skills.en.md when English is the default.
func sameTwice(a, b *content.Page, l *config.Language) diag.Diagnostic {
	if b.Path < a.Path {
		a, b = b, a
	}
	return diag.Errorf(b.File, 1, 1, "%s and %s are the same page in %s (%s): keep one of them", a.File, b.File, l.EnglishName(), l.Lang)
}

// linkTranslations gives each page its translations: the pages of the
// other languages made from the same path without its language
// (skills.md, skills.cy.md), sections and home pages included, and the
// 404 pages.
func (s *Site) linkTranslations() {
	if !s.Config.Multilingual() {
		return
	}
	groups := map[string][]*Page{}
	for _, ls := range s.Languages {
		for k, p := range ls.byPath {
			groups[k] = append(groups[k], p)
		}
	}
	for _, g := range groups {
		if len(g) > 1 {
			for _, p := range g {
				p.translations = g
			}
		}
	}
	notFound := s.NotFoundPages()
	for _, p := range notFound {
		p.translations = notFound
	}
}

// NotFoundPages are the site's 404 pages, one in each language.
func (s *Site) NotFoundPages() []*Page {
	out := make([]*Page, len(s.root.Languages))
	for i, ls := range s.root.Languages {
		out[i] = ls.NotFound
	}
	return out
}

// Lang is the key of the page's language ("cy").
func (p *Page) Lang() string {
	if p.site == nil {
		return ""
	}
	return p.site.Language.Lang
}

// Language is the page's language.
func (p *Page) Language() *config.Language {
	if p.site == nil {
		return nil
	}
	return p.site.Language
}

// Site is the site of the page's language.
func (p *Page) Site() *Site { return p.site }

// AllTranslations lists the page in every language it is in, itself
// included, in the languages' order; nil for a page in one language.
func (p *Page) AllTranslations() []*Page { return p.translations }

// Translations lists the page in the other languages it is in.
func (p *Page) Translations() []*Page {
	out := make([]*Page, 0, len(p.translations))
	for _, t := range p.translations {
		if t != p {
			out = append(out, t)
		}
	}
	return out
}

// TranslationIn is the page in the language lang, or nil.
func (p *Page) TranslationIn(lang string) *Page {
	for _, t := range p.translations {
		if t.Lang() == lang {
			return t
		}
	}
	return nil
}

// translationKeys sums up a page's translations for its signature: a page
// shows links to them, so one appearing or going renders it again.
func translationKeys(p *Page) string {
	if len(p.translations) == 0 {
		return ""
	}
	return fmt.Sprint(len(p.translations)) + keysOf(p.translations)
}
