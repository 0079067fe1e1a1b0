package site

import (
	"html/template"
	"plansite/internal/content"
	"plansite/internal/markdown"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words that are most likely HTML tokens do not count towards a summary.
var (
	htmlTagWord  = regexp.MustCompile(`^</?[A-Za-z]+>?$`)
	htmlAttrWord = regexp.MustCompile(`^[A-Za-z]+=["']`)
)

// Summarize works out a page's summary from its converted Markdown conv and
// its content, and whether the summary leaves anything out, as Hugo 0.166
// does: the part before <!--more-->, unless that is empty; then the front
// matter's summary, which counts as truncated only when an empty part
// before <!--more--> stands above content; then the first paragraphs, up
// to words words.
func Summarize(src *content.Page, conv *markdown.Result, content string, md *markdown.Converter, words int) (template.HTML, bool) {
	switch {
	case len(conv.Summary) > 0:
		return template.HTML(conv.Summary), string(conv.Summary) != content
	case src.Meta.Summary != "":
		sum, err := md.Convert([]byte(src.Meta.Summary), nil)
		if err != nil {
			return "", false
		}
		return template.HTML(markdown.TrimParagraph(strings.TrimSpace(sum.HTML))), conv.Summary != nil && content != ""
	case conv.Summary != nil:
		return "", content != ""
	}
	sum, truncated := autoSummary(content, words)
	return template.HTML(strings.TrimSpace(sum)), truncated
}

// autoSummary is Hugo's automatic summary: the HTML up to the end of the
// paragraph in which the content reaches n words. truncated reports whether
// anything was left out.
func autoSummary(html string, n int) (summary string, truncated bool) {
	if n <= 0 {
		return "", html != ""
	}
	count := 0
	for j := 0; j < len(html); {
		rest := html[j:]
		end := strings.Index(rest, "</p>")
		if end < 0 {
			break
		}
		para := rest[:end]
		start := 0
		for i, r := range para {
			if unicode.IsSpace(r) || i+utf8.RuneLen(r) == len(para) {
				count += countWord(para[start:i])
				start = i
				if count >= n {
					break
				}
			}
		}
		if count >= n {
			cut := j + end + len("</p>")
			return html[:cut], strings.TrimSpace(html[cut:]) != ""
		}
		j += end + len("</p>") - 1
	}
	return html, false
}

func countWord(w string) int {
	w = strings.TrimSpace(w)
	if w == "" || w == ">" || htmlTagWord.MatchString(w) || htmlAttrWord.MatchString(w) {
		return 0
	}
	return 1
}
