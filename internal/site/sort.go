package site

import (
	"bytes"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortDefault sorts pages in Hugo's default order: by weight (pages without
// a weight last), then newest date first, then link title as Hugo orders
// titles (see titleKeys), then content path.
func SortDefault(pages []*Page) {
	keys := titleKeys(pages)
	sort.SliceStable(pages, func(i, j int) bool { return lessDefault(pages[i], pages[j], keys) })
}

func lessDefault(a, b *Page, keys map[*Page][]byte) bool {
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
	if c := bytes.Compare(keys[a], keys[b]); c != 0 {
		return c < 0
	}
	return sortPath(a) < sortPath(b)
}

// titleKeys makes the keys that order link titles as Hugo orders them: by
// the Unicode collation algorithm for English, so that "alpha" comes before
// "Alpha", "Échelle" among the E's and "_note" before "42". Hugo collates in
// the site's language, which is "en" unless a site is multilingual
// (languageCode does not change it). Only pages that tie on weight and date
// with another need a key, and most sites have none.
func titleKeys(pages []*Page) map[*Page][]byte {
	type rank struct {
		weight int
		date   int64
	}
	seen := make(map[rank]int, len(pages))
	ties := 0
	for _, p := range pages {
		r := rank{p.Weight(), p.Date.Unix()}
		seen[r]++
		if seen[r] == 2 {
			ties++
		}
	}
	if ties == 0 {
		return nil
	}
	c := collate.New(language.English)
	var buf collate.Buffer
	keys := map[*Page][]byte{}
	for _, p := range pages {
		if seen[rank{p.Weight(), p.Date.Unix()}] > 1 {
			keys[p] = c.KeyFromString(&buf, p.LinkTitle)
		}
	}
	return keys
}

func sortPath(p *Page) string {
	if p.Src != nil {
		return p.Src.Path
	}
	return p.Path
}
