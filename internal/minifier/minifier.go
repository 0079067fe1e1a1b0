// Package minifier minifies what --minify asks for: HTML, CSS, JS, SVG,
// XML and JSON, with tdewolff/minify and plansite's settings.
package minifier

import (
	"fmt"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// M minifies outputs by their media type. A nil M minifies nothing.
type M struct{ m *minify.M }

// New makes the minifier --minify uses, for HTML, CSS, JS, SVG, XML and
// JSON, including what HTML embeds (styles, scripts, JSON-LD and inline
// SVG).
func New() *M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		// <html lang>, <head> and <body> stay, so that a reader of the
		// source (and a validator) sees the document's outline; optional
		// end tags and attribute quotes go, as HTML allows.
		KeepDocumentTags: true,
	})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	// application/json, application/ld+json, application/manifest+json…
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	// application/xml, the Atom feed's application/atom+xml, text/xml…
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &M{m: m}
}

// Bytes minifies one output of the given media type; types no minifier
// knows, and everything when m is nil, pass unchanged.
func (m *M) Bytes(mediaType string, data []byte) ([]byte, error) {
	if m == nil {
		return data, nil
	}
	if _, _, f := m.m.Match(mediaType); f == nil {
		return data, nil
	}
	out, err := m.m.Bytes(mediaType, data)
	if err != nil {
		return nil, fmt.Errorf("minifying: %w", err)
	}
	return out, nil
}
