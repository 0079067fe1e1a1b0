package render

import (
	"cmp"
	"path"
	"strings"
	"sync"

	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/images"
	"plansite/internal/markdown"
	"plansite/internal/sharecard"
)

// CardLayout is the theme file that lays out share cards.
const CardLayout = folders.Layouts + "/_sharecard.toml"

// CardDir is the folder of the output where share cards are published.
const CardDir = "og/"

// ShareImage is the image shown where a link to a page is shared (Open
// Graph's og:image, Twitter's card), with what it shows in words.
type ShareImage struct {
	RelPermalink, Permalink string
	Width, Height           int    // 0 when not known (an image elsewhere)
	Type                    string // its media type, when known
	Alt                     string
	// Card is true for a card drawn for the page; false for the page's
	// own image (front matter image, described by imageAlt).
	Card bool
}

// Card is a share card a page's render asked for, which the build draws.
type Card struct {
	Out  string // "og/1a2b….png"
	Card *sharecard.Card
}

// cardLayout is the theme's card layout, read once per set of templates.
type cardLayout struct {
	once   sync.Once
	layout *sharecard.Layout
	err    error
}

func (t *Templates) cardLayout() (*sharecard.Layout, error) {
	t.card.once.Do(func() {
		src, err := t.theme.ReadFile(CardLayout)
		if err != nil {
			t.card.err = err
			return
		}
		t.card.layout, err = sharecard.Parse(src)
		if err != nil {
			d := diag.Errorf(CardLayout, 0, 0, "%v", err)
			if e, ok := err.(*sharecard.Error); ok {
				d = diag.Errorf(CardLayout, e.Line, e.Col, "%s", e.Msg)
			}
			d.Origin = t.theme.Origin(CardLayout)
			t.card.err = diag.Errors{d}
		}
	})
	return t.card.layout, t.card.err
}

// ShareImage is the page's own image, when its front matter gives one, or
// else a card drawn for it, when the theme lays one out (layouts/
// _sharecard.toml); nil without either.
func (v Page) ShareImage() (*ShareImage, error) {
	s := v.x.r.site
	if img := v.ownImage(); img != "" {
		si := &ShareImage{RelPermalink: v.x.r.t.relURL(img), Permalink: v.x.r.t.absURL(img), Alt: str(v.Params()["imagealt"])}
		rel := strings.TrimPrefix(path.Clean("/"+img), "/")
		if _, local := s.FileURL[rel]; local && v.x.r.t.opts.Images != nil && images.Raster(rel) {
			if im, err := v.x.r.t.opts.Images.Probe(rel); err == nil && im != nil {
				si.Width, si.Height, si.Type = im.Width, im.Height, "image/"+im.Format
			}
		}
		return si, nil
	}
	if !v.x.r.t.theme.Exists(CardLayout) {
		return nil, nil
	}
	v.x.deps.addLayout(CardLayout)
	l, err := v.x.r.t.cardLayout()
	if err != nil {
		return nil, err
	}
	c, err := l.Card(v.cardData())
	if err != nil {
		return nil, err
	}
	out := CardDir + c.Name()
	v.x.deps.addCard(Card{Out: out, Card: c})
	return &ShareImage{RelPermalink: s.BasePath + out, Permalink: s.AbsURL(out), Width: sharecard.Width, Height: sharecard.Height,
		Type: "image/png", Alt: c.Alt(), Card: true}, nil
}

// Images sizes the images of content/: Image as a page shows them, with
// their smaller copies, and Probe their size alone, for a page's share
// image, which no page shows.
type Images interface {
	markdown.Images
	Probe(file string) (*images.Image, error)
}

// ownImage is the page's front matter image, if any.
func (v Page) ownImage() string {
	if v.p.Src != nil && v.p.Src.Meta.Image != "" {
		return v.p.Src.Meta.Image
	}
	return str(v.Params()["image"])
}

func (v Page) cardData() sharecard.Data {
	c := v.site().Config // the page's language's title and params
	title := v.p.Title
	if v.p.Kind == content.NotFound && v.x.r.t.opts.Strings != nil {
		// The 404 page's title is the same in every language; its
		// heading is the language's.
		if t, err := v.x.r.t.opts.Strings.Translate(v.Lang(), "pageNotFound", nil); err == nil && t != "" {
			title = t
		}
	}
	return sharecard.Data{Title: title, Kind: string(v.p.Kind), Section: v.p.Section(), Params: v.Params(),
		Site: sharecard.SiteData{Title: c.Title, Params: c.Params, Organisation: cmp.Or(str(c.Params["organisation"]), c.Title)}}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
