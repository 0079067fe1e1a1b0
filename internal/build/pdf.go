package build

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"plansite/internal/config"
	"plansite/internal/site"
)

// PDFName is the PDF of the whole plan's name in the output, in the
// default language; another language's is under its prefix (cy/plan.pdf).
const PDFName = "plan.pdf"

// WholePlanPath is where the page the PDF is printed from is, below the
// base URL: the page of all the actions, with every objective. Another
// language prints that page's translation, wherever it is published.
const WholePlanPath = "actions/"

// PDF is the whole plan printed in one language, for the build to publish.
type PDF struct {
	// Language is the key of the language it is in ("cy"), and Name the
	// file it is published as ("cy/plan.pdf"), as PrintSources gives them.
	Language, Name string
	Data           []byte
	Pages          int
}

// pdfName is where a language's PDF of the whole plan is published: at
// the root for the default language, under the language's prefix for
// another, beside the language's own pages.
func pdfName(l *config.Language) string { return site.PrefixOf(l) + PDFName }

// PrintSource is what printing the whole plan in one language needs of a
// built site.
type PrintSource struct {
	// Language is the language's key ("cy"), and Name the file its PDF is
	// published as ("cy/plan.pdf").
	Language, Name string
	// URL is the page's link relative to the host ("/plan/actions/"), and
	// BasePath the site's ("/plan/"). Origin is the site's host
	// ("https://example.org"), "" when its base URL has none.
	URL, BasePath, Origin string
	// Title is the site's title in the language, and Lang the language's
	// code ("cy-GB").
	Title, Lang string
	// Date is when the language's pages last changed, the latest date of
	// them: the PDF's creation date, so that the same site makes the same
	// PDF.
	Date time.Time
}

// PrintSources says what pages of the last build to print: the page of
// the whole plan, and each of its translations, one for each language
// it is in, in the languages' order, with the site's title, language and
// date in each. Missing names the languages the page is not
// translated into, which get no PDF. A site with no whole-plan page has
// nothing to print, which is an error.
func (b *Builder) PrintSources() (srcs []PrintSource, missing []string, err error) {
	s := b.site
	if s == nil || !b.built {
		return nil, nil, errors.New("the site was not built")
	}
	var plan *site.Page
	for _, p := range s.All {
		if p.Path == WholePlanPath && p.Site() == s {
			plan = p
		}
	}
	if plan == nil {
		return nil, nil, errors.New("--pdf prints the page of the whole plan, at " + WholePlanPath + ", and the site has no page there (content/actions.md)")
	}
	file := "content/" + WholePlanPath
	if plan.Src != nil {
		file = plan.Src.File
	}
	origin := strings.TrimSuffix(s.AbsURL(""), s.BasePath)
	for _, ls := range s.Languages {
		p := plan
		if ls != s {
			if p = plan.TranslationIn(ls.Language.Lang); p == nil {
				missing = append(missing, fmt.Sprintf("the whole plan (%s) is not translated into %s (%s), so there is no PDF of it in %[2]s", file, ls.Language.EnglishName(), ls.Language.Lang))
				continue
			}
		}
		src := PrintSource{
			Language: ls.Language.Lang, Name: pdfName(ls.Language),
			URL: p.URL, BasePath: s.BasePath, Origin: origin,
			Title: ls.Config.Title, Lang: ls.Language.Locale(),
		}
		for _, lp := range s.All {
			if lp.Site() != ls {
				continue
			}
			for _, t := range []time.Time{lp.Date, lp.Lastmod} {
				if t.After(src.Date) {
					src.Date = t
				}
			}
		}
		if src.Date.IsZero() {
			src.Date = time.Unix(0, 0)
		}
		srcs = append(srcs, src)
	}
	return srcs, missing, nil
}
