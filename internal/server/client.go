package server

import (
	"bytes"
	_ "embed"
	"regexp"
	"slices"
)

// The client every page of the preview loads: idiomorph, vendored from npm
// (third_party/README.md says how to update it; go generate copies the
// version package.json pins), and reload.js, the glue that uses it.
//
//go:generate sh -c "cd third_party && npm ci --no-audit --no-fund && cp node_modules/idiomorph/dist/idiomorph.min.js node_modules/idiomorph/LICENSE idiomorph/"
var (
	//go:embed third_party/idiomorph/idiomorph.min.js
	idiomorphJS []byte
	//go:embed reload.js
	reloadJS []byte
)

// clientScript is served as /__plansite/reload.js: both scripts in one
// strict function, so that neither adds a global to the page.
var clientScript = slices.Concat(
	[]byte("(function () {\n\"use strict\";\n"), idiomorphJS, []byte("\n"), reloadJS, []byte("})();\n"))

// endMarker ends the body of every page served. The client patches a page
// only if its new HTML parsed with the marker in the body, so that markup
// that swallows the rest of a page (a comment or a textarea left open)
// reloads it rather than patching half of it.
const endMarker = `<template id="plansite-end"></template>`

// headTag finds a page's <head> tag.
var headTag = regexp.MustCompile(`(?i)<head(?:\s[^>]*)?>`)

// inject adds the preview's own parts to a page: the client script first
// in its head, where no broken markup later in the page can hide it, so
// that a page keeps updating while its HTML is broken; then, before
// </body> (or at the end of a page without one), the error overlay and
// the warnings panel when there are any, and the end marker. Only the
// preview does this: what plansite build writes never has them.
func inject(page []byte, snap *Snapshot) []byte {
	tag := []byte(`<script src="` + Prefix + `reload.js" data-plansite-build="` + snap.id + `" defer></script>`)
	end := bytes.LastIndex(page, []byte("</body>"))
	if end < 0 {
		end = len(page)
	}
	at := end
	if loc := headTag.FindIndex(page[:end]); loc != nil {
		at = loc[1]
	}
	out := make([]byte, 0, len(page)+len(tag)+len(snap.Overlay)+len(snap.Panel)+len(endMarker))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	out = append(out, page[at:end]...)
	out = append(out, snap.Overlay...)
	out = append(out, snap.Panel...)
	out = append(out, endMarker...)
	return append(out, page[end:]...)
}
