package config

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"plansite/internal/diag"
	"plansite/internal/folders"
)

// Language is one language of a site, as Hugo's [languages.KEY] declares
// it. Templates see it as .Language and .Site.Language, with Hugo's names.
type Language struct {
	Lang              string // the key: "cy"; a page in it is page.cy.md, under /cy/
	LanguageCode      string // for lang and hreflang: "cy-GB"
	LanguageName      string // its own name, as a language switcher shows it: "Cymraeg"
	LanguageDirection string // "ltr" or "rtl"
	Weight            int
	// Config is the site's configuration as this language's pages see it:
	// site.toml's, with what the language's own table sets over it.
	Config *Config
	// OwnMenus says that the language's table has menus of its own,
	// rather than showing the site's, whose entries are named in the
	// default language.
	OwnMenus  bool
	Pos       diag.Pos // of its table, for messages
	isDefault bool
}

// IsDefault reports whether pages in the language are published at the
// root of the site (defaultContentLanguage), as Hugo's .Language.IsDefault.
func (l *Language) IsDefault() bool { return l.isDefault }

// Locale is the language's code for hreflang and og:locale: its
// languageCode, or its key without one, as Hugo's .Language.Locale.
func (l *Language) Locale() string {
	if l.LanguageCode != "" {
		return l.LanguageCode
	}
	return l.Lang
}

// EnglishName is the language's name in English ("Welsh"), from CLDR, for
// messages to a site's writers.
func (l *Language) EnglishName() string {
	if t, err := language.Parse(l.Lang); err == nil {
		if n := display.English.Languages().Name(t); n != "" {
			return n
		}
	}
	return l.Lang
}

// Multilingual reports whether the site publishes more than one language.
func (c *Config) Multilingual() bool { return len(c.Languages) > 1 }

// DefaultLanguage is the language of the pages at the root of the site.
func (c *Config) DefaultLanguage() *Language {
	for _, l := range c.Languages {
		if l.isDefault {
			return l
		}
	}
	return c.Language
}

// LanguageOf finds a language by its key, or nil when the site does not
// declare it.
func (c *Config) LanguageOf(lang string) *Language {
	for _, l := range c.Languages {
		if l.Lang == lang {
			return l
		}
	}
	return nil
}

// languageFile mirrors a [languages.KEY] table: the language's own
// settings, and the site-level keys it sets for its pages (pointers, so
// that a key left out keeps site.toml's).
type languageFile struct {
	LanguageCode      *string               `toml:"languageCode"`
	LanguageName      *string               `toml:"languageName"`
	LanguageDirection string                `toml:"languageDirection"`
	Weight            int                   `toml:"weight"`
	Title             *string               `toml:"title"`
	Copyright         *string               `toml:"copyright"`
	EditURL           *string               `toml:"editURL"`
	SummaryLength     *int                  `toml:"summaryLength"`
	FeedLimit         *int                  `toml:"feedLimit"`
	Params            map[string]any        `toml:"params"`
	Menus             map[string][]menuFile `toml:"menus"`
}

// languageSettings is the shape of a [languages.KEY] table: the keys a
// language may set, those of site.toml that differ from one language to
// another. Content types, data files and the base URL are the site's, in
// every language.
func languageSettings(site *setting) *setting {
	keys := map[string]*setting{
		"languageCode":      {kind: "text", example: `"cy-GB"`},
		"languageName":      {kind: "text", example: `"Cymraeg"`},
		"languageDirection": {kind: "text", example: `"ltr"`},
		"weight":            {kind: "int", example: "2"},
	}
	for _, k := range []string{"title", "copyright", "editURL", "summaryLength", "feedLimit", "params", "menus"} {
		keys[k] = site.keys[k]
	}
	return &setting{kind: "table", about: "a language", keys: keys}
}

// languages reads [languages] and defaultContentLanguage into c. A site
// without [languages] has one language, the default, made of its
// top-level settings, so that templates and links treat every site alike.
func (p *parser) languages(f *file, c *Config) {
	def := strings.ToLower(f.DefaultContentLanguage)
	if def == "" {
		def = "en"
	}
	c.RequireTranslations = f.RequireTranslations
	if len(f.Languages) == 0 {
		if f.DefaultContentLanguage != "" {
			p.checkLangKey("defaultContentLanguage", def, true)
		}
		if c.LanguageCode == "" {
			c.LanguageCode = defaultCode(def)
		}
		if c.LanguageName == "" {
			c.LanguageName = ownName(def)
		}
		l := &Language{Lang: def, LanguageCode: c.LanguageCode, LanguageName: c.LanguageName, LanguageDirection: "ltr", isDefault: true, Config: c}
		c.Language, c.Languages = l, []*Language{l}
		return
	}
	c.DeclaresLanguages = true
	for _, key := range sortedKeys(f.Languages) {
		lang := strings.ToLower(key)
		at := "languages." + key
		if !p.checkLangKey(at, key, false) {
			continue
		}
		if c.LanguageOf(lang) != nil {
			p.fail(at, 0, "language %q is declared twice: keep one table", lang)
			continue
		}
		c.Languages = append(c.Languages, p.language(f, f.Languages[key], lang, lang == def, c))
	}
	sort.SliceStable(c.Languages, func(i, j int) bool { return c.Languages[i].Weight < c.Languages[j].Weight })
	if c.DefaultLanguage() == nil && len(c.Languages) > 0 {
		names := make([]string, len(c.Languages))
		for i, l := range c.Languages {
			names[i] = l.Lang
		}
		if f.DefaultContentLanguage != "" {
			p.failValue("defaultContentLanguage", "defaultContentLanguage %q is not one of the languages of [languages]%s; they are: %s", def, diag.Hint(def, names), strings.Join(names, ", "))
		} else {
			at := c.Languages[0].Pos
			for _, l := range c.Languages {
				if l.Pos.Line < at.Line {
					at = l.Pos
				}
			}
			p.errs = append(p.errs, diag.Errorf(folders.Config, at.Line, at.Col, "[languages] has no table for %q, the default language: add [languages.%s], or set defaultContentLanguage to one of: %s", def, def, strings.Join(names, ", ")))
		}
		c.Languages[0].isDefault = true
	}
	if l := c.DefaultLanguage(); l != nil {
		c.Language = l
	}
}

// defaultCode is the code of the default language lang when site.toml
// gives none: "en-GB" for English, as plansite has always had, else the
// language's key.
func defaultCode(lang string) string {
	if lang == "en" {
		return "en-GB"
	}
	return lang
}

// ownName is a language's own name, as CLDR has it ("Cymraeg", "English"),
// which is what a language switcher shows.
func ownName(lang string) string {
	if t, err := language.Parse(lang); err == nil {
		return display.Self.Name(t)
	}
	return ""
}

// checkLangKey reports a language key that is not a language code, which
// hreflang, lang and the CLDR data for dates and plurals all need.
func (p *parser) checkLangKey(key, code string, value bool) bool {
	if _, err := language.Parse(code); err == nil && !strings.ContainsAny(code, "_ ") {
		return true
	}
	msg := fmt.Sprintf("%q is not a language code: use a BCP 47 code, such as \"cy\" for Welsh or \"en\" for English", code)
	if value {
		p.failValue(key, "%s", msg)
	} else {
		p.fail(key, 0, "%s", msg)
	}
	return false
}

// language reads one [languages.KEY] table, and makes the configuration
// the language's pages see.
func (p *parser) language(f *file, lf languageFile, lang string, isDefault bool, site *Config) *Language {
	at := "languages." + lang
	l := &Language{Lang: lang, Weight: lf.Weight, LanguageDirection: "ltr", isDefault: isDefault, Pos: p.pos.Of(at)}
	switch {
	case lf.LanguageCode != nil:
		l.LanguageCode = *lf.LanguageCode
	case isDefault && f.LanguageCode != "":
		l.LanguageCode = f.LanguageCode
	case isDefault:
		l.LanguageCode = defaultCode(lang)
	default:
		l.LanguageCode = lang
	}
	switch {
	case lf.LanguageName != nil:
		l.LanguageName = *lf.LanguageName
	case isDefault && f.LanguageName != "":
		l.LanguageName = f.LanguageName
	default:
		l.LanguageName = ownName(lang)
	}
	switch lf.LanguageDirection {
	case "", "ltr", "rtl":
		if lf.LanguageDirection != "" {
			l.LanguageDirection = lf.LanguageDirection
		}
	default:
		p.failValue(at+".languageDirection", "languageDirection must be \"ltr\" or \"rtl\", not %q", lf.LanguageDirection)
	}
	l.Config = languageConfig(site, l, lf)
	if lf.Menus != nil {
		l.OwnMenus = true
		menus := maps.Clone(site.Menus)
		maps.Copy(menus, p.menus(lf.Menus, at+"."))
		l.Config.Menus = menus
	}
	return l
}

// languageConfig is a copy of the site's configuration with what a
// language's table sets over it. Its params are the site's with the
// language's over them, key by key.
func languageConfig(site *Config, l *Language, lf languageFile) *Config {
	c := *site
	c.Language, c.LanguageCode, c.LanguageName = l, l.LanguageCode, l.LanguageName
	if lf.Title != nil {
		c.Title = *lf.Title
	}
	if lf.Copyright != nil {
		c.Copyright = *lf.Copyright
	}
	if lf.EditURL != nil {
		c.EditURL = *lf.EditURL
	}
	if lf.SummaryLength != nil {
		c.SummaryLength = *lf.SummaryLength
	}
	if lf.FeedLimit != nil {
		c.FeedLimit = *lf.FeedLimit
	}
	if lf.Params != nil {
		c.Params = mergeParams(site.Params, lowerKeys(lf.Params))
	}
	return &c
}

// mergeParams is base with over's keys over it, tables merged key by key,
// as Hugo merges a language's params into the site's.
func mergeParams(base, over map[string]any) map[string]any {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]any{}
	}
	for _, k := range slices.Sorted(maps.Keys(over)) {
		b, bok := out[k].(map[string]any)
		o, ook := over[k].(map[string]any)
		if bok && ook {
			out[k] = mergeParams(b, o)
		} else {
			out[k] = over[k]
		}
	}
	return out
}

// finishLanguages gives every language's configuration what was read
// after the languages (content types, data types, the tracker), which
// all languages share, and the list of languages.
func finishLanguages(c *Config) {
	for _, l := range c.Languages {
		lc := l.Config
		if lc == c {
			continue
		}
		lc.Types, lc.Data, lc.Tracker, lc.CMS = c.Types, c.Data, c.Tracker, c.CMS
		lc.Languages, lc.DeclaresLanguages, lc.RequireTranslations = c.Languages, c.DeclaresLanguages, c.RequireTranslations
		if lc.Menus == nil {
			lc.Menus = c.Menus
		}
	}
	if d := c.DefaultLanguage(); d != nil && d.Config != c {
		// The site's own configuration is its default language's: its
		// title, params and menus are what the pages at the root show.
		*c = *d.Config
		d.Config = c
	}
}

// SetBaseURL sets the base URL of the site and of each of its languages
// (--base-url, and the preview's address), which share it.
func (c *Config) SetBaseURL(base string) {
	c.BaseURL = base
	for _, l := range c.Languages {
		l.Config.BaseURL = base
	}
}
