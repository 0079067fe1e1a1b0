package render

import (
	"bytes"
	"errors"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/layoutscan"
	"plansite/internal/site"
)

// Position of a template error in Go's messages: "template: NAME:LINE:COL: ".
var tplErrRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns a template parse, escaping or execution error into a
// diagnostic naming the layout file, line and column (the innermost one,
// for a partial). files are the layout files the page's template is made
// of, where an escaping error may have its cause.
func (t *Templates) templateError(err error, p *site.Page, files []string) error {
	var ds diag.Errors
	if errors.As(err, &ds) {
		return err
	}
	var d diag.Diagnostic
	var he *template.Error
	if errors.As(err, &he) {
		d = t.escapeError(he, files)
	} else {
		d = t.textError(err.Error())
	}
	d.Severity = diag.Error
	d.Message = strings.NewReplacer("render.Page", "page", "render.Site", "site", "*render.Page", "page").Replace(d.Message)
	if strings.HasPrefix(d.File, folders.Layouts+"/") {
		d.Origin = t.theme.Origin(d.File)
	}
	if p != nil {
		d.Page = p.Where()
	}
	return diag.Errors{d}
}

// textError places an error of text/template, parsing or executing, from
// its message. Errors from a partial arrive wrapped in the caller's
// message; the last position is the innermost. A parse error has a line
// but no column: the column is that of the token it names, when the line
// has it.
func (t *Templates) textError(msg string) diag.Diagnostic {
	d := diag.Diagnostic{File: folders.Layouts, Message: msg}
	all := strings.Split(msg, "template: ")
	m := tplErrRE.FindStringSubmatch("template: " + all[len(all)-1])
	if m == nil {
		return d
	}
	d.File, d.Message = m[1], m[4]
	d.Line, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		// Go counts the column from 0; editors from 1.
		d.Column, _ = strconv.Atoi(m[3])
		d.Column++
	} else if src, err := t.theme.ReadFile(d.File); err == nil {
		d.Column = tokenColumn(src, d.Line, d.Message)
	}
	return d
}

// tokenRE finds the token a parse error names: unexpected "}", unexpected
// {{end}}, function "x" not defined, undefined variable "$x".
var tokenRE = regexp.MustCompile(`(?:unexpected|function|variable) ("[^"]*"|\{\{[a-z]+\}\})`)

// tokenColumn is the column on a line of a layout of the token a parse
// error names, or 0.
func tokenColumn(src []byte, line int, msg string) int {
	m := tokenRE.FindStringSubmatch(msg)
	lines := bytes.Split(src, []byte("\n"))
	if m == nil || line < 1 || line > len(lines) {
		return 0
	}
	text := lines[line-1]
	var at int
	if strings.HasPrefix(m[1], "{{") {
		word := strings.Trim(m[1], "{}")
		loc := regexp.MustCompile(`\{\{-?\s*` + regexp.QuoteMeta(word) + `\b`).FindIndex(text)
		if loc == nil {
			return 0
		}
		at = loc[0]
	} else {
		tok, _ := strconv.Unquote(m[1])
		// Inside an action: the first one on the line that has it.
		at = -1
		for off := 0; ; {
			open := bytes.Index(text[off:], []byte("{{"))
			if open < 0 {
				break
			}
			open += off
			if i := bytes.Index(text[open+2:], []byte(tok)); tok != "" && i >= 0 {
				at = open + 2 + i
				break
			}
			off = open + 2
		}
		if at < 0 {
			return 0
		}
	}
	return 1 + utf8.RuneCount(text[:at])
}

// escapeError places an error of html/template's escaping. One caused by a
// tag or an attribute's quote left open is reported where that tag or
// quote opens, in whichever of the page's layout files leaves it open,
// rather than as html/template's dump of its state.
func (t *Templates) escapeError(he *template.Error, files []string) diag.Diagnostic {
	d := diag.Diagnostic{File: he.Name, Line: he.Line, Message: he.Description}
	if he.Node != nil {
		if loc, _ := (*parse.Tree)(nil).ErrorContext(he.Node); loc != "" {
			parts := strings.Split(loc, ":")
			if n := len(parts); n >= 3 {
				d.File = strings.Join(parts[:n-2], ":")
				d.Line, _ = strconv.Atoi(parts[n-2])
				d.Column, _ = strconv.Atoi(parts[n-1])
			}
		}
	}
	// A tag or quote left open in one file shows in html/template as the
	// page ending in the wrong state, or as a "<" in an attribute's name
	// in the next file's text.
	if he.ErrorCode != template.ErrEndContext && he.ErrorCode != template.ErrBadHTML {
		return d
	}
	for _, f := range append([]string{he.Name}, files...) {
		src, err := t.theme.ReadFile(f)
		if err != nil {
			continue
		}
		if pos, what, ok := layoutscan.Unclosed(src); ok {
			p := diag.PosAt(src, pos)
			return diag.Diagnostic{File: f, Line: p.Line, Column: p.Col, Message: what}
		}
	}
	if he.ErrorCode == template.ErrEndContext {
		d.Message = "the layout ends inside a tag, an attribute or a comment: look for a quote or a > that is missing"
	}
	return d
}
