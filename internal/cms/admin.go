package cms

import (
	"html/template"
	"strings"

	"plansite/internal/config"
)

// The CMS's script, pinned: a CDN serves the npm package's files as they
// are, so the integrity value is that of dist/decap-cms.js in the package
// (sha384 of decap-cms-3.16.3.tgz's file, base64), and a browser refuses a
// script that differs from it.
const (
	DecapVersion   = "3.16.3"
	decapScript    = "https://unpkg.com/decap-cms@" + DecapVersion + "/dist/decap-cms.js"
	decapIntegrity = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
)

var adminTemplate = template.Must(template.New("admin").Parse(`<!doctype html>
<html lang="{{ .Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Edit {{ .Title }}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Editing the site needs JavaScript.</noscript>
<script src="{{ .Script }}"{{ if .Integrity }} integrity="{{ .Integrity }}" crossorigin="anonymous"{{ end }}></script>
</body>
</html>
`))

// adminPage is the page that loads the CMS, which reads config.yml beside
// it. Search engines are told to leave it out; robots.txt keeps crawlers
// away from the folder too, where there is one.
func adminPage(cfg *config.Config) []byte {
	d := struct{ Lang, Title, Script, Integrity string }{cfg.LanguageCode, cfg.Title, decapScript, decapIntegrity}
	if cfg.CMS.Script != "" {
		// The site's own copy: the site vouches for it, as for its pages.
		d.Script, d.Integrity = cfg.CMS.Script, ""
	}
	var b strings.Builder
	if err := adminTemplate.Execute(&b, d); err != nil {
		panic(err) // a fixed template of text fields
	}
	return []byte(b.String())
}
