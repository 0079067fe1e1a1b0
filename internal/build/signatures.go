package build

import (
	"reflect"
	"strconv"
	"strings"

	"plansite/internal/markdown"
	"plansite/internal/site"
)

// signatures describe, for each page of a linked site, what a template can
// see of it besides its source: its own derived data, its lists and its
// references. Comparing them before and after an edit tells a rebuild which
// pages changed in ways their sources alone do not show (a section's date,
// an objective gaining a quote).
type signatures struct {
	page map[string]string // key → URL, titles, dates, parent
	list map[string]string // key → the keys it lists, in order
	refs map[string]string // key → its references and back-references
	url  map[string]string // key → URL and aliases
	all  string            // every key, in the site's order
}

func computeSignatures(s *site.Site) signatures {
	sg := signatures{
		page: make(map[string]string, len(s.All)),
		list: map[string]string{},
		refs: map[string]string{},
		url:  make(map[string]string, len(s.All)),
	}
	// A link to an alias resolves to its page: pages that link to a page
	// are converted again when its aliases change, as when its URL does.
	aliasURLs := map[*site.Page]string{}
	for _, a := range s.Aliases {
		aliasURLs[a.Page] += "\x00" + a.URL
	}
	var all strings.Builder
	for _, p := range s.Pages {
		all.WriteString(p.Key)
		all.WriteByte(0)
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
		sg.page[p.Key] = b.String()
		sg.url[p.Key] = p.URL + aliasURLs[p]
		if p.IsSection() {
			sg.list[p.Key] = keys(p.Pages) + "|" + keys(p.RegularRecursive)
		}
		if len(p.Refs) > 0 || len(p.Backrefs) > 0 {
			var r strings.Builder
			for _, f := range sortedFields(p.Refs) {
				r.WriteString(f + "=" + keys(p.Refs[f]) + ";")
			}
			r.WriteString("<" + keys(p.Backrefs))
			sg.refs[p.Key] = r.String()
		}
	}
	return sg
}

func keys(ps []*site.Page) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Key)
		b.WriteByte(0)
	}
	return b.String()
}

func sortedFields(m map[string][]*site.Page) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// delta is what changed between two linkings of a site.
type delta struct {
	pages map[string]bool // pages whose data changed, appeared or went
	lists map[string]bool // sections whose lists changed
	refs  map[string]bool // pages whose references changed
	urls  map[string]bool // pages whose URL changed, appeared or went
	all   bool            // the list of every page changed
}

func newDelta() delta {
	return delta{pages: map[string]bool{}, lists: map[string]bool{}, refs: map[string]bool{}, urls: map[string]bool{}}
}

func (old signatures) diff(cur signatures) delta {
	d := newDelta()
	d.all = old.all != cur.all
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
	changed(old.page, cur.page, d.pages)
	changed(old.list, cur.list, d.lists)
	changed(old.refs, cur.refs, d.refs)
	changed(old.url, cur.url, d.urls)
	return d
}

// linksInto reports whether a converted page links to (or tried to link to)
// one of the given pages or files, whose URLs have changed.
func linksInto(conv *markdown.Result, targets map[string]bool) bool {
	if len(targets) == 0 || conv == nil {
		return false
	}
	for _, l := range conv.Links {
		if targets[l.Target.Page] || targets[l.Target.File] {
			return true
		}
		if l.Target.Problem != "" {
			// It may resolve now.
			return true
		}
	}
	return false
}

// sameShape reports whether two loads of a page differ only in their
// Markdown: same front matter, same problems with it. Then the site's graph
// (URLs, lists, references, menus) is unchanged by the edit.
func sameShape(a, b *pageState) bool {
	x, y := a.src, b.src
	return x.Kind == y.Kind && x.Format == y.Format &&
		reflect.DeepEqual(x.Meta, y.Meta) && reflect.DeepEqual(x.Params, y.Params) &&
		reflect.DeepEqual(x.Refs, y.Refs) && reflect.DeepEqual(a.diags, b.diags)
}
