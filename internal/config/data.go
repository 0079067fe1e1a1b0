package config

import (
	"fmt"
	"path"
	"strings"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
	"plansite/internal/folders"
)

// Tracker says which data file reports progress, on which records of which
// pages: each of its rows names a page (objective: skills), the number of
// one of the page's records (action: 2), and sets that record's other
// fields (status, updated, note), so that nobody edits front matter to
// report progress.
type Tracker struct {
	Data         string // the data file's name: "progress" for data/progress.csv
	Section      string // the section of the pages it reports on: "objectives"
	Records      string // the records field of those pages: "actions"
	PageColumn   string // the column naming a page: "objective"
	NumberColumn string // the column giving a record's number, from 1: "action"
	Pos          diag.Pos
}

type trackerFile struct {
	Data         string `toml:"data"`
	Section      string `toml:"section"`
	Records      string `toml:"records"`
	PageColumn   string `toml:"pageColumn"`
	NumberColumn string `toml:"numberColumn"`
}

// DataExts are the extensions of the data files plansite reads, each with
// its format.
var DataExts = map[string]string{".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

// dataTypes are the types of data files ([data.NAME.fields.FIELD]). A name
// is the file's path in data/ without its extension, so that a type does
// not change with the format the file is saved in. A ref may name a page of
// any section, as a content type's may.
func (p *parser) dataTypes(in map[string]typeFile, types map[string]*Type) map[string]*Type {
	out := map[string]*Type{}
	for _, name := range sortedKeys(in) {
		key := toml.Key{"data", name}.String()
		fields, errs := parseFields(in[name].Fields, key+".fields", p.pos, p.vals)
		p.errs = append(p.errs, errs...)
		p.errs = append(p.errs, checkRefs(fields, types, p.vals, key+".fields")...)
		at := p.tablePos(key)
		out[name] = &Type{Section: name, Fields: fields, Pos: at}
		if ext := path.Ext(name); DataExts[strings.ToLower(ext)] != "" {
			p.errs = append(p.errs, diag.Errorf(folders.Config, at.Line, at.Col, "data type %q: name the file without its extension, as templates do (.Site.Data.%s): [data.%s]", name, strings.TrimSuffix(name, ext), strings.TrimSuffix(name, ext)))
		}
	}
	return out
}

// tablePos is where a table is first written: its own header, or, for
// one only named in its keys' headers ([data.people.fields.name]), the
// first of those.
func (p *parser) tablePos(key string) diag.Pos {
	if at := p.pos.Of(key); at.Line > 0 {
		return at
	}
	var first diag.Pos
	for k, ps := range p.pos {
		if strings.HasPrefix(k, key+".") && len(ps) > 0 && (first.Line == 0 || ps[0].Line < first.Line) {
			first = ps[0]
		}
	}
	return first
}

// tracker reads [tracker], giving what it leaves out the default site's
// names, and checks that the records it reports on are declared.
func (p *parser) tracker(in *trackerFile, c *Config) *Tracker {
	if in == nil {
		return nil
	}
	t := &Tracker{Data: in.Data, Section: in.Section, Records: in.Records, PageColumn: in.PageColumn, NumberColumn: in.NumberColumn, Pos: p.pos.Of("tracker")}
	for _, d := range []struct {
		v   *string
		def string
	}{
		{&t.Data, "progress"}, {&t.Section, "objectives"}, {&t.Records, "actions"},
		{&t.PageColumn, "objective"}, {&t.NumberColumn, "action"},
	} {
		if *d.v == "" {
			*d.v = d.def
		}
	}
	if ext := path.Ext(t.Data); DataExts[strings.ToLower(ext)] != "" {
		t.Data = strings.TrimSuffix(t.Data, ext)
	}
	if _, typed := c.Data[t.Data]; typed {
		at := c.Data[t.Data].Pos
		p.errs = append(p.errs, diag.Errorf(folders.Config, at.Line, at.Col, "data.%s is the tracker's file: its columns are the fields of %s' %s, so it takes no type of its own: remove [data.%s]", t.Data, t.Section, t.Records, t.Data))
	}
	rec := p.trackedRecords(t, c.Types)
	if rec == nil {
		return t
	}
	if strings.EqualFold(t.PageColumn, t.NumberColumn) {
		p.errs = append(p.errs, p.trackerError("numberColumn", t, "tracker.numberColumn %q is the column naming the page too: give the two columns names of their own", t.NumberColumn))
	}
	for _, col := range []struct{ key, name string }{{"pageColumn", t.PageColumn}, {"numberColumn", t.NumberColumn}} {
		if Lookup(rec.Fields, col.name) != nil {
			p.errs = append(p.errs, p.trackerError(col.key, t, "tracker.%s %q is also the name of a field of %s' %s: give the column another name", col.key, col.name, t.Section, t.Records))
		}
	}
	return t
}

// trackedRecords is the records field the tracker reports on, or nil,
// reported, when site.toml does not declare it.
func (p *parser) trackedRecords(t *Tracker, types map[string]*Type) *Field {
	typ := types[t.Section]
	if typ == nil {
		hint := diag.Hint(t.Section, sortedKeys(types))
		p.errs = append(p.errs, p.trackerError("section", t, "tracker: section %q has no content type%s: declare the field it reports on, under [types.%s.fields.%s] with kind = \"records\"", t.Section, hint, t.Section, t.Records))
		return nil
	}
	f := Lookup(typ.Fields, t.Records)
	if f == nil || f.Kind != Records {
		var names []string
		for _, f := range typ.Fields {
			if f.Kind == Records {
				names = append(names, f.Name)
			}
		}
		what := "have no field"
		if f != nil {
			what = "have no records field"
		}
		p.errs = append(p.errs, p.trackerError("records", t, "tracker: pages of %s %s %q%s; their records fields are: %s", t.Section, what, t.Records, diag.Hint(t.Records, names), listOrNone(names)))
		return nil
	}
	return f
}

// trackerError is a problem with one of [tracker]'s settings, reported at
// its value, or at [tracker] when the default was taken.
func (p *parser) trackerError(key string, t *Tracker, format string, args ...any) diag.Diagnostic {
	at := p.vals.Of("tracker." + key)
	if at.Line == 0 {
		at = t.Pos
	}
	return diag.Errorf(folders.Config, at.Line, at.Col, format, args...)
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// TrackerRecords is the field of records the tracker reports on, of
// kind records, as the section's content type declares it; nil without a
// tracker, or when the section or that field is not declared.
func (c *Config) TrackerRecords() *Field {
	t := c.Tracker
	if t == nil || c.Types[t.Section] == nil {
		return nil
	}
	rec := Lookup(c.Types[t.Section].Fields, t.Records)
	if rec == nil || rec.Kind != Records {
		return nil
	}
	return rec
}

// TrackerType is the type the tracker's file is checked against: a column
// naming a page of the section, a column numbering one of its records,
// and the fields the records may leave out (status, updated, note), none
// required and none with a default, so that a blank cell reports nothing
// and leaves the page's own value. A record's required fields (its text)
// are the page's to say.
func (c *Config) TrackerType() *Type {
	rec := c.TrackerRecords()
	if rec == nil {
		return nil
	}
	t := c.Tracker
	fields := []*Field{
		{Name: t.PageColumn, Kind: Ref, Section: t.Section, Required: true, Description: fmt.Sprintf("the name of a page of %s", t.Section)},
		{Name: t.NumberColumn, Kind: Int, Required: true, Description: fmt.Sprintf("the number of one of its %s, from 1", t.Records)},
	}
	for _, f := range rec.Fields {
		if !f.Required {
			cp := *f
			cp.Default = nil
			fields = append(fields, &cp)
		}
	}
	return &Type{Section: t.Data, Fields: fields, Pos: t.Pos}
}
