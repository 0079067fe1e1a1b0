package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"plansite/internal/folders"
	"time"
)

// entry is what a scan remembers of a path to tell whether it changed.
type entry struct {
	size  int64
	mtime time.Time
	mode  fs.FileMode
}

func (e entry) same(o entry) bool {
	return e.size == o.size && e.mtime.Equal(o.mtime) && e.mode == o.mode
}

func (w *Watcher) pollLoop() {
	defer w.finish()
	ticker := time.NewTicker(w.poll)
	defer ticker.Stop()
	for {
		out, errOut, nextErr := w.outputs()
		select {
		case <-w.done:
			return
		case <-ticker.C:
			w.pollOnce()
		case out <- w.ready:
			w.ready = nil
		case errOut <- nextErr:
			w.errq = w.errq[1:]
		}
	}
}

// pollOnce scans the site and adds what differs from the previous scan to
// the burst. A burst ends at the first scan that finds nothing new, because
// an editor's save can straddle two scans, and delivering the first half
// would make the builder see the file deleted.
func (w *Watcher) pollOnce() {
	cur, errs, complete := w.scan()
	if !complete {
		return
	}
	for msg := range errs {
		if !w.scanErrs[msg] {
			w.queueError(errors.New(msg))
		}
	}
	w.scanErrs = errs

	changed := diff(w.prev, cur)
	if len(changed) == 0 {
		if len(w.pending) > 0 {
			w.flush()
		}
		return
	}
	for _, rel := range changed {
		// As with fsnotify, a file that appears and goes within one burst
		// (a temporary file a scan happened to see) is not reported.
		_, existed := w.prev[rel]
		w.mark(rel, !existed)
	}
	w.prev = cur
	now := time.Now()
	if w.burstStart.IsZero() {
		w.burstStart = now
	}
	if now.Sub(w.burstStart) >= w.maxWait {
		w.flush()
	}
}

// scan lists site.toml and everything in content/, layouts/, assets/ and
// data/ with the same ignore rules as the fsnotify mode. Errors are returned as
// messages so that one that persists from scan to scan is reported once.
// complete is false if Close interrupted the scan.
func (w *Watcher) scan() (snap map[string]entry, errs map[string]bool, complete bool) {
	snap = make(map[string]entry)
	errs = make(map[string]bool)
	if info, err := os.Lstat(filepath.Join(w.src, folders.Config)); err == nil {
		snap[folders.Config] = entryOf(info)
	}
	for _, tree := range folders.Trees() {
		root := filepath.Join(w.src, tree)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			select {
			case <-w.done:
				return fs.SkipAll
			default:
			}
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					errs[watchError(w.display(p), err, "").Error()] = true
				}
				return nil
			}
			if p != root && folders.Ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				// Removed between listing and looking: the next scan says so.
				return nil
			}
			rel, ok := w.rel(p)
			if ok {
				snap[rel] = entryOf(info)
			}
			return nil
		})
		if err != nil {
			errs[watchError(tree, err, "").Error()] = true
		}
		select {
		case <-w.done:
			return nil, nil, false
		default:
		}
	}
	return snap, errs, true
}

// entryOf keeps only a folder's existence: its modification time changes
// with every file added to it, which would name the folder in every batch.
func entryOf(info fs.FileInfo) entry {
	if info.IsDir() {
		return entry{mode: fs.ModeDir}
	}
	return entry{size: info.Size(), mtime: info.ModTime(), mode: info.Mode()}
}

// diff lists the paths created, changed or removed between two scans.
func diff(prev, cur map[string]entry) []string {
	var changed []string
	for p, e := range cur {
		if old, ok := prev[p]; !ok || !old.same(e) {
			changed = append(changed, p)
		}
	}
	for p := range prev {
		if _, ok := cur[p]; !ok {
			changed = append(changed, p)
		}
	}
	return changed
}
