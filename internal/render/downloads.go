package render

import (
	"fmt"
	"math"

	"plansite/internal/site"
)

// Downloads are the files the build makes for readers to download, by
// name: .Site.Downloads.progress is the tracker's CSV file, and
// .Site.Downloads.plan the PDF of the whole plan (build --pdf) in the
// page's language. A download
// that is not made is not there, so {{ with .Site.Downloads.progress }}
// shows a link only to a file that exists.
func (s Site) Downloads() map[string]*Download {
	out := make(map[string]*Download, len(s.s.Downloads))
	for k, d := range s.s.Downloads {
		// What a download holds is what its pages hold: a page that
		// shows it is rendered again when they change.
		for _, p := range d.Reads {
			s.x.deps.addPage(p)
		}
		out[k] = &Download{d: d, s: s.s}
	}
	s.x.deps.addData()
	return out
}

// Download is a file for readers to download, as a template sees it.
type Download struct {
	d *site.Download
	s *site.Site
}

// Name is the file's path in the output, from the site's root ("actions.csv").
func (d Download) Name() string         { return d.d.Name }
func (d Download) RelPermalink() string { return d.s.BasePath + d.d.Name }
func (d Download) Permalink() string    { return d.s.AbsURL(d.d.Name) }
func (d Download) MediaType() string    { return d.d.MediaType }

// Pages is a document's number of pages (the PDF's), 0 for data.
func (d Download) Pages() int { return d.d.Pages }

// Bytes is the file's size in bytes, and Size the same for a reader:
// "850 bytes", "180 KB", "1.2 MB".
func (d Download) Bytes() int   { return len(d.d.Data) }
func (d Download) Size() string { return humanSize(len(d.d.Data)) }

// humanSize writes a file's size as GOV.UK pages do beside a link to a
// document: in bytes, KB or MB of 1,024.
func humanSize(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case math.Round(float64(n)/1024) < 1024:
		return fmt.Sprintf("%d KB", int(math.Round(float64(n)/1024)))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
