// Package htmltext reads the text of HTML as Hugo's .Plain and .WordCount
// read it: tags removed, entities decoded, words counted.
package htmltext

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words counts the words of HTML as Hugo does: tags removed, the end of
// a paragraph and <br> parting words but other tags not, and entities left
// as written, so that a footnote's back link, "text.&#160;&#x21a9;&#xfe0e;",
// is one word.
func Words(s string) int {
	n, inWord := 0, false
	for i := 0; i < len(s); {
		if s[i] == '<' {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				break
			}
			switch s[i : i+j+1] {
			case "</p>", "<br>", "<br />":
				inWord = false
			}
			i += j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			inWord = true
			n++
		}
		i += size
	}
	return n
}

// Plain removes tags from HTML and decodes its entities, leaving a space
// where a block ended so that words do not run together.
func Plain(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		tag := s[i+1 : i+j]
		if isBlockTag(tag) {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(strings.Join(strings.Fields(b.String()), " "))
}

func isBlockTag(tag string) bool {
	tag = strings.TrimPrefix(tag, "/")
	if i := strings.IndexAny(tag, " \t\n/"); i >= 0 {
		tag = tag[:i]
	}
	switch strings.ToLower(tag) {
	case "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
		"table", "blockquote", "pre", "dt", "dd", "dl", "hr", "section", "figure", "figcaption":
		return true
	}
	return false
}
