package content

import (
	"bytes"
	"path"
	"strings"

	"golang.org/x/net/html"

	"plansite/internal/diag"
	"plansite/internal/folders"
)

// Scripts warns of a file of content/ (rel is its path in content/) that
// is published as it is and runs a script in a reader's browser: an SVG
// or HTML file with a <script>, an event handler (onload=) or a
// javascript: link. Raw HTML being off keeps scripts out of pages, not out
// of the files published beside them, which the site's own address makes
// as trusted as its pages. It reports the first, at its position.
func Scripts(rel string, raw []byte) (diag.Diagnostic, bool) {
	ext := strings.ToLower(path.Ext(rel))
	if ext != ".svg" && ext != ".html" && ext != ".htm" && ext != ".xhtml" {
		return diag.Diagnostic{}, false
	}
	off, what := findScript(raw, ext == ".svg" || ext == ".xhtml")
	if off < 0 {
		return diag.Diagnostic{}, false
	}
	at := diag.PosAt(raw, off)
	return diag.Warnf(folders.Content+"/"+rel, at.Line, at.Col, "this file has a script (%s); it is published as it is, and raw HTML is off: remove the script, or set [markup] unsafe = true in site.toml", what), true
}

// findScript finds the first script in an HTML or SVG document (xml, for
// SVG and XHTML, whose CDATA sections are text), and says what it is. Its
// offset is -1 when there is none. Comments, and the text of elements such
// as <style>, are not read as tags, as a browser does not read them so.
func findScript(raw []byte, xml bool) (int, string) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	z.AllowCDATA(xml)
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return -1, ""
		}
		tok := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			if at, what := tagScript(tok); at >= 0 {
				return off + at, what
			}
		}
		off += len(tok)
	}
}

// tagScript finds a script in one tag, as written: the tag itself, an
// event handler, or a javascript: link in an attribute that holds a URL.
func tagScript(tag []byte) (int, string) {
	name, attrs := readTag(tag)
	if name == "script" {
		return 0, "<script>"
	}
	for _, a := range attrs {
		switch {
		case len(a.name) > 2 && strings.HasPrefix(a.name, "on"):
			return a.nameAt, "the event handler " + a.name + "="
		case urlAttrs[a.name] && isJavaScriptURL(a.value):
			return a.valueAt, "a javascript: link"
		}
	}
	return -1, ""
}

// urlAttrs are the attributes of HTML and SVG whose value is a URL a
// browser may follow, or (SVG's animations) that such an attribute takes.
var urlAttrs = map[string]bool{
	"href": true, "xlink:href": true, "src": true, "action": true, "formaction": true,
	"data": true, "poster": true, "background": true, "cite": true,
	"to": true, "from": true, "values": true, "by": true,
}

// isJavaScriptURL reports whether an attribute's value, as written, is a
// javascript: URL as a browser reads it: character references decoded,
// tabs and line breaks dropped, leading spaces and control characters
// ignored, in any case.
func isJavaScriptURL(v string) bool {
	v = html.UnescapeString(v)
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	return len(v) >= len("javascript:") && strings.EqualFold(v[:len("javascript:")], "javascript:")
}

// attr is an attribute of a tag as written, with the offsets in the tag
// of its name and value.
type attr struct {
	name, value     string // name in lower case; value as written
	nameAt, valueAt int
}

// readTag reads a start tag as written (<name attr="value" …>) into its
// name, in lower case, and its attributes, by the rules of HTML's
// tokenizer, which the tag came from.
func readTag(tag []byte) (string, []attr) {
	i := 1
	for i < len(tag) && !tagSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	name := strings.ToLower(string(tag[1:i]))
	var attrs []attr
	for {
		for i < len(tag) && (tagSpace(tag[i]) || tag[i] == '/') {
			i++
		}
		if i >= len(tag) || tag[i] == '>' {
			return name, attrs
		}
		a := attr{nameAt: i}
		i++ // a name may start with =
		for i < len(tag) && !tagSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' && tag[i] != '=' {
			i++
		}
		a.name = strings.ToLower(string(tag[a.nameAt:i]))
		for i < len(tag) && tagSpace(tag[i]) {
			i++
		}
		if i < len(tag) && tag[i] == '=' {
			i++
			for i < len(tag) && tagSpace(tag[i]) {
				i++
			}
			a.value, a.valueAt, i = readValue(tag, i)
		}
		attrs = append(attrs, a)
	}
}

// readValue reads an attribute's value starting at i, quoted or not, and
// returns it, its offset and the offset after it.
func readValue(tag []byte, i int) (string, int, int) {
	if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
		q := tag[i]
		end := bytes.IndexByte(tag[i+1:], q)
		if end < 0 {
			return string(tag[i+1:]), i + 1, len(tag)
		}
		return string(tag[i+1 : i+1+end]), i + 1, i + 2 + end
	}
	start := i
	for i < len(tag) && !tagSpace(tag[i]) && tag[i] != '>' {
		i++
	}
	return string(tag[start:i]), start, i
}

func tagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}
