// Package tracker applies what the progress tracker reports to the pages
// it reports on: each row of its data file names a page (objective:
// skills) and the number of one of the page's records (action: 2), and
// sets that record's other fields (status, updated, note), which templates
// then see in the page's params as if its front matter said them. So
// progress is reported in a spreadsheet, and no one edits front matter
// to report it.
package tracker

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"plansite/internal/config"
	"plansite/internal/data"
	"plansite/internal/diag"
	"plansite/internal/site"
)

// report is one row's report on one record.
type report struct {
	num int
	rec data.Record
}

// Apply sets on the pages of s the records' fields the tracker's file
// reports, and returns the problems of its rows that the file's own checks
// cannot see: a record number the page does not have, and a record
// reported twice. A row whose page does not exist is reported by the
// check of the file's references; one with problems of its own is left
// out, as the build fails anyway.
//
// A row names a page of the default language, and its report holds for
// the page's translations too, except the fields that hold words (a
// note): the file is written in one language, and a Welsh page shows
// what was done, and when, but not English words. A translation with
// fewer records than the row's number is warned of, and left as it is.
func Apply(s *site.Site, cfg *config.Config, f *data.File) []diag.Diagnostic {
	t := cfg.Tracker
	if t == nil || f == nil {
		return nil
	}
	var ds []diag.Diagnostic
	byPage := map[*site.Page][]report{}
	first := map[string]data.Record{} // page and number → the row that reported it first
	pageCol, numCol := strings.ToLower(t.PageColumn), strings.ToLower(t.NumberColumn)
	for _, r := range f.Records {
		name, _ := r.Values[pageCol].(string)
		num, isNum := r.Values[numCol].(int)
		if !r.OK || name == "" || !isNum {
			continue
		}
		p := page(s, t, r)
		if p == nil {
			continue
		}
		at := r.At[numCol]
		if n := len(records(p, t.Records)); num < 1 || num > n {
			ds = append(ds, diag.Errorf(f.Path, at.Line, at.Col, "%s", outOfRange(t, name, num, n)))
			continue
		}
		key := fmt.Sprintf("%s\x00%d", p.Key, num)
		if r1, twice := first[key]; twice {
			ds = append(ds, diag.Errorf(f.Path, r.Pos.Line, r.Pos.Col, "%s %d of %s is reported twice (first on %s): keep one row", t.NumberColumn, num, name, r1.Where()))
			continue
		}
		first[key] = r
		byPage[p] = append(byPage[p], report{num: num, rec: r})
	}
	words := map[string]bool{}
	if typ := cfg.TrackerType(); typ != nil {
		for _, fl := range typ.Fields {
			words[strings.ToLower(fl.Name)] = fl.InWords()
		}
	}
	for p, reps := range byPage {
		set(p, t, reps, nil)
		for _, tr := range p.Translations() {
			n := len(records(tr, t.Records))
			var fits []report
			for _, r := range reps {
				if r.num <= n {
					fits = append(fits, r)
					continue
				}
				at := r.rec.At[numCol]
				ds = append(ds, diag.Warnf(f.Path, at.Line, at.Col, "%s has %d %s, so the progress of %s %d is not shown in %s", tr.Src.File, n, t.Records, t.NumberColumn, r.num, tr.Language().EnglishName()))
			}
			if len(fits) > 0 {
				set(tr, t, fits, words)
			}
		}
	}
	return ds
}

func outOfRange(t *config.Tracker, name string, num, n int) string {
	switch {
	case num < 1:
		return fmt.Sprintf("%s %d: %s are numbered from 1, in the order the page lists them", t.NumberColumn, num, t.Records)
	case n == 0:
		return fmt.Sprintf("%s %s has no %s, so there is no %s %d", t.PageColumn, name, t.Records, t.NumberColumn, num)
	case n == 1:
		return fmt.Sprintf("%s %s has 1 %s, so there is no %s %d", t.PageColumn, name, t.NumberColumn, t.NumberColumn, num)
	}
	return fmt.Sprintf("%s %s has %d %s, so there is no %s %d", t.PageColumn, name, n, t.Records, t.NumberColumn, num)
}

// page is the page a row names, or nil.
func page(s *site.Site, t *config.Tracker, r data.Record) *site.Page {
	for _, ref := range r.Refs {
		if strings.EqualFold(ref.Field, t.PageColumn) {
			p, _ := s.Resolve(ref)
			return p
		}
	}
	return nil
}

// records are a page's records of the field, as its front matter has them.
func records(p *site.Page, field string) []map[string]any {
	if p.Src == nil {
		return nil
	}
	recs, _ := p.Src.Params[strings.ToLower(field)].([]map[string]any)
	return recs
}

// set gives a page params with its reported records' fields set, copying
// what it changes: the page's own params are its front matter's, which a
// rebuild keeps while the tracker changes. The fields skip names are left
// as the page has them.
func set(p *site.Page, t *config.Tracker, reps []report, skip map[string]bool) {
	params := maps.Clone(p.Src.Params)
	recs := slices.Clone(records(p, t.Records))
	slices.SortFunc(reps, func(a, b report) int { return a.num - b.num })
	var sig strings.Builder
	for _, r := range reps {
		rec := maps.Clone(recs[r.num-1])
		fmt.Fprintf(&sig, "%d", r.num)
		for _, k := range slices.Sorted(maps.Keys(r.rec.Values)) {
			if k == strings.ToLower(t.PageColumn) || k == strings.ToLower(t.NumberColumn) || skip[k] {
				continue
			}
			rec[k] = r.rec.Values[k]
			fmt.Fprintf(&sig, "\x00%s=%v", k, r.rec.Values[k])
		}
		sig.WriteByte('\n')
		recs[r.num-1] = rec
	}
	params[strings.ToLower(t.Records)] = recs
	p.SetParams(params, sig.String())
}
