package render

import (
	"strings"

	"plansite/internal/config"
	"plansite/internal/site"
	"plansite/internal/tplfuncs"
)

// Languages, with Hugo's names: a page's language and translations, each
// language's site, links in the page's language, and the functions that
// speak it (i18n, T and dateFormat, from i18n).

// Language is the page's language (.Language.Lang, .LanguageName…).
func (v Page) Language() *config.Language { return v.site().Language }

// Lang is the key of the page's language ("cy").
func (v Page) Lang() string { return v.site().Language.Lang }

// IsTranslated reports whether the page is in another language too.
func (v Page) IsTranslated() bool { return len(v.p.AllTranslations()) > 1 }

// Translations lists the page in the other languages it is in, in the
// languages' order; AllTranslations the same with the page itself.
func (v Page) Translations() []Page    { return v.x.views(v.p.Translations()) }
func (v Page) AllTranslations() []Page { return v.x.views(v.p.AllTranslations()) }

// Sites are every language's site, as Hugo's .Sites.
func (v Page) Sites() Sites { return v.Site().Sites() }

// Language is the site's language; Languages every language of the site,
// by weight.
func (s Site) Language() *config.Language    { return s.s.Language }
func (s Site) Languages() []*config.Language { return s.s.Config.Languages }

// LanguagePrefix is what the language's addresses start with after the
// base path, as Hugo's: "/cy", or "" for the default language.
func (s Site) LanguagePrefix() string {
	return strings.TrimSuffix("/"+s.s.LangPrefix, "/")
}

// IsDefault reports whether the site is the default language's.
func (s Site) IsDefault() bool { return s.s.Language.IsDefault() }

// Sites are every language's site, in the languages' order.
func (s Site) Sites() Sites {
	root := s.x.r.site
	out := make(Sites, len(root.Languages))
	for i, ls := range root.Languages {
		out[i] = Site{x: s.x, s: ls}
	}
	return out
}

// Sites are the sites of a site's languages.
type Sites []Site

// Default is the default language's site, as Hugo's .Sites.Default.
func (ss Sites) Default() Site {
	for _, s := range ss {
		if s.IsDefault() {
			return s
		}
	}
	return ss[0]
}

// lang is the language of the page being rendered, for the functions that
// speak it; the default language's outside a render.
func (s *set) lang() string {
	if x := s.x; x != nil && x.site != nil {
		return x.site.Language.Lang
	}
	return s.t.cfg.DefaultLanguage().Lang
}

// relLangURL is relURL in the page's language: "about/" is "/plan/cy/about/"
// on a Welsh page. A link that already has the language's path is left
// as it is.
func (s *set) relLangURL(a any) string {
	u := tplfuncs.ToString(a)
	if isAbsoluteURL(u) {
		return u
	}
	base := s.t.basePath()
	rel := strings.TrimPrefix(u, "/")
	if base != "/" {
		rel = strings.TrimPrefix(strings.TrimPrefix(u, base), "/")
	}
	if x := s.x; x != nil && x.site != nil {
		rel = x.site.InLanguage(rel)
	}
	return s.t.relURL(rel)
}

// absLangURL is absURL in the page's language.
func (s *set) absLangURL(a any) string {
	u := tplfuncs.ToString(a)
	if isAbsoluteURL(u) {
		return u
	}
	return s.t.absURL(s.relLangURL(u))
}

// siteOf is the site of a page's language, or s when it has none.
func siteOf(p *site.Page, s *site.Site) *site.Site {
	if ps := p.Site(); ps != nil {
		return ps
	}
	return s
}
