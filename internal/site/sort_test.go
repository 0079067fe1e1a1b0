package site

import (
	"strings"
	"testing"
	"time"

	"plansite/internal/content"
)

// The orders are Hugo 0.166.0's for the same pages (see also internal/build's
// TestHugoParity).
func TestSortDefaultAsHugo(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	page := func(path, title string, weight int, date string) *Page {
		p := &Page{Src: &content.Page{Path: path}, LinkTitle: title}
		p.Src.Meta.Weight = weight
		if date != "" {
			p.Date = day(date)
		}
		return p
	}
	pages := []*Page{
		page("z.md", "Zulu", 0, ""),
		page("m.md", "_underscore", 0, "2020-07-01"),
		page("n.md", "42 numbers", 0, "2020-07-01"),
		page("k.md", "Item 10", 0, "2020-07-01"),
		page("l.md", "Item 9", 0, "2020-07-01"),
		page("h.md", "Échelle", 0, "2020-06-01"),
		page("j.md", "zebra", 0, "2020-06-01"),
		page("i.md", "Eagle", 0, "2020-06-01"),
		page("p.md", "Same", 0, "2020-08-01"),
		page("o.md", "Same", 0, "2020-08-01"),
		page("a.md", "beta", 1, "2020-01-01"),
		page("b.md", "Alpha", 1, "2020-01-01"),
		page("c.md", "alpha", 1, "2020-01-01"),
		page("d.md", "Weighted without a date", 2, ""),
		page("g.md", "apple", 0, ""),
	}
	SortDefault(pages)
	var got []string
	for _, p := range pages {
		got = append(got, p.LinkTitle+"("+p.Src.Path+")")
	}
	want := "alpha(c.md) Alpha(b.md) beta(a.md) Weighted without a date(d.md) Same(o.md) Same(p.md) " +
		"_underscore(m.md) 42 numbers(n.md) Item 10(k.md) Item 9(l.md) Eagle(i.md) Échelle(h.md) zebra(j.md) apple(g.md) Zulu(z.md)"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("order:\n got %s\nwant %s", g, want)
	}
}
