package cms

import (
	"gopkg.in/yaml.v3"

	"plansite/internal/config"
	"plansite/internal/content"
)

// A site in more than one language keeps each translation beside its
// original, named by the language: skills.md in the default language and
// skills.cy.md in Welsh. That is Decap's multiple_files structure, with
// the default language's file named without it: Sveltia CMS does so with
// omit_default_locale_from_filename; Decap 3 names it skills.en.md, which
// plansite reads as the same page.

// i18n is the configuration's top-level i18n, or nil for a site in one
// language.
func (g *generator) i18n() any {
	langs := g.langs
	if !g.multilingual() {
		return nil
	}
	return mapping(
		"structure", "multiple_files",
		"locales", langs,
		"default_locale", langs[0],
		"omit_default_locale_from_filename", true,
	)
}

// multilingual says whether the configuration is for a site in more than
// one language.
func (g *generator) multilingual() bool { return len(g.langs) > 1 }

// languages are the keys of a multilingual site's languages, the default
// language's first and the others by weight; none for a site in one
// language.
func languages(cfg *config.Config) []string {
	if !cfg.DeclaresLanguages || len(cfg.Languages) < 2 {
		return nil
	}
	out := []string{cfg.DefaultLanguage().Lang}
	for _, l := range cfg.Languages {
		if !l.IsDefault() {
			out = append(out, l.Lang)
		}
	}
	return out
}

// translation says whether a page's file is a translation (about.cy.md),
// which the CMS edits beside its original rather than as a page of its own.
func (g *generator) translation(rel string) bool {
	if !g.multilingual() {
		return false
	}
	_, lang := content.SplitLang(rel, g.site.Config)
	return lang != g.langs[0]
}

// translatable marks a field for the CMS's languages: words are written
// in each language; numbers, dates, choices from a list of values and
// references to pages are the same in every translation, which the CMS
// copies from the default language.
func (g *generator) translatable(f *yaml.Node, kind config.Kind, values bool) {
	if !g.multilingual() {
		return
	}
	if config.InWords(kind, values) {
		add(f, "i18n", true)
		return
	}
	add(f, "i18n", "duplicate")
}

// inEachLanguage is a collection's or file's i18n setting: on, for a
// multilingual site; left out (nil) otherwise.
func (g *generator) inEachLanguage() any {
	if !g.multilingual() {
		return nil
	}
	return true
}
