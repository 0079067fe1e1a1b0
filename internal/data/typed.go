package data

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/frontmatter"
)

// Record is one record of a typed data file, checked: a row of a CSV file,
// an item of a YAML or JSON list, or the whole of a file of one set of
// fields.
type Record struct {
	Pos    diag.Pos       // where it starts: a row's first cell
	Row    int            // its row in a CSV file, the header being row 1; 0 in other formats
	Values map[string]any // by field name, in lower case; the values given, and defaults
	Refs   []content.Ref  // the pages it names, for the site to check
	OK     bool           // whether it had no problems
	// At are where its fields' values stand, by field name in lower case.
	At map[string]diag.Pos
}

// Where names the record for messages: its row in a spreadsheet, or its
// line in the file.
func (r Record) Where() string {
	switch {
	case r.Row == 0:
		return fmt.Sprintf("line %d", r.Pos.Line)
	case r.Row != r.Pos.Line:
		return fmt.Sprintf("row %d, line %d", r.Row, r.Pos.Line)
	}
	return fmt.Sprintf("row %d", r.Row)
}

// column is a column of a CSV file that is read: its header cell, and
// its field in a typed file.
type column struct {
	index int
	name  string
	field *config.Field
}

// fromTable makes a CSV file's value, a list of its rows, each a map from
// the header's names to the row's cells: as text, or, in a typed file,
// checked and converted to their fields' kinds.
func (f *File) fromTable(t *table) {
	if f.typ != nil && len(t.header) == 0 {
		f.errorf(diag.Pos{Line: 1, Col: 1}, "the file is empty: its first row names the columns (%s)", strings.Join(config.Names(f.typ.Fields), ", "))
		return
	}
	cols := f.columns(t)
	unnamed := map[int]bool{}
	for i, h := range t.header {
		if strings.TrimSpace(h.text) == "" {
			unnamed[i] = true
		}
	}
	rows := make([]map[string]any, 0, len(t.rows))
	for _, row := range t.rows {
		f.checkCells(row, len(t.header), unnamed)
		if f.typ == nil {
			m := make(map[string]any, len(cols))
			for _, c := range cols {
				m[c.name] = ""
				if c.index < len(row.cells) {
					m[c.name] = row.cells[c.index].text
				}
			}
			rows = append(rows, m)
			continue
		}
		n := &frontmatter.Node{Kind: frontmatter.Map, Pos: row.cells[0].pos}
		for _, c := range cols {
			if c.index < len(row.cells) {
				n.Keys, n.Items = append(n.Keys, c.field.Name), append(n.Items, cellNode(c.field, row.cells[c.index]))
			}
		}
		rows = append(rows, f.record(n, row.num, "rows").Values)
	}
	f.Value = rows
}

// columns reads the header: the columns with names, each once, and, in a
// typed file, each a field of its type, and every required field there.
func (f *File) columns(t *table) []column {
	var cols []column
	seen := map[string]int{}
	hinted := map[string]bool{}
	for i, h := range t.header {
		name := strings.TrimSpace(h.text)
		if name == "" {
			continue // a column with nothing in it is no column; checkCells reports one with data
		}
		if first, ok := seen[strings.ToLower(name)]; ok {
			f.errorf(h.pos, "column %q is named twice (first as column %d): rename one", name, first+1)
			continue
		}
		seen[strings.ToLower(name)] = i
		c := column{index: i, name: name}
		if f.typ != nil {
			c.field = config.Lookup(f.typ.Fields, name)
			switch {
			case c.field == nil:
				names := config.Names(f.typ.Fields)
				hint := diag.Hint(name, names)
				if g, ok := diag.Closest(name, names); ok && hint != "" {
					hinted[strings.ToLower(g)] = true
				}
				f.errorf(h.pos, "unknown column %q%s; the columns are: %s", name, hint, strings.Join(names, ", "))
				continue
			case c.field.Kind == config.Records:
				f.errorf(h.pos, "column %q: a cell cannot hold records; keep %s in a YAML or JSON file", name, f.Name)
				continue
			}
		}
		cols = append(cols, c)
	}
	if f.typ != nil {
		for _, fd := range f.typ.Fields {
			if _, ok := seen[strings.ToLower(fd.Name)]; !ok && fd.Required && !hinted[strings.ToLower(fd.Name)] {
				f.errorf(t.header[0].pos, "the header has no column %q, which every row needs%s", fd.Name, describe(fd))
			}
		}
	}
	return cols
}

func describe(f *config.Field) string {
	if f.Description != "" {
		return " (" + f.Description + ")"
	}
	return ""
}

// checkCells reports what a row has outside the header's columns, which
// no one would see: cells past the last column, and cells of a column
// without a name, each such column once (unnamed holds those not yet
// reported).
func (f *File) checkCells(row tableRow, width int, unnamed map[int]bool) {
	for i, c := range row.cells {
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		switch {
		case i >= width:
			f.errorf(c.pos, "row %d has a cell past the header's last column (%d): name its column in row 1, or remove the cell", row.num, width)
			return
		case unnamed[i]:
			delete(unnamed, i)
			f.errorf(c.pos, "column %d has no name in row 1, but row %d has %q in it: name the column, or empty it", i+1, row.num, truncate(c.text))
		}
	}
}

// cellNode is a cell as a value of field f: text, except where f's kind
// reads it as a number, true or false, or a list (its items separated by
// commas). A cell the kind cannot read stays text, for the checks to say
// what is wrong with it; an empty one is a value left empty.
func cellNode(f *config.Field, c cell) *frontmatter.Node {
	n := &frontmatter.Node{Pos: c.pos, KeyPos: c.pos}
	text := strings.TrimSpace(c.text)
	if text == "" {
		return n
	}
	n.Val = text
	switch f.Kind {
	case config.Int, config.Float:
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			n.Val = i
		} else if x, err := strconv.ParseFloat(text, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
			n.Val = x
		}
	case config.Bool:
		if b, err := strconv.ParseBool(strings.ToLower(text)); err == nil && (strings.EqualFold(text, "true") || strings.EqualFold(text, "false")) {
			n.Val = b
		}
	case config.List, config.Refs:
		n.Kind, n.Val = frontmatter.List, nil
		for item := range strings.SplitSeq(text, ",") {
			if item = strings.TrimSpace(item); item != "" {
				n.Items = append(n.Items, &frontmatter.Node{Pos: c.pos, Val: item})
			}
		}
	}
	return n
}

// fromTree makes a YAML, JSON or TOML file's value: as it is, or, in a
// typed file, its records checked: a list of them, or one set of fields.
func (f *File) fromTree(n *frontmatter.Node) {
	if f.typ == nil {
		f.Value = n.Plain()
		return
	}
	names := strings.Join(config.Names(f.typ.Fields), ", ")
	switch n.Kind {
	case frontmatter.Map:
		f.Value = f.record(n, 0, "records").Values
	case frontmatter.List:
		recs := make([]map[string]any, 0, len(n.Items))
		for i, e := range n.Items {
			if e.Kind != frontmatter.Map {
				f.errorf(e.Pos, "item %d must be a set of fields (%s), not %s", i+1, names, e.Describe())
				continue
			}
			recs = append(recs, f.record(e, 0, "records").Values)
		}
		f.Value = recs
	default:
		if n.Val == nil {
			f.errorf(n.Pos, "the file is empty: it holds a list of records, each with the fields %s", names)
			return
		}
		f.errorf(n.Pos, "the file must hold a list of records, or one set of fields (%s), not %s", names, n.Describe())
	}
}

// record checks one record against the file's type and keeps it.
func (f *File) record(n *frontmatter.Node, row int, noun string) Record {
	vals, refs, ds := content.CheckRecord(f.Path, n, f.typ.Fields, noun+" of "+f.Path)
	r := Record{Pos: n.Pos, Row: row, Values: vals, Refs: refs, OK: len(ds) == 0, At: make(map[string]diag.Pos, len(n.Keys))}
	for i, k := range n.Keys {
		r.At[strings.ToLower(k)] = n.Items[i].Pos
	}
	f.Diags = append(f.Diags, ds...)
	f.Records = append(f.Records, r)
	return r
}

func truncate(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
