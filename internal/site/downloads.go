package site

import (
	"maps"
	"slices"
)

// Download is a file the build makes for readers to download, besides the
// pages: the tracker's table of the records' progress (a CSV file), the
// PDF of the whole plan.
type Download struct {
	Name      string // its path in the output, from the site's root: "actions.csv"
	MediaType string
	Data      []byte
	// Pages is a document's number of pages (the PDF's), 0 for data.
	Pages int
	// Reads are the pages it is made from: a template that shows it reads
	// them too.
	Reads []*Page
}

// ProgressDownload is the tracker's CSV file's name among the site's
// downloads, as templates name it (.Site.Downloads.progress).
const ProgressDownload = "progress"

// PlanDownload is the PDF of the whole plan among the site's downloads
// (.Site.Downloads.plan), which plansite build --pdf prints.
const PlanDownload = "plan"

// AllDownloads are the downloads of every language, each file once, in
// the order of their names in the output.
func (s *Site) AllDownloads() []*Download {
	byName := map[string]*Download{}
	for _, ls := range s.root.Languages {
		for _, d := range ls.Downloads {
			byName[d.Name] = d
		}
	}
	out := make([]*Download, 0, len(byName))
	for _, n := range slices.Sorted(maps.Keys(byName)) {
		out = append(out, byName[n])
	}
	return out
}
