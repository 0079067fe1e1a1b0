package build

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/images"
	"plansite/internal/markdown"
	"plansite/internal/render"
	"plansite/internal/shortcode"
	"plansite/internal/site"
)

// shortcodeState is what expanding a page's shortcodes found, kept to
// tell when the page must be converted again.
type shortcodeState struct {
	deps    *render.Deps // what their templates read (in rebuilds)
	targets []string     // pages and files their arguments lead to
	diags   []diag.Diagnostic
	images  []*images.Image
	failed  bool
}

// expand expands the shortcodes of a page's body with the templates of
// worker w, and returns what goldmark is to convert.
func (b *Builder) expand(ctx context.Context, r *render.Renderer, w int, p *site.Page, body []byte, res markdown.Resolver) (markdown.Input, *shortcodeState) {
	in := markdown.Input{Src: body, Resolver: res, Images: b.imgs}
	if !shortcode.Has(body) {
		return in, nil
	}
	var deps *render.Deps
	if b.opts.Incremental {
		deps = render.NewDeps()
	}
	tr := &tracingResolver{r: res}
	exp := r.ExpandShortcodes(ctx, w, p, body, render.ShortcodeEnv{Resolver: tr, Images: b.imgs, Deps: deps})
	in.Expanded, in.Lazy = exp.Expanded, exp.Lazy
	sc := &shortcodeState{deps: deps, diags: exp.Diags, images: exp.Images, targets: tr.targets}
	for _, d := range exp.Diags {
		sc.failed = sc.failed || d.Severity == diag.Error
	}
	return in, sc
}

// tracingResolver notes the pages and files shortcodes' arguments lead
// to, so that the page is converted again when one of them moves.
type tracingResolver struct {
	r       markdown.Resolver
	targets []string
}

func (t *tracingResolver) Resolve(dest string, image bool) markdown.Target {
	tg := t.r.Resolve(dest, image)
	t.targets = append(t.targets, tg.Page, tg.File)
	return tg
}

// shortcodesAffected reports whether a page's shortcodes read something a
// change touched, or failed in a way the change may have mended.
func shortcodesAffected(sc *shortcodeState, pl plan, d site.Delta) bool {
	if sc == nil {
		return false
	}
	if sc.failed || pl.shortcodes || (sc.deps != nil && sc.deps.Data && pl.data) || (sc.deps != nil && sc.deps.All && d.All) {
		return true
	}
	for _, t := range sc.targets {
		if t != "" && (d.URLs[t] || d.Pages[t] || pl.files[t]) {
			return true
		}
	}
	for _, im := range sc.images {
		if pl.files[im.Name] {
			return true
		}
	}
	if sc.deps == nil {
		return false
	}
	return anyIn(sc.deps.Layouts, pl.layouts) || anyIn(sc.deps.Pages, d.Pages) || anyIn(sc.deps.Lists, d.Lists) || anyIn(sc.deps.Refs, d.Refs)
}

func anyIn(read map[string]struct{}, changed map[string]bool) bool {
	for k := range read {
		if changed[k] {
			return true
		}
	}
	return false
}

// isShortcodeTemplate reports whether a theme file is a shortcode's.
func isShortcodeTemplate(name string) bool {
	return strings.HasPrefix(name+"/", folders.Layouts+"/_shortcodes/") || strings.HasPrefix(name+"/", folders.Layouts+"/shortcodes/")
}

// siteImages sizes the images of content/ for pages: markdown.Images over
// the builder's processor. A file is read again only when it is another
// file, or its size or time of change is not what it was: pages ask for
// the same image many times (each render of a page whose front matter
// names one, each conversion of a page that shows one).
type siteImages struct {
	src  string
	proc *images.Processor
	mu   sync.Mutex
	seen map[string]*sizedFile // by content path
}

// sizedFile is a file as it was read, and what sizing it gave: probed
// without copies, and im with them, each once asked for.
type sizedFile struct {
	info             os.FileInfo
	probed, im       *images.Image
	probeErr, err    error
	hasProbed, hasIm bool
}

// Image sizes an image and makes its copies.
func (si *siteImages) Image(file string) (*images.Image, error) {
	return si.sized(file, false)
}

// Probe sizes an image without making its copies, for a page's share
// image.
func (si *siteImages) Probe(file string) (*images.Image, error) {
	return si.sized(file, true)
}

func (si *siteImages) sized(file string, probe bool) (*images.Image, error) {
	if !images.Raster(file) {
		return nil, nil
	}
	name := filepath.Join(si.src, folders.Content, filepath.FromSlash(file))
	info, statErr := os.Stat(name)
	if statErr == nil {
		si.mu.Lock()
		s := si.seen[file]
		if s != nil && sameFile(s.info, info) {
			if probe && s.hasProbed {
				si.mu.Unlock()
				return s.probed, s.probeErr
			}
			if !probe && s.hasIm {
				si.mu.Unlock()
				return s.im, s.err
			}
		}
		si.mu.Unlock()
	}
	// Read after the Stat: what is read is the file as it was then, or
	// newer, which the next Stat then sees changed.
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var im *images.Image
	if probe {
		im, err = si.proc.Probe(file, data)
	} else {
		im, err = si.proc.Process(file, data)
	}
	if statErr != nil {
		return im, err
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	s := si.seen[file]
	if s == nil || !sameFile(s.info, info) {
		if si.seen == nil {
			si.seen = map[string]*sizedFile{}
		}
		s = &sizedFile{info: info}
		si.seen[file] = s
	}
	if probe {
		s.probed, s.probeErr, s.hasProbed = im, err, true
	} else {
		s.im, s.err, s.hasIm = im, err, true
	}
	return im, err
}

// sameFile reports whether two os.Stat of a path found the same file,
// unchanged.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// imagesOf lists the images a converted page shows, Markdown's and its
// shortcodes'.
func imagesOf(st *pageState) []*images.Image {
	var out []*images.Image
	if st.conv != nil {
		for _, l := range st.conv.Links {
			if l.Sized != nil {
				out = append(out, l.Sized)
			}
		}
	}
	if st.sc != nil {
		out = append(out, st.sc.images...)
	}
	return out
}

// copyOuts are the outputs of the images' copies the site's pages show,
// each with its bytes.
func (b *Builder) copyOuts(s *site.Site) map[string][]byte {
	out := map[string][]byte{}
	for _, st := range b.src.pages {
		for _, im := range imagesOf(st) {
			orig, ok := s.FileURL[im.Name]
			if !ok {
				continue
			}
			dir := path.Dir(strings.TrimPrefix(orig, s.BasePath))
			for _, c := range im.Copies {
				out[path.Join(dir, path.Base(c.Name))] = c.Data
			}
		}
	}
	return out
}
