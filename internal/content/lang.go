package content

import (
	"path"
	"strings"

	"golang.org/x/text/language"

	"plansite/internal/config"
)

// SplitLang reads a content file's language from its name, as Hugo does:
// objectives/skills.cy.md is the page objectives/skills.md in language
// "cy". It returns the path without the language (what the page's
// translations share) and the language's key: the default language's for
// a file without one. A site without [languages] keeps every name as it
// is. A language the site does not declare is returned too, when the
// suffix is a language code (skills.fr.md), so that the page can be left
// out with a warning rather than published at /skills.fr/.
func SplitLang(rel string, cfg *config.Config) (logical, lang string) {
	def := cfg.DefaultLanguage().Lang
	if !cfg.DeclaresLanguages {
		return rel, def
	}
	dir, base := path.Split(rel)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return rel, def
	}
	suffix := strings.ToLower(name[i+1:])
	if cfg.LanguageOf(suffix) == nil && !looksLikeLanguage(suffix) {
		return rel, def
	}
	return dir + name[:i] + ext, suffix
}

// looksLikeLanguage reports whether the suffix of a file name is an ISO
// 639-1 language code (two letters, with a region or not: "fr", "pt-br"),
// such as a translation's file name has. Three-letter codes are left
// out: too many words are one ("old", "doc").
func looksLikeLanguage(s string) bool {
	base, _, _ := strings.Cut(s, "-")
	if len(base) != 2 {
		return false
	}
	_, err := language.ParseBase(base)
	return err == nil
}
