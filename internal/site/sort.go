package site

import (
	"sort"
	"strings"
)

// SortDefault sorts pages in Hugo's default order: by weight (pages without
// a weight last), then newest date first, then link title, then content path.
func SortDefault(pages []*Page) {
	sort.SliceStable(pages, func(i, j int) bool { return lessDefault(pages[i], pages[j]) })
}

func lessDefault(a, b *Page) bool {
	wa, wb := a.Weight(), b.Weight()
	if wa != wb {
		switch {
		case wb == 0:
			return true
		case wa == 0:
			return false
		}
		return wa < wb
	}
	if ua, ub := a.Date.Unix(), b.Date.Unix(); ua != ub {
		return ua > ub
	}
	if c := compareTitles(a.LinkTitle, b.LinkTitle); c != 0 {
		return c < 0
	}
	return sortPath(a) < sortPath(b)
}

// compareTitles orders titles as a reader would, ignoring case first.
func compareTitles(a, b string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func sortPath(p *Page) string {
	if p.Src != nil {
		return p.Src.Path
	}
	return p.Path
}
