package tracker

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"plansite/internal/config"
	"plansite/internal/site"
)

// CSV is the table of every record the tracker reports on, for readers to
// download (actions.csv for the default site's actions): a row for each
// record, in the plan's order (the section's pages in their order, each
// page's records in theirs), giving the page's number and title, the
// record's number, and the record's fields in the order the content type
// declares them, as front matter and the tracker set them:
//
//	Objective,Objective title,Action,Text,Status,Updated,Note
//	3,The public library leadership …,1,Deliver the Public Library Skills Strategy …,done,2019-10-01,
//
// A page's number is its number field, when it has one, else its place in
// the section, from 1. The file is UTF-8 with a byte order mark, so that
// Excel reads it as UTF-8, and quoted as RFC 4180 says, lines ending in
// CRLF. It is nil until some progress is reported (a record has a value
// for one of the fields the tracker sets), and when the section or its
// records field are not declared.
func CSV(s *site.Site, cfg *config.Config) *site.Download {
	rec := cfg.TrackerRecords()
	if rec == nil {
		return nil
	}
	t := cfg.Tracker
	sec := s.PageByRef(t.Section)
	if sec == nil || !sec.IsSection() {
		return nil
	}
	header := []string{sentence(t.PageColumn), sentence(t.PageColumn) + " title", sentence(t.NumberColumn)}
	for _, f := range rec.Fields {
		header = append(header, sentence(f.Name))
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(header)
	// Progress is reported when a record has a value for a field the
	// tracker reports (one that is not required: status, updated, note),
	// in its front matter or from the tracker.
	reported := false
	for i, p := range sec.RegularRecursive {
		recs, _ := p.Params()[strings.ToLower(t.Records)].([]map[string]any)
		for j, r := range recs {
			row := []string{fmt.Sprint(pageNumber(p, i+1)), p.Title, fmt.Sprint(j + 1)}
			for _, f := range rec.Fields {
				v := r[strings.ToLower(f.Name)]
				reported = reported || (!f.Required && v != nil && v != "")
				row = append(row, cell(v))
			}
			w.Write(row)
		}
	}
	if !reported {
		return nil
	}
	w.Flush()
	return &site.Download{Name: t.Records + ".csv", MediaType: "text/csv", Data: buf.Bytes(), Reads: sec.RegularRecursive}
}

// pageNumber is a page's number field, or else its place.
func pageNumber(p *site.Page, place int) int {
	if n, ok := p.Params()["number"].(int); ok {
		return n
	}
	return place
}

// cell writes a value as a spreadsheet shows it: a date as 2019-10-01, a
// list as its items separated by commas, nothing for a value left out.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339)
	case bool:
		return strings.ToUpper(fmt.Sprint(x))
	case []string:
		return strings.Join(x, ", ")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = cell(e)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// sentence writes a field's name as a column's heading: "note" as "Note".
func sentence(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}
