package site

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Signatures describe, for each page of a linked site, what a template can
// see of it besides its source: its own derived data, its lists and its
// references. Comparing them before and after an edit tells a rebuild which
// pages changed in ways their sources alone do not show (a section's date,
// an objective gaining a quote).
type Signatures struct {
	page map[string]string // key → URL, titles, dates, parent, what data files report on it
	list map[string]string // key → the keys it lists, in order
	refs map[string]string // key → its references and back-references
	url  map[string]string // key → URL and aliases
	all  string            // every key, in the site's order
}

// Signatures describes the site as it is linked now.
func (s *Site) Signatures() Signatures {
	sg := Signatures{
		page: make(map[string]string, len(s.All)),
		list: map[string]string{},
		refs: map[string]string{},
		url:  make(map[string]string, len(s.All)),
	}
	// A link to an alias resolves to its page: pages that link to a page
	// are converted again when its aliases change, as when its URL does.
	aliasURLs := map[*Page]string{}
	for _, a := range s.Aliases {
		aliasURLs[a.Page] += "\x00" + a.URL
	}
	var all strings.Builder
	for _, ls := range s.Languages {
		for _, p := range ls.Pages {
			all.WriteString(p.Key)
			all.WriteByte(0)
		}
	}
	sg.all = all.String()
	for _, p := range s.All {
		var b strings.Builder
		b.WriteString(p.URL)
		b.WriteByte(0)
		b.WriteString(p.Title)
		b.WriteByte(0)
		b.WriteString(p.LinkTitle)
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(p.Date.UnixNano(), 10))
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(p.Lastmod.UnixNano(), 10))
		b.WriteByte(0)
		if p.Parent != nil {
			b.WriteString(p.Parent.Key)
		}
		b.WriteByte(0)
		b.WriteString(p.paramsSig)
		b.WriteString(translationKeys(p))
		sg.page[p.Key] = b.String()
		sg.url[p.Key] = p.URL + aliasURLs[p]
		if p.IsSection() {
			sg.list[p.Key] = keysOf(p.Pages) + "|" + keysOf(p.RegularRecursive)
		}
		if len(p.Refs) > 0 || len(p.Backrefs) > 0 {
			var r strings.Builder
			for _, f := range slices.Sorted(maps.Keys(p.Refs)) {
				r.WriteString(f + "=" + keysOf(p.Refs[f]) + ";")
			}
			r.WriteString("<" + keysOf(p.Backrefs))
			sg.refs[p.Key] = r.String()
		}
	}
	return sg
}

func keysOf(ps []*Page) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Key)
		b.WriteByte(0)
	}
	return b.String()
}

// Delta is what changed between two linkings of a site, by page key.
type Delta struct {
	Pages map[string]bool // pages whose data changed, appeared or went
	Lists map[string]bool // sections whose lists changed
	Refs  map[string]bool // pages whose references changed
	URLs  map[string]bool // pages whose URL changed, appeared or went
	All   bool            // the list of every page changed
}

// NewDelta makes a delta in which nothing changed.
func NewDelta() Delta {
	return Delta{Pages: map[string]bool{}, Lists: map[string]bool{}, Refs: map[string]bool{}, URLs: map[string]bool{}}
}

// Diff says what changed from old to cur.
func (old Signatures) Diff(cur Signatures) Delta {
	d := NewDelta()
	d.All = old.all != cur.all
	changed := func(a, b map[string]string, into map[string]bool) {
		for k, v := range b {
			if w, ok := a[k]; !ok || w != v {
				into[k] = true
			}
		}
		for k := range a {
			if _, ok := b[k]; !ok {
				into[k] = true
			}
		}
	}
	changed(old.page, cur.page, d.Pages)
	changed(old.list, cur.list, d.Lists)
	changed(old.refs, cur.refs, d.Refs)
	changed(old.url, cur.url, d.URLs)
	return d
}
