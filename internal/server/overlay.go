package server

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"plansite/internal/diag"
)

// panelCSS is what the error overlay and the warnings panel share, for a
// panel whose id is ID. Each is styled by id, after undoing whatever the
// site's own stylesheet does to the same elements, so that it looks the
// same on every site and the site's look does not change under it.
const panelCSS = `#ID,#ID *{all:revert;box-sizing:border-box}
#ID{position:fixed;z-index:2147483647;overflow:auto;overscroll-behavior:contain;margin:0;text-align:left;overflow-wrap:anywhere}
#ID[hidden]{display:none}
#ID .plansite-bar{display:flex;gap:.5rem 1rem;align-items:flex-start;justify-content:space-between}
#ID h2{margin:0;font-weight:700}
#ID ol,#ID ul{margin:.75rem 0 0;padding:0;list-style:none}
#ID .plansite-where{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700}
#ID button{flex:none;font:inherit;font-size:.875rem;line-height:1.2;padding:.35rem .7rem;border-radius:4px;cursor:pointer}
#ID button:focus-visible{outline:3px solid;outline-offset:2px}
#ID kbd{font:inherit;opacity:.85}
`

// overlayCSS places the errors along the bottom of the window, over the
// page but never over its top, where sites keep their header, and wraps
// long lines, so that a narrow window shows the place and the source
// without sideways scrolling.
var overlayCSS = strings.ReplaceAll(panelCSS, "ID", "plansite-errors") + `#plansite-errors{left:0;right:0;bottom:0;max-height:60vh;padding:1rem 1.25rem 1.25rem;background:#141414;color:#fff;border-top:4px solid #ff6b6b;box-shadow:0 -6px 18px rgba(0,0,0,.35);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color-scheme:dark}
#plansite-errors>*{max-width:60rem;margin-left:auto;margin-right:auto}
#plansite-errors h2{font-size:1.25rem;line-height:1.3;color:#ffb3b3}
#plansite-errors ol{margin:.75rem auto 0}
#plansite-errors p{margin:.25rem auto}
#plansite-errors li{margin:0 0 1.25rem;padding-left:.75rem;border-left:4px solid #ff6b6b}
#plansite-errors li p{margin:.25rem 0}
#plansite-errors button{background:#fff;color:#141414;border:1px solid #fff}
#plansite-errors button:focus-visible{outline-color:#ffb3b3}
#plansite-errors pre{margin:.5rem 0 0;padding:.5rem .75rem;background:#000;color:#ddd;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;tab-size:4}
#plansite-errors .plansite-line{display:grid;grid-template-columns:4ch 1fr;column-gap:1.5ch}
#plansite-errors .plansite-no{color:#a8a8a8;text-align:right}
#plansite-errors .plansite-at{background:#5a1d1d;color:#fff}
#plansite-errors .plansite-at .plansite-no{color:#fff;font-weight:700}
#plansite-errors mark{background:#ffb3b3;color:#000}
`

// overlayTemplate shows a failed build's errors over the page, each with
// the lines of source around it. It needs no script to show; the page's
// update removes it once a build succeeds, and the client script lets the
// reader hide it (a button, or Escape).
var overlayTemplate = template.Must(template.New("overlay").Parse(`<div id="plansite-errors" role="alert" aria-labelledby="plansite-errors-title">
<style>` + overlayCSS + `</style>
<div class="plansite-bar"><h2 id="plansite-errors-title">The site has {{ len .Errors }} {{ if eq (len .Errors) 1 }}error{{ else }}errors{{ end }}</h2><button type="button" data-plansite-hide="plansite-errors">Hide <kbd>Esc</kbd></button></div>
<p>{{ if .HaveSite }}The preview shows the last good build.{{ else }}There is no good build to show yet.{{ end }} Fix the {{ if eq (len .Errors) 1 }}error{{ else }}errors{{ end }} below and save: this page updates by itself.</p>
<ol>{{ range .Errors }}
<li><p class="plansite-where">{{ .Where }}</p>
<p>{{ .Message }}</p>{{ if .Lines }}
<pre>{{ range .Lines }}<span class="plansite-line{{ if .Current }} plansite-at{{ end }}"><span class="plansite-no">{{ .Number }}</span><span>{{ .Before }}{{ if .At }}<mark>{{ .At }}</mark>{{ end }}{{ .After }}</span></span>{{ end }}</pre>{{ end }}
</li>{{ end }}
</ol>
</div>`))

// warningsCSS places the warnings in a corner, smaller and quieter than
// the errors (and under them): they do not stop the site from building.
var warningsCSS = strings.ReplaceAll(panelCSS, "ID", "plansite-warnings") + `#plansite-warnings{z-index:2147483646;right:.75rem;bottom:.75rem;width:30rem;max-width:calc(100vw - 1.5rem);max-height:40vh;padding:.6rem .85rem .75rem;background:#fff8e1;color:#3b2f00;border:1px solid #a06b00;border-left-width:5px;border-radius:4px;box-shadow:0 2px 10px rgba(0,0,0,.25);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color-scheme:light}
#plansite-warnings h2{font-size:1rem;line-height:1.4}
#plansite-warnings li{margin:0 0 .5rem}
#plansite-warnings .plansite-where{display:block;font-size:.8125rem}
#plansite-warnings button{background:#3b2f00;color:#fff;border:1px solid #3b2f00}
#plansite-warnings button:focus-visible{outline-color:#3b2f00}
`

// warningsTemplate lists a build's warnings in a small panel. The page's
// update removes it once the warnings are gone.
var warningsTemplate = template.Must(template.New("warnings").Parse(`<div id="plansite-warnings" role="status" aria-labelledby="plansite-warnings-title">
<style>` + warningsCSS + `</style>
<div class="plansite-bar"><h2 id="plansite-warnings-title">{{ len . }} {{ if eq (len .) 1 }}warning{{ else }}warnings{{ end }}</h2><button type="button" data-plansite-hide="plansite-warnings">Hide</button></div>
<ul>{{ range . }}
<li><span class="plansite-where">{{ .Where }}</span> {{ .Message }}</li>{{ end }}
</ul>
</div>`))

type overlayError struct {
	Where, Message string
	Lines          []overlayLine
}

// overlayLine is a line of source: Before, At and After are its text
// before the error's column, at it, and after it (all of it in Before
// but on the error's line).
type overlayLine struct {
	Number            int
	Before, At, After string
	Current           bool
}

// Overlay renders the errors of a failed build, reading the lines around
// each from the site folder src. haveSite says whether an earlier build
// succeeded, whose pages the overlay covers.
func Overlay(src string, ds []diag.Diagnostic, haveSite bool) []byte {
	var errs []overlayError
	for _, d := range ds {
		if d.Severity != diag.Error {
			continue
		}
		e := describe(d)
		e.Lines = sourceLines(src, d)
		errs = append(errs, e)
	}
	if len(errs) == 0 {
		return nil
	}
	data := struct {
		Errors   []overlayError
		HaveSite bool
	}{errs, haveSite}
	return execute(overlayTemplate, data)
}

// Warnings renders the warnings among ds in a panel, or nothing when
// there are none.
func Warnings(ds []diag.Diagnostic) []byte {
	var warns []overlayError
	for _, d := range ds {
		if d.Severity == diag.Warning {
			warns = append(warns, describe(d))
		}
	}
	if len(warns) == 0 {
		return nil
	}
	return execute(warningsTemplate, warns)
}

// describe splits a diagnostic as Error formats it into its place
// (file:line:col) and what it says, with the page being rendered when a
// layout went wrong.
func describe(d diag.Diagnostic) overlayError {
	at := d.Where()
	said := strings.TrimPrefix(strings.TrimPrefix(d.Error(), at+": "), "warning: ")
	return overlayError{Where: at, Message: said}
}

func execute(t *template.Template, data any) []byte {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return []byte("<p>plansite: " + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return b.Bytes()
}

// sourceLines are the two lines before and after an error's line, with
// the character at its column set apart.
func sourceLines(src string, d diag.Diagnostic) []overlayLine {
	if d.Line <= 0 || d.Origin == diag.BuiltIn {
		return nil // no line, or a file of the built-in theme
	}
	rel := filepath.FromSlash(d.File)
	if !filepath.IsLocal(rel) {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(src, rel))
	if err != nil {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var out []overlayLine
	for n := max(1, d.Line-2); n <= min(len(lines), d.Line+2); n++ {
		l := overlayLine{Number: n, Before: strings.TrimRight(lines[n-1], "\r"), Current: n == d.Line}
		if l.Current && d.Column > 0 {
			text := []rune(l.Before)
			at := min(d.Column-1, len(text))
			l.Before, l.At = string(text[:at]), " "
			if at < len(text) {
				l.At, l.After = string(text[at]), string(text[at+1:])
			}
		}
		out = append(out, l)
	}
	return out
}
