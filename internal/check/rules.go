package check

import (
	"fmt"
	"sort"
	"strings"

	"plansite/internal/markdown"
)

// vague is link text that says nothing about where a link goes: a screen
// reader's list of links reads "click here, click here, read more".
var vague = map[string]bool{
	"click here": true, "here": true, "click": true, "read more": true, "more": true,
	"link": true, "this link": true, "this": true, "learn more": true, "find out more": true,
	"more info": true, "more information": true, "details": true, "go": true,
}

// VagueLinkText reports whether link text makes no sense out of context.
func VagueLinkText(text string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), ".…!:>» "))
	return vague[t]
}

// Problem is something wrong at a line of a page's Markdown.
type Problem struct {
	Line    int
	Message string
}

// ContentHeadings checks a page's Markdown headings. The page's title is its
// h1, so the content starts at h2 and, going down, never skips a level.
func ContentHeadings(hs []markdown.Heading) []Problem {
	var out []Problem
	prev := 1
	for _, h := range hs {
		switch {
		case h.Level == 1:
			out = append(out, Problem{h.Line, fmt.Sprintf("heading %q is a level 1 heading (#), but the page's title is its only h1: start the page's headings at ##", h.Text)})
		case h.Level > prev+1:
			out = append(out, Problem{h.Line, fmt.Sprintf("heading %q skips from level %d to level %d: use %s", h.Text, prev, h.Level, strings.Repeat("#", prev+1))})
		}
		prev = h.Level
	}
	return out
}

// DuplicateIDs lists the IDs a page has more than once, sorted.
func DuplicateIDs(ids []string) []string {
	seen := make(map[string]int, len(ids))
	for _, id := range ids {
		seen[id]++
	}
	var out []string
	for id, n := range seen {
		if n > 1 {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
