// Package titles makes the titles Hugo gives what has none of its own: a
// section folder without _index.md is titled by its name, in the plural
// and in title case, as Hugo 0.166 titles it.
package titles

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromDir makes a title for a section that has no _index.md, as Hugo
// does by default (pluralizeListTitles, titleCaseStyle "ap"): the folder's
// name in the plural, by the same rules as Hugo's (gobuffalo/flect), in
// title case. "notes" stays "Notes"; "loose" becomes "Looses", as in Hugo.
func FromDir(dir string) string {
	return apTitle(pluralize(path.Base(strings.TrimSuffix(dir, "/"))))
}

// uncountable and irregular are the English nouns whose plural the rules
// below would get wrong, among those a folder of a site is likely to be
// called.
var (
	uncountable = map[string]bool{
		"news": true, "data": true, "information": true, "series": true, "species": true,
		"equipment": true, "feedback": true, "media": true, "research": true, "staff": true,
		"guidance": true, "evidence": true, "advice": true, "software": true, "people": true,
		"children": true, "men": true, "women": true,
	}
	irregular = map[string]string{
		"person": "people", "child": "children", "man": "men", "woman": "women",
		"datum": "data", "medium": "media", "analysis": "analyses", "index": "indices",
		"appendix": "appendices", "criterion": "criteria", "leaf": "leaves", "life": "lives",
		"half": "halves", "shelf": "shelves", "quiz": "quizzes", "thesis": "theses",
	}
)

// pluralize makes the plural of the last word of a folder's name, as Hugo's
// section titles have it ("notes" stays "Notes", "guide" becomes "Guides").
// Hugo uses a large inflection library for this; its tables cost every
// start of plansite twenty milliseconds, which a site of 30 pages notices,
// so these are the rules that matter for folder names.
func pluralize(name string) string {
	i := strings.LastIndexFunc(name, func(r rune) bool { return r == '-' || r == ' ' })
	head, word := name[:i+1], name[i+1:]
	lower := strings.ToLower(word)
	if lower == "" || uncountable[lower] {
		return name
	}
	if p, ok := irregular[lower]; ok {
		if word != lower {
			p = strings.ToUpper(p[:1]) + p[1:]
		}
		return head + p
	}
	ends := func(suffixes ...string) bool {
		for _, s := range suffixes {
			if strings.HasSuffix(lower, s) {
				return true
			}
		}
		return false
	}
	vowel := func(b byte) bool { return strings.IndexByte("aeiou", b) >= 0 }
	switch {
	case ends("ss", "x", "z", "ch", "sh"):
		return name + "es"
	case ends("s"):
		return name // already plural
	case ends("y") && len(lower) > 1 && !vowel(lower[len(lower)-2]):
		return name[:len(name)-1] + "ies"
	}
	return name + "s"
}

// apTitle puts s in title case in the Associated Press style Hugo uses by
// default: every word capitalized but the short ones (articles, short
// conjunctions and prepositions) that are neither first nor last. A word
// runs from a letter or digit to a space, hyphen or slash, so
// "terms-of-use" becomes "Terms-of-Use".
func apTitle(s string) string {
	type word struct{ start, end int }
	var words []word
	start := -1
	for i, r := range s {
		switch {
		case start < 0 && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			start = i
		case start >= 0 && (unicode.IsSpace(r) || r == '-' || r == '/'):
			words = append(words, word{start, i})
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, word{start, len(s)})
	}
	var b strings.Builder
	last := 0
	for i, w := range words {
		b.WriteString(s[last:w.start])
		text := s[w.start:w.end]
		lower := strings.ToLower(text)
		if i > 0 && i < len(words)-1 && apSmallWord(lower) {
			b.WriteString(lower)
		} else {
			r, size := utf8.DecodeRuneInString(text)
			b.WriteRune(unicode.ToTitle(r))
			b.WriteString(text[size:])
		}
		last = w.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// apSmallWord reports whether a word stays in lower case inside a title.
func apSmallWord(w string) bool {
	switch w {
	case "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
		"per", "the", "to", "vs", "vs.", "via", "v", "v.":
		return true
	}
	return false
}
