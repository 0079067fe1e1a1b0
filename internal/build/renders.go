package build

import (
	"sort"

	"plansite/internal/check"
	"plansite/internal/diag"
	"plansite/internal/output"
	"plansite/internal/render"
	"plansite/internal/site"
)

// rendered is what the builder knows of one page's last render: what link
// checks need of it, what it read, and what went wrong.
type rendered struct {
	check.Render
	deps *render.Deps
	// errs are the render's errors when it failed; warns what its
	// templates warned of (warnf).
	errs, warns []diag.Diagnostic
}

// renders are the last render of every page, indexed both ways: by page
// and output, and by what each read, so that a change finds the pages to
// render again without looking at the others.
type renders struct {
	byKey   map[string]*rendered
	byOut   map[string]*rendered
	failed  map[string]bool
	readers readers
}

func newRenders() *renders {
	return &renders{byKey: map[string]*rendered{}, byOut: map[string]*rendered{}, failed: map[string]bool{}, readers: newReaders()}
}

// record keeps a page's render, and indexes what it read.
func (r *renders) record(rd *rendered) {
	r.forget(rd.Key)
	r.byKey[rd.Key] = rd
	r.byOut[rd.Out] = rd
	r.readers.add(rd.Key, rd.deps)
	if rd.Failed {
		r.failed[rd.Key] = true
	}
}

// forget drops a page's render.
func (r *renders) forget(key string) {
	old := r.byKey[key]
	if old == nil {
		return
	}
	r.readers.remove(key, old.deps)
	if r.byOut[old.Out] == old {
		delete(r.byOut, old.Out)
	}
	delete(r.byKey, key)
	delete(r.failed, key)
}

// usesAny reports whether a page's last render executed one of the layouts.
func (r *renders) usesAny(layouts map[string]bool) bool {
	for name := range layouts {
		if len(r.readers.layouts[name]) > 0 {
			return true
		}
	}
	return false
}

// diagnostics are the errors of the pages that failed to render and the
// warnings of those that did. One fault in a layout breaks every page that
// uses it: it is reported once, naming the first page and how many more.
func (r *renders) diagnostics() []diag.Diagnostic {
	type fault struct {
		d     diag.Diagnostic
		pages []string
	}
	byFault := map[diag.Diagnostic]*fault{}
	var order []diag.Diagnostic
	for _, rd := range r.byKey {
		for _, d := range append(rd.errs, rd.warns...) {
			page := d.Page
			d.Page = ""
			f := byFault[d]
			if f == nil {
				f = &fault{d: d}
				byFault[d] = f
				order = append(order, d)
			}
			f.pages = append(f.pages, page)
		}
	}
	out := make([]diag.Diagnostic, 0, len(order))
	for _, k := range order {
		f := byFault[k]
		sort.Strings(f.pages)
		d := f.d
		if f.pages[0] != "" {
			d.Page, d.Others = f.pages[0], len(f.pages)-1
		}
		out = append(out, d)
	}
	return out
}

// builtOutput is the site's output as link checks see it: the pages'
// renders, and every other file the build makes.
type builtOutput struct {
	r   *renders
	out *output.Store
}

func (b builtOutput) Render(key string) *check.Render {
	if rd := b.r.byKey[key]; rd != nil {
		return &rd.Render
	}
	return nil
}

func (b builtOutput) RenderAt(out string) *check.Render {
	if rd := b.r.byOut[out]; rd != nil {
		return &rd.Render
	}
	return nil
}

func (b builtOutput) Has(name string) bool { return b.out.Has(name) }

// readers is the reverse of every page's render record: for each thing a
// render can read, the keys of the pages whose last render read it.
type readers struct {
	pages, lists, refs, layouts map[string]map[string]bool
	all                         map[string]bool
	data                        map[string]bool // the pages that read .Site.Data
}

func newReaders() readers {
	return readers{pages: map[string]map[string]bool{}, lists: map[string]map[string]bool{},
		refs: map[string]map[string]bool{}, layouts: map[string]map[string]bool{}, all: map[string]bool{},
		data: map[string]bool{}}
}

func (r readers) add(key string, d *render.Deps) {
	index := func(m map[string]map[string]bool, read map[string]struct{}) {
		for k := range read {
			set := m[k]
			if set == nil {
				set = map[string]bool{}
				m[k] = set
			}
			set[key] = true
		}
	}
	index(r.pages, d.Pages)
	index(r.lists, d.Lists)
	index(r.refs, d.Refs)
	index(r.layouts, d.Layouts)
	if d.All {
		r.all[key] = true
	}
	if d.Data {
		r.data[key] = true
	}
}

func (r readers) remove(key string, d *render.Deps) {
	unindex := func(m map[string]map[string]bool, read map[string]struct{}) {
		for k := range read {
			if set := m[k]; set != nil {
				delete(set, key)
				if len(set) == 0 {
					delete(m, k)
				}
			}
		}
	}
	unindex(r.pages, d.Pages)
	unindex(r.lists, d.Lists)
	unindex(r.refs, d.Refs)
	unindex(r.layouts, d.Layouts)
	delete(r.all, key)
	delete(r.data, key)
}

// affected lists the pages to render after a change: the changed pages and
// every page whose last render read what changed.
func (r readers) affected(d site.Delta, layouts map[string]bool) map[string]bool {
	out := map[string]bool{}
	add := func(set map[string]bool) {
		for k := range set {
			out[k] = true
		}
	}
	for k := range d.Pages {
		out[k] = true
		add(r.pages[k])
	}
	for k := range d.Lists {
		add(r.lists[k])
	}
	for k := range d.Refs {
		add(r.refs[k])
	}
	for l := range layouts {
		add(r.layouts[l])
	}
	if d.All {
		add(r.all)
	}
	return out
}
