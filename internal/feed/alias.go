package feed

import (
	"bytes"
	"cmp"
	"html/template"

	"plansite/internal/site"
)

// aliasPage is what an alias's address serves: a page that sends the reader
// on at once, names the page's address as canonical so that search engines
// move their entry to it, and says in words where the page went for a
// browser that does not follow the refresh.
var aliasPage = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ .Permalink }}">
</head>
<body>
<main>
<h1>This page has moved</h1>
<p>It is now at <a href="{{ .RelPermalink }}">{{ .Title }}</a>.</p>
</main>
</body>
</html>
`))

// Alias renders the page at one of a page's old addresses.
func Alias(s *site.Site, a *site.Alias) ([]byte, error) {
	var b bytes.Buffer
	err := aliasPage.Execute(&b, map[string]string{
		// The configuration always has a language and a title.
		"Lang":         s.Config.LanguageCode,
		"Title":        cmp.Or(a.Page.Title, s.Config.Title),
		"Permalink":    s.AbsURL(a.Page.Path),
		"RelPermalink": a.Page.URL,
	})
	return b.Bytes(), err
}
