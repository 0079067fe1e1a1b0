package build

import (
	"context"
	"crypto/sha256"
	"errors"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/markdown"
	"plansite/internal/parallel"
)

// sources are the files of content/ as the builder last read them.
type sources struct {
	dir   string // the site folder
	cfg   *config.Config
	pages map[string]*pageState // by content path
	files []string              // the other files of content/, sorted
	// skipped are the warnings for what content/ holds that is not
	// published (links leading outside the site…), by content path.
	skipped map[string]diag.Diagnostic
	// scripts are the warnings for the files of content/, published as
	// they are, that run scripts while raw HTML is off, by content path:
	// noted as the files are published.
	scripts map[string]diag.Diagnostic
	// redirects are the lines of content/_redirects that lead nowhere,
	// noted as it is published.
	redirects []diag.Diagnostic
}

// pageState is what the builder knows of one content file.
type pageState struct {
	sum   [32]byte
	src   *content.Page
	diags []diag.Diagnostic
	conv  *markdown.Result
	sc    *shortcodeState // nil for a page without shortcodes
	// The page's content and summary, worked out once per conversion.
	content   template.HTML
	summary   template.HTML
	truncated bool
}

func newSources(dir string, cfg *config.Config) *sources {
	return &sources{dir: dir, cfg: cfg, pages: map[string]*pageState{}}
}

// list lists content/, keeping the files that are not pages and the
// warnings, and returns the pages' paths.
func (s *sources) list() ([]string, error) {
	paths, others, skipped, err := content.Files(s.dir)
	if err != nil {
		return nil, err
	}
	s.files = others
	s.skipped = make(map[string]diag.Diagnostic, len(skipped))
	for _, d := range skipped {
		s.skipped[strings.TrimPrefix(d.File, folders.Content+"/")] = d
	}
	return paths, nil
}

// loadAll reads and parses the pages at paths, in parallel.
func (s *sources) loadAll(ctx context.Context, workers int, paths []string) error {
	states := make([]*pageState, len(paths))
	err := parallel.Do(ctx, workers, len(paths), func(i int) error {
		st, err := s.load(paths[i])
		states[i] = st
		return err
	})
	if err != nil {
		return err
	}
	for i, p := range paths {
		s.pages[p] = states[i]
	}
	return nil
}

// load reads and parses one content file.
func (s *sources) load(rel string) (*pageState, error) {
	raw, err := os.ReadFile(filepath.Join(s.dir, folders.Content, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	src, ds := content.Parse(rel, raw, s.cfg)
	return &pageState{sum: sha256.Sum256(raw), src: src, diags: ds}, nil
}

// srcs are the loaded pages, in content path order.
func (s *sources) srcs() []*content.Page {
	keys := make([]string, 0, len(s.pages))
	for k := range s.pages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]*content.Page, len(keys))
	for i, k := range keys {
		out[i] = s.pages[k].src
	}
	return out
}

// diagnostics adds the problems of reading content/ to ds.
func (s *sources) diagnostics(ds *diag.List) {
	for _, st := range s.pages {
		ds.Add(st.diags...)
		if st.sc != nil {
			ds.Add(st.sc.diags...)
		}
	}
	for _, d := range s.skipped {
		ds.Add(d)
	}
	for _, d := range s.scripts {
		ds.Add(d)
	}
	ds.Add(s.redirects...)
}

// changed reloads one changed path of content/ and notes in pl what the
// change calls for. It reports whether the path is a folder (or may have
// been one), which calls for a rescan.
func (s *sources) changed(rel string, pl *plan) (rescan bool, err error) {
	delete(s.skipped, rel)
	if content.Skip(s.dir, rel) != "" {
		// A link or a pipe that may not be published: a rescan leaves it
		// out, as a full build does, and warns of it.
		return true, nil
	}
	fi, err := os.Stat(filepath.Join(s.dir, folders.Content, filepath.FromSlash(rel)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s.gone(rel, pl), nil
	case err != nil:
		return false, err
	case fi.IsDir():
		return true, nil
	}
	if !content.IsMarkdown(rel) {
		if i, found := slices.BinarySearch(s.files, rel); !found {
			s.files = slices.Insert(s.files, i, rel)
		}
		pl.files[rel] = true
		return false, nil
	}
	st, err := s.load(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return s.gone(rel, pl), nil
	}
	if err != nil {
		return false, err
	}
	old := s.pages[rel]
	if old != nil && old.sum == st.sum {
		return false, nil // saved without a change
	}
	if old == nil || !sameShape(old, st) {
		pl.keepGraph = false
	}
	s.pages[rel] = st
	pl.convert[rel] = true
	return false, nil
}

// gone forgets a path of content/ that is no longer there. It reports
// whether it was neither a page nor a file, and so perhaps a folder.
func (s *sources) gone(rel string, pl *plan) bool {
	if _, ok := s.pages[rel]; ok {
		delete(s.pages, rel)
		pl.keepGraph = false
		return false
	}
	if i, found := slices.BinarySearch(s.files, rel); found {
		s.files = slices.Delete(s.files, i, i+1)
		pl.files[rel] = true
		return false
	}
	return true
}

// rescan lists content/ again, for folders that appeared or went.
func (s *sources) rescan(pl *plan) error {
	was := s.files
	paths, err := s.list()
	if err != nil {
		return err
	}
	now := map[string]bool{}
	for _, p := range paths {
		now[p] = true
		if s.pages[p] == nil {
			st, err := s.load(p)
			if err != nil {
				return err
			}
			s.pages[p] = st
			pl.convert[p] = true
		}
	}
	for p := range s.pages {
		if !now[p] {
			delete(s.pages, p)
		}
	}
	for _, f := range was {
		if _, found := slices.BinarySearch(s.files, f); !found {
			pl.files[f] = true
		}
	}
	for _, f := range s.files {
		if _, found := slices.BinarySearch(was, f); !found {
			pl.files[f] = true
		}
	}
	return nil
}

// sameShape reports whether two loads of a page differ only in their
// Markdown: same front matter, same problems with it. Then the site's graph
// (URLs, lists, references, menus) is unchanged by the edit.
func sameShape(a, b *pageState) bool {
	x, y := a.src, b.src
	return x.Kind == y.Kind && x.Format == y.Format &&
		reflect.DeepEqual(x.Meta, y.Meta) && reflect.DeepEqual(x.Params, y.Params) &&
		reflect.DeepEqual(x.Refs, y.Refs) && reflect.DeepEqual(a.diags, b.diags)
}
