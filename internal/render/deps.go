package render

import (
	"sort"

	"plansite/internal/site"
)

// Deps records what one page's render read, so that a rebuild re-renders a
// page only when something it showed has changed. A nil *Deps records
// nothing, which is what a one-off build uses.
type Deps struct {
	Pages map[string]struct{} // keys of pages whose data was read
	Lists map[string]struct{} // keys of sections whose lists were read
	Refs  map[string]struct{} // keys of pages whose references were read
	All   bool                // the list of every page was read
	// Data says the site's data files were read (.Site.Data). Not which:
	// a template reads a file as a key of the map, which calls nothing
	// that could record it.
	Data    bool
	Layouts map[string]struct{} // theme files executed (folders.Layouts + "/page.html")
	// Cards are the share cards the page shows, which the build draws:
	// not something the render read, but what it needs made.
	Cards []Card
}

// NewDeps makes an empty record.
func NewDeps() *Deps {
	return &Deps{Pages: map[string]struct{}{}, Lists: map[string]struct{}{}, Refs: map[string]struct{}{}, Layouts: map[string]struct{}{}}
}

// NewLayoutDeps makes a record of the layout files alone, for a build that
// will not be followed by rebuilds: recording every page a list reads costs
// time and memory that only rebuilds repay.
func NewLayoutDeps() *Deps {
	return &Deps{Layouts: map[string]struct{}{}}
}

func (d *Deps) addPage(p *site.Page) {
	if d != nil && d.Pages != nil {
		d.Pages[p.Key] = struct{}{}
	}
}

func (d *Deps) addList(p *site.Page) {
	if d != nil && d.Lists != nil {
		d.Lists[p.Key] = struct{}{}
	}
}

func (d *Deps) addRefs(p *site.Page) {
	if d != nil && d.Refs != nil {
		d.Refs[p.Key] = struct{}{}
	}
}

func (d *Deps) addAll() {
	if d != nil {
		d.All = true
	}
}

func (d *Deps) addData() {
	if d != nil {
		d.Data = true
	}
}

func (d *Deps) addLayout(name string) {
	if d != nil {
		d.Layouts[name] = struct{}{}
	}
}

func (d *Deps) addCard(c Card) {
	if d != nil {
		d.Cards = append(d.Cards, c)
	}
}

// LayoutNames lists the theme files the render used, sorted.
func (d *Deps) LayoutNames() []string {
	out := make([]string, 0, len(d.Layouts))
	for n := range d.Layouts {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
