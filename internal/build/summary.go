package build

import (
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
