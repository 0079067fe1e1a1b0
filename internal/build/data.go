package build

import (
	"maps"

	"plansite/internal/data"
	"plansite/internal/diag"
	"plansite/internal/site"
	"plansite/internal/tracker"
)

// loadData reads data/ afresh, for a full build: with the configuration,
// the files' types may have changed.
func (b *Builder) loadData() {
	types := maps.Clone(b.in.cfg.Data)
	if t := b.in.cfg.TrackerType(); t != nil {
		types[b.in.cfg.Tracker.Data] = t
	}
	b.data = data.NewLoader(b.opts.Src, types)
	b.dataSet, _ = b.data.Load()
}

// reloadData reads data/ again after a change in it, and reports whether
// any file's bytes changed, or any file appeared or went.
func (b *Builder) reloadData() bool {
	set, changed := b.data.Load()
	b.dataSet = set
	return changed
}

// applyData gives a newly linked site its data, checks the pages typed
// data files name, and applies what the tracker reports, which must come
// before the site's signatures are taken, as it changes what pages show.
func (b *Builder) applyData(s *site.Site) []diag.Diagnostic {
	s.Data = b.dataSet.Values
	var ds []diag.Diagnostic
	for _, f := range b.dataSet.Files {
		for _, r := range f.Records {
			for _, ref := range r.Refs {
				if _, problem := s.Resolve(ref); problem != "" {
					ds = append(ds, diag.Errorf(f.Path, ref.Pos.Line, ref.Pos.Col, "%s", problem))
				}
			}
		}
	}
	if t := b.in.cfg.Tracker; t != nil {
		ds = append(ds, tracker.Apply(s, b.in.cfg, b.dataSet.File(t.Data))...)
		if csv := tracker.CSV(s, b.in.cfg); csv != nil {
			for _, ls := range s.Languages {
				ls.Downloads[site.ProgressDownload] = csv
			}
		}
	}
	for _, p := range b.opts.PDFs {
		if ls := s.Lang(p.Language); ls != nil {
			ls.Downloads[site.PlanDownload] = &site.Download{Name: p.Name, MediaType: "application/pdf", Data: p.Data, Pages: p.Pages}
		}
	}
	return ds
}
