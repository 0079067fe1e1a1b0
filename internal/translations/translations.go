// Package translations checks that a multilingual site is complete and
// current in each of its languages, as the Welsh Language Standards ask of
// a bilingual site: every page of the default language has its
// translation in every other language, no translation is older than its
// original, and every translation has an original to be a translation of.
// Hugo and Zola publish languages and check none of this.
package translations

import (
	"fmt"
	"path"
	"strings"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/site"
)

// Check reports, for a multilingual site linked from srcs, each page of
// the default language without a translation in another language (a
// warning, or an error with requireTranslations), each translation older
// than its original by lastmod, each translation without an original (an
// error, with the original meant if its name is a slip), and each language
// whose menus are the default language's.
func Check(s *site.Site, srcs []*content.Page) []diag.Diagnostic {
	if !s.Config.Multilingual() {
		return nil
	}
	drafts := map[string]bool{} // the files of translations not yet published
	for _, src := range srcs {
		if src.Meta.Draft {
			drafts[folders.Content+"/"+src.Path] = true
		}
	}
	var ds []diag.Diagnostic
	for _, p := range s.Pages {
		if p.Src != nil {
			ds = append(ds, missing(s, p, drafts)...)
		}
	}
	for _, ls := range s.Languages {
		if ls != s {
			ds = append(ds, menus(s, ls)...)
		}
	}
	return append(ds, orphans(s, srcs)...)
}

// missing reports the languages a page of the default language has no
// translation in, and the translations older than it.
func missing(s *site.Site, p *site.Page, drafts map[string]bool) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, ls := range s.Languages {
		if ls == s {
			continue
		}
		l := ls.Language
		t := p.TranslationIn(l.Lang)
		if t == nil || t.Src == nil {
			twin := twinFile(p.Src, l.Lang)
			d := diag.Warnf(p.Src.File, 1, 1, "%s has no %s version: add %s%s", p.Src.File, l.EnglishName(), twin, newHint(p.Src, l.Lang))
			if drafts[twin] {
				d = diag.Warnf(p.Src.File, 1, 1, "%s has no %s version yet: %s is a draft; translate it, then take out draft", p.Src.File, l.EnglishName(), twin)
			}
			if s.Config.RequireTranslations {
				d.Severity = diag.Error
			}
			ds = append(ds, d)
			continue
		}
		if older(t, p) {
			at := t.Src.Meta.LastmodPos
			if at.Line == 0 {
				at = diag.Pos{Line: 1, Col: 1}
			}
			ds = append(ds, diag.Warnf(t.Src.File, at.Line, at.Col, "%s (lastmod %s) is older than its original %s (lastmod %s): bring it up to date with the original, then change its lastmod",
				t.Src.File, day(t), p.Src.File, day(p)))
		}
	}
	return ds
}

// older reports whether a translation last changed before its original,
// by their lastmod (or date, without one): a translation made, or last
// brought up to date, before the original's last change may say what the
// original no longer does.
func older(t, p *site.Page) bool {
	return !t.Lastmod.IsZero() && !p.Lastmod.IsZero() && t.Lastmod.Before(p.Lastmod)
}

func day(p *site.Page) string { return p.Lastmod.Format("2006-01-02") }

// twinFile is the file of a page's translation: objectives/skills.cy.md.
func twinFile(src *content.Page, lang string) string {
	ext := path.Ext(src.Logical)
	return folders.Content + "/" + strings.TrimSuffix(src.Logical, ext) + "." + lang + ext
}

// newHint says how plansite new makes a regular page's translation.
func newHint(src *content.Page, lang string) string {
	if src.Kind != content.Regular || src.Section == "" {
		return ""
	}
	return fmt.Sprintf(" (plansite new --lang %s %s %s starts it from the original's front matter)", lang, src.Section, src.Name())
}

// menus warns of a language (ls) that shows the site's (s's) menus, whose
// entries are named in the default language.
func menus(s, ls *site.Site) []diag.Diagnostic {
	l := ls.Language
	if l.OwnMenus || len(ls.Config.Menus) == 0 {
		return nil
	}
	return []diag.Diagnostic{diag.Warnf(folders.Config, l.Pos.Line, l.Pos.Col,
		"[languages.%s] has no menus of its own, so its pages show the site's, with their entries' names in %s: add [[languages.%s.menus.main]] entries named in %s",
		l.Lang, s.Language.EnglishName(), l.Lang, l.EnglishName())}
}

// orphans reports translations whose original does not exist: a slip in a
// file name (skils.cy.md) that publishes a page no original links to. A
// draft original counts: it is there, only not published yet.
func orphans(s *site.Site, srcs []*content.Page) []diag.Diagnostic {
	def := s.Language.Lang
	originals := map[string]bool{}
	names := map[string][]string{} // folder → its originals' file names, without their extension
	for _, src := range srcs {
		if src.Lang == def {
			originals[src.Logical] = true
			dir, base := path.Split(src.Logical)
			names[dir] = append(names[dir], strings.TrimSuffix(base, path.Ext(base)))
		}
	}
	var ds []diag.Diagnostic
	for _, src := range srcs {
		l := s.Config.LanguageOf(src.Lang)
		if src.Lang == def || l == nil || originals[src.Logical] {
			continue
		}
		if src.Kind != content.Regular && s.ByContentPath(src.Dir) != nil {
			continue // a section or home page of the default language (its key is its folder) without an _index.md of its own
		}
		ds = append(ds, orphan(src, l, names))
	}
	return ds
}

// orphan is the error for a translation without an original.
func orphan(src *content.Page, l *config.Language, names map[string][]string) diag.Diagnostic {
	dir, base := path.Split(src.Logical)
	ext := path.Ext(base)
	hint := ""
	if c, ok := diag.Closest(strings.TrimSuffix(base, ext), names[dir]); ok {
		hint = fmt.Sprintf(" (did you mean %s.%s%s?)", c, l.Lang, ext)
	}
	return diag.Errorf(src.File, 1, 1, "%s is the %s version of %s%s, which does not exist%s: a translation needs its original, in the same folder with the same name",
		src.File, l.EnglishName(), folders.Content+"/", src.Logical, hint)
}
