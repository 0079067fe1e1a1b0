package cms

import (
	"strings"

	"gopkg.in/yaml.v3"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/frontmatter"
	"plansite/internal/tplfuncs"
)

// builtin is a built-in front matter field as the CMS edits it.
type builtin struct {
	name, label, hint string
	widget            func(f *yaml.Node)
	kind              config.Kind // as a declared field of the same value
}

// builtins are the built-in fields the CMS edits, in the order pages
// usually give them, so that a page saved by the CMS reads as one written
// by hand: title first, the dates and description, the type's own fields,
// then the weight and draft.
var (
	builtinsBefore = []builtin{
		{"date", "Date", "the day the page was published", dateWidget, config.Date},
		{"lastmod", "Last changed", "the day the page last changed: search engines and feed readers see it", dateWidget, config.Date},
		{"description", "Description", "one or two sentences that search engines and shared links show", textWidget, config.Text},
	}
	builtinsAfter = []builtin{
		{"weight", "Weight", "the page's place in lists: lower comes first", intWidget, config.Int},
		{"draft", "Draft", "a draft is not published", boolWidget, config.Bool},
	}
)

// fields are the CMS's fields for a page with the declared fields: the
// built-in ones, those declared, and the body. In a folder collection the
// title is required, as Decap names new pages from it. arch holds what
// the section's archetype gives new pages.
func (g *generator) fields(declared []*config.Field, folder bool, arch *archetype) *yaml.Node {
	var out []*yaml.Node
	title := config.Lookup(declared, "title")
	if title != nil {
		out = append(out, g.field(title, arch))
	} else {
		f := mapping("name", "title", "label", "Title", "widget", "string", "required", folder)
		g.translatable(f, config.String, false)
		setDefault(f, arch, "title")
		out = append(out, f)
	}
	both := func(list []builtin) {
		for _, b := range list {
			if d := config.Lookup(declared, b.name); d != nil {
				continue // declared: in its own place below
			}
			f := mapping("name", b.name, "label", b.label)
			b.widget(f)
			add(f, "required", false)
			add(f, "hint", b.hint)
			g.translatable(f, b.kind, false)
			setDefault(f, arch, b.name)
			out = append(out, f)
		}
	}
	both(builtinsBefore)
	for _, d := range declared {
		if d != title {
			out = append(out, g.field(d, arch))
		}
	}
	both(builtinsAfter)
	body := mapping("name", "body", "label", "Page text", "widget", "markdown", "required", false)
	g.translatable(body, config.Text, false)
	if arch != nil && strings.TrimSpace(arch.body) != "" {
		add(body, "default", arch.body)
	}
	return sequence(append(out, body))
}

// field is one declared field: its widget, whether it is required, its
// default and what it is for.
func (g *generator) field(d *config.Field, arch *archetype) *yaml.Node {
	f := mapping("name", d.Name, "label", tplfuncs.Humanize(d.Name))
	if !g.widget(f, d) {
		return f
	}
	// Decap takes a field as required unless told otherwise.
	add(f, "required", d.Required)
	if d.Description != "" {
		add(f, "hint", d.Description)
	}
	g.translatable(f, d.Kind, len(d.Values) > 0)
	if d.Default != nil {
		add(f, "default", d.Default)
	}
	setDefault(f, arch, d.Name)
	return f
}

// widget adds the widget for d's kind, and reports a kind with none.
func (g *generator) widget(f *yaml.Node, d *config.Field) bool {
	switch {
	case len(d.Values) > 0 && (d.Kind == config.String || d.Kind == config.Text):
		add(f, "widget", "select")
		add(f, "options", d.Values)
		return true
	case len(d.Values) > 0 && d.Kind == config.List:
		add(f, "widget", "select")
		add(f, "multiple", true)
		add(f, "options", d.Values)
		return true
	}
	switch d.Kind {
	case config.String:
		add(f, "widget", "string")
	case config.Text:
		textWidget(f)
	case config.Int:
		intWidget(f)
	case config.Float:
		add(f, "widget", "number")
		add(f, "value_type", "float")
	case config.Bool:
		boolWidget(f)
	case config.Date:
		dateWidget(f)
	case config.List:
		add(f, "widget", "list")
	case config.Records:
		add(f, "widget", "list")
		if len(d.Fields) > 0 {
			add(f, "summary", "{{fields."+d.Fields[0].Name+"}}")
		}
		var subs []*yaml.Node
		for _, s := range d.Fields {
			subs = append(subs, g.field(s, nil))
		}
		add(f, "fields", sequence(subs))
	case config.Ref, config.Refs:
		return g.relation(f, d)
	default:
		g.errorf(d.Pos, "field %q: the CMS has no widget for the kind %q", d.Name, d.Kind)
		return false
	}
	return true
}

// relation chooses a page of the section d refers to, by title, and saves
// its file name, which is what plansite checks a reference against.
func (g *generator) relation(f *yaml.Node, d *config.Field) bool {
	if g.site.Config.Types[d.Section] == nil {
		g.errorf(d.Pos, "field %q refers to pages of %s, which has no content type, so the CMS has no collection to choose them from: declare a type for %s in site.toml ([types.%s.fields.title] will do)", d.Name, d.Section, d.Section, d.Section)
		return false
	}
	add(f, "widget", "relation")
	add(f, "collection", d.Section)
	add(f, "value_field", "{{slug}}")
	add(f, "search_fields", []string{"title"})
	add(f, "display_fields", []string{"title"})
	if d.Kind == config.Refs {
		add(f, "multiple", true)
	}
	return true
}

func textWidget(f *yaml.Node) { add(f, "widget", "text") }
func boolWidget(f *yaml.Node) { add(f, "widget", "boolean") }

func intWidget(f *yaml.Node) {
	add(f, "widget", "number")
	add(f, "value_type", "int")
}

// dateWidget picks a day and saves it as plansite writes dates, 2019-04-01.
func dateWidget(f *yaml.Node) {
	add(f, "widget", "datetime")
	add(f, "format", "YYYY-MM-DD")
	add(f, "date_format", "YYYY-MM-DD")
	add(f, "time_format", false)
}

// archetype is what a section's archetype gives a new page: a value for
// some fields, and the body.
type archetype struct {
	values map[string]any // by field name in lower case
	body   string
}

// archetype reads the section's archetype, if it has one, as plansite new
// would fill it for a page with no title yet and no date (which the CMS
// asks for, and which would make the configuration differ by the day). An
// archetype that does not fill or parse is left to plansite new to report.
func (g *generator) archetype(section string) *archetype {
	if g.site.Archetype == nil {
		return nil
	}
	tmpl := g.site.Archetype(section)
	if tmpl == nil {
		return nil
	}
	page, err := content.FromArchetype(tmpl, content.ArchetypeData{Section: section})
	if err != nil {
		return nil
	}
	blk, body, _, err := frontmatter.Split(page)
	if err != nil || blk == nil || blk.Unclosed != "" {
		return nil
	}
	root, _, err := frontmatter.Parse(blk)
	if err != nil {
		return nil
	}
	a := &archetype{values: map[string]any{}, body: strings.TrimLeft(string(body), "\n")}
	for i, k := range root.Keys {
		if v := root.Items[i].Plain(); v != nil && v != "" {
			a.values[strings.ToLower(k)] = v
		}
	}
	return a
}

// setDefault gives a field the archetype's value, which outranks the
// type's default, as it does for plansite new.
func setDefault(f *yaml.Node, arch *archetype, name string) {
	if arch == nil {
		return
	}
	v, ok := arch.values[strings.ToLower(name)]
	if !ok {
		return
	}
	for i := 0; i+1 < len(f.Content); i += 2 {
		if f.Content[i].Value == "default" {
			f.Content[i+1] = value(v)
			return
		}
	}
	add(f, "default", v)
}
