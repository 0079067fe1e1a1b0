package feed

import (
	"bytes"

	"plansite/internal/assets"
)

// HeadersName is the file that gives response headers to the paths of a
// site on hosts that read it (Netlify, Cloudflare Pages); others ignore it.
const HeadersName = "_headers"

// immutable is the caching a fingerprinted asset can have: its name
// changes whenever its content does, so a browser may keep it for a year
// without asking again.
const immutable = "Cache-Control: public, max-age=31536000, immutable"

// Headers writes the _headers file: the site's own rules, if it has a
// content/_headers, then one rule per fingerprinted asset, by its path
// with the base URL's path. Each asset is named rather than matched by a
// pattern, because no pattern these hosts take can tell a fingerprinted
// name from another file's name.
func Headers(own []byte, published []*assets.Asset) []byte {
	var b bytes.Buffer
	writeOwn(&b, own)
	b.WriteString("# Written by plansite: assets whose names carry a hash of their content.\n")
	for _, a := range published {
		b.WriteString(a.RelPermalink)
		b.WriteString("\n  ")
		b.WriteString(immutable)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// writeOwn starts a host's rules file (_headers, _redirects) with the
// site's own content/ file, then a blank line before what plansite
// writes after it, so that the site's rules come first and stay whole.
func writeOwn(b *bytes.Buffer, own []byte) {
	if len(own) == 0 {
		return
	}
	b.Write(own)
	if !bytes.HasSuffix(own, []byte("\n")) {
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}
