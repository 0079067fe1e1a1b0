package frontmatter

import (
	"strconv"
	"strings"
	"unicode"

	"plansite/internal/diag"
)

// Duplicate is a key given twice in one set of fields.
type Duplicate struct {
	// Path names the key as messages do: "title", "params.colour",
	// "actions[2].text" (records counted from 1), with the key as written
	// the second time, which is Key.
	Path, Key string
	// First is the key as written the first time, which may differ in
	// case: Hugo reads Title and title as one field.
	First       string
	At, FirstAt diag.Pos // of the second key, and of the first
}

// Duplicates lists the keys given twice in any set of fields of n, in
// document order. YAML and JSON let the last of them win without a word,
// and TOML only refuses the same key in the same case, so that a page
// would not say what its writer thinks it says.
func Duplicates(n *Node) []Duplicate {
	var out []Duplicate
	duplicates(n, "", &out)
	return out
}

func duplicates(n *Node, path string, out *[]Duplicate) {
	switch n.Kind {
	case Map:
		prefix := path
		if prefix != "" {
			prefix += "."
		}
		for i, j := range repeats(n.Keys) {
			if j >= 0 {
				*out = append(*out, Duplicate{Path: prefix + n.Keys[i], Key: n.Keys[i], First: n.Keys[j],
					At: n.Items[i].KeyPos, FirstAt: n.Items[j].KeyPos})
			}
		}
		for i, c := range n.Items {
			duplicates(c, prefix+n.Keys[i], out)
		}
	case List:
		for i, c := range n.Items {
			duplicates(c, path+"["+strconv.Itoa(i+1)+"]", out)
		}
	}
}

// repeats gives, for each key, the index of the first key before it that
// is the same but for case, as Hugo reads keys, or -1; nil when there is
// none. Most maps of front matter are
// small: they are compared pair by pair, without allocating a set.
func repeats(keys []string) []int {
	var first []int
	note := func(i, j int) {
		if first == nil {
			first = make([]int, len(keys))
			for k := range first {
				first[k] = -1
			}
		}
		first[i] = j
	}
	if len(keys) <= 16 {
		for i := 1; i < len(keys); i++ {
			for j := 0; j < i; j++ {
				if strings.EqualFold(keys[i], keys[j]) {
					note(i, j)
					break
				}
			}
		}
		return first
	}
	seen := make(map[string]int, len(keys))
	for i, k := range keys {
		fk := foldKey(k)
		if j, ok := seen[fk]; ok {
			note(i, j)
			continue
		}
		seen[fk] = i
	}
	return first
}

// foldKey is the form of a key that all its spellings in other cases
// share, as strings.EqualFold, and so Node.Get, compares them: each
// character folded to the least of the characters it folds to.
func foldKey(k string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, k)
}
