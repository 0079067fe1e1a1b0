package server

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"plansite/internal/diag"
)

// overlayTemplate shows a failed build's errors over the page, each with the
// lines of source around it. It is plain HTML and CSS: it needs no script to
// show, and it goes by itself when a rebuild succeeds (the page reloads).
var overlayTemplate = template.Must(template.New("overlay").Parse(`<div id="plansite-errors" role="alert" aria-labelledby="plansite-errors-title" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem">
<div style="max-width:60rem;margin:0 auto">
<h2 id="plansite-errors-title" style="color:#ffb3b3;font-size:1.5rem;margin:0 0 .5rem">The site has {{ len .Errors }} {{ if eq (len .Errors) 1 }}error{{ else }}errors{{ end }}</h2>
<p style="margin:0 0 1.5rem">{{ if .HaveSite }}The preview shows the last good build.{{ else }}There is no good build to show yet.{{ end }} Fix the {{ if eq (len .Errors) 1 }}error{{ else }}errors{{ end }} below and save: this page reloads by itself.</p>
<ol style="padding:0;list-style:none">{{ range .Errors }}
<li style="margin:0 0 1.5rem;border-left:4px solid #ff6b6b;padding-left:1rem">
<p style="margin:0;font-family:ui-monospace,monospace"><strong>{{ .Where }}</strong></p>
<p style="margin:.25rem 0 .5rem">{{ .Message }}</p>{{ if .Lines }}
<pre style="margin:0;background:#000;color:#ddd;padding:.75rem;overflow:auto;font:14px/1.4 ui-monospace,monospace">{{ range .Lines }}<span{{ if .Current }} style="color:#fff;background:#5a1d1d"{{ end }}>{{ printf "%5d" .Number }} | {{ .Text }}</span>
{{ if .Current }}{{ .Caret }}
{{ end }}{{ end }}</pre>{{ end }}
</li>{{ end }}
</ol>
</div>
</div>`))

type overlayError struct {
	Where, Message string
	Lines          []overlayLine
}

type overlayLine struct {
	Number  int
	Text    string
	Current bool
	Caret   string
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
		where := d.File
		if d.Line > 0 {
			where = strings.TrimSuffix(d.Error(), ": "+d.Message)
		}
		errs = append(errs, overlayError{Where: where, Message: d.Message, Lines: sourceLines(src, d)})
	}
	if len(errs) == 0 {
		return nil
	}
	var b bytes.Buffer
	data := struct {
		Errors   []overlayError
		HaveSite bool
	}{errs, haveSite}
	if err := overlayTemplate.Execute(&b, data); err != nil {
		return []byte("<p>plansite: " + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return b.Bytes()
}

// sourceLines are the two lines before and after an error's line, with a
// caret under its column.
func sourceLines(src string, d diag.Diagnostic) []overlayLine {
	if d.Line <= 0 || strings.Contains(d.File, " (") {
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
		l := overlayLine{Number: n, Text: strings.TrimRight(lines[n-1], "\r"), Current: n == d.Line}
		if l.Current && d.Column > 0 {
			l.Caret = strings.Repeat(" ", 8+d.Column-1) + "^"
		}
		out = append(out, l)
	}
	return out
}
