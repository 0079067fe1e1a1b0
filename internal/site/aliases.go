package site

import (
	"fmt"
	"path"
	"strings"

	"plansite/internal/diag"
)

// Alias is an old address of a page, where the build writes a small page
// that sends readers and search engines on to the page's address, so that
// links to a page survive its renaming.
type Alias struct {
	Page *Page
	// URL is the alias's address, with the base path ("/plan/old-name/"),
	// Out the file written ("old-name/index.html").
	URL, Out string
	Pos      diag.Pos // where the alias is written in the page's front matter
}

// setAliases works out where each page's aliases are published. An alias
// starting with / is a path of the site; any other is taken from the
// address of the page's section (old-name in objectives/ is
// /objectives/old-name/). Like url, an alias cannot leave the site.
func (s *Site) setAliases() {
	for _, p := range s.All {
		if p.Src == nil {
			continue
		}
		m := p.Src.Meta
		for i, a := range m.Aliases {
			// An address from the root is in the page's language, as
			// its url is; one relative to its section is in the
			// section's, which is.
			rel := p.site.InLanguage(strings.TrimPrefix(a, "/"))
			if !strings.HasPrefix(a, "/") && p.Parent != nil {
				rel = p.Parent.Path + a
			}
			if path.Ext(rel) == "" && !strings.HasSuffix(rel, "/") {
				rel += "/"
			}
			rel = cleanRel(rel)
			al := &Alias{Page: p, URL: s.BasePath + rel, Out: outFile(rel)}
			if i < len(m.AliasPos) {
				al.Pos = m.AliasPos[i]
			}
			s.Aliases = append(s.Aliases, al)
			if _, ok := s.byAlias[al.Out]; !ok {
				s.byAlias[al.Out] = p // an alias on two pages is an error of its own
			}
		}
	}
}

// checkAliases reports aliases that would be written where a page, or
// another alias, is.
func (s *Site) checkAliases() []diag.Diagnostic {
	var diags []diag.Diagnostic
	seen := map[string]*Alias{}
	for _, a := range s.Aliases {
		file := a.Page.Src.File
		var msg string
		if p := s.byURLPath[a.Out]; p != nil {
			if p == a.Page {
				msg = fmt.Sprintf("alias %s is the page's own address: remove it", a.URL)
			} else {
				msg = fmt.Sprintf("alias %s is the address of %s: remove the alias, or give that page another slug or url", a.URL, describe(p))
			}
		} else if prev := seen[a.Out]; prev != nil {
			if prev.Page == a.Page {
				msg = fmt.Sprintf("alias %s is given twice: remove one", a.URL)
			} else {
				msg = fmt.Sprintf("alias %s is also an alias of %s: keep it on one page only", a.URL, prev.Page.Src.File)
			}
		} else {
			seen[a.Out] = a
			continue
		}
		diags = append(diags, diag.Errorf(file, a.Pos.Line, a.Pos.Col, "%s", msg))
	}
	return diags
}
