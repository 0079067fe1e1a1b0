package build

import (
	"errors"
	"strings"
	"time"
)

// PDFName is the PDF of the whole plan's name in the output.
const PDFName = "plan.pdf"

// WholePlanPath is where the page the PDF is printed from is, below the
// base URL: the page of all the actions, with every objective.
const WholePlanPath = "actions/"

// PDF is the whole plan printed, for the build to publish.
type PDF struct {
	Data  []byte
	Pages int
}

// PrintSource is what printing the whole plan needs of a built site.
type PrintSource struct {
	// URL is the page's link relative to the host ("/plan/actions/"), and
	// BasePath the site's ("/plan/"). Origin is the site's host
	// ("https://example.org"), "" when its base URL has none.
	URL, BasePath, Origin string
	Title, Lang           string
	// Date is when the site last changed, the latest date of its pages:
	// the PDF's creation date, so that the same site makes the same PDF.
	Date time.Time
}

// PrintSource says what page of the last build to print, with the site's
// title, language and date, or that the site has no whole-plan page.
func (b *Builder) PrintSource() (PrintSource, error) {
	s := b.site
	if s == nil || !b.built {
		return PrintSource{}, errors.New("the site was not built")
	}
	var src PrintSource
	for _, p := range s.All {
		if p.Path == WholePlanPath {
			src.URL = p.URL
		}
		for _, t := range []time.Time{p.Date, p.Lastmod} {
			if t.After(src.Date) {
				src.Date = t
			}
		}
	}
	if src.URL == "" {
		return PrintSource{}, errors.New("--pdf prints the page of the whole plan, at " + WholePlanPath + ", and the site has no page there (content/actions.md)")
	}
	if src.Date.IsZero() {
		src.Date = time.Unix(0, 0)
	}
	src.Origin = strings.TrimSuffix(s.AbsURL(""), s.BasePath)
	src.BasePath, src.Title, src.Lang = s.BasePath, b.in.cfg.Title, b.in.cfg.LanguageCode
	return src, nil
}
