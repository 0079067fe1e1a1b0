// Package watch reports which files of a site changed, in batches, so that
// serve and build --watch can rebuild once per burst of changes.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"plansite/internal/folders"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

const (
	// defaultDebounce is short because an editor's save (write, rename,
	// chmod) and a git checkout emit their events within a few milliseconds
	// of each other; a longer wait would only delay every rebuild.
	defaultDebounce = 10 * time.Millisecond

	// minMaxWait bounds how long a burst that never pauses (a tool writing
	// into assets/ continuously, a slow copy of a large folder) can hold back
	// a rebuild: long enough that a git checkout of a few hundred files
	// still tends to arrive as one batch, short enough that the browser
	// shows progress within a quarter of a second.
	minMaxWait = 250 * time.Millisecond

	// maxQueuedErrors keeps a consumer that never reads Errors from growing
	// the queue without bound; the oldest errors are dropped first since the
	// newest describe the current state.
	maxQueuedErrors = 64
)

// Options configure a Watcher.
type Options struct {
	// Poll, when > 0, looks for changes by scanning the folders every Poll
	// instead of using fsnotify, for file systems whose changes the kernel
	// does not announce: network mounts, WSL's Windows drives, Docker
	// volumes. A scan compares each file's size, modification time and mode,
	// so two writes of the same size within the file system's timestamp
	// granularity look like one.
	Poll time.Duration

	// Debounce is how long the watcher waits after the last event of a
	// burst before it delivers the batch (10ms when zero). A burst that keeps
	// going is still delivered at least every max(250ms, 4×Debounce), so a
	// never-ending stream of writes cannot starve rebuilds.
	//
	// When polling, events are only seen once per scan, so a burst ends with
	// the first scan that finds nothing new, and the cap becomes
	// max(250ms, 4×max(Debounce, Poll)).
	Debounce time.Duration
}

// Watcher watches one site folder and delivers what changed in it. Its
// methods may be called from any goroutine.
type Watcher struct {
	src      string // absolute
	debounce time.Duration
	maxWait  time.Duration
	poll     time.Duration

	changes   chan []string
	errors    chan error
	done      chan struct{} // closed by Close
	stopped   chan struct{} // closed when the loop has released everything
	closeOnce sync.Once
	closeErr  error // written by the loop before stopped is closed

	// fsnotify mode.
	fsw *fsnotify.Watcher
	// add is fsw.Add, replaced in tests to inject the errors of a full
	// inotify table.
	add func(fsw *fsnotify.Watcher, dir string) error
	// watched lists the absolute folders added to fsw, so that the watches
	// below a folder that is renamed or removed can be dropped: inotify
	// follows a moved folder's inode and would otherwise keep reporting its
	// files under their old names.
	watched map[string]struct{}

	// Polling mode.
	prev     map[string]entry // the previous scan
	scanErrs map[string]bool  // the previous scan's errors, to report each once

	// Owned by the loop goroutine once New has returned.
	pending    map[string]bool // path → its first event in this burst created it
	burstStart time.Time       // zero when no burst is in progress
	ready      []string        // a debounced batch the consumer hasn't taken yet
	errq       []error         // errors the consumer hasn't taken yet
}

// New starts watching the site folder src. The folders content/, layouts/,
// assets/ and data/ may be missing and appear later. New fails if src is not a
// folder or if a folder of the site cannot be watched (for example because
// the system's inotify limit is reached); later failures are delivered on
// Errors.
func New(src string, opts Options) (*Watcher, error) {
	return newWatcher(src, opts, (*fsnotify.Watcher).Add)
}

func newWatcher(src string, opts Options, add func(*fsnotify.Watcher, string) error) (*Watcher, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", src, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", src, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("watching %s: not a folder", src)
	}

	debounce := opts.Debounce
	if debounce <= 0 {
		debounce = defaultDebounce
	}
	w := &Watcher{
		src:      abs,
		debounce: debounce,
		maxWait:  maxWait(debounce),
		changes:  make(chan []string),
		errors:   make(chan error),
		done:     make(chan struct{}),
		stopped:  make(chan struct{}),
		add:      add,
		pending:  make(map[string]bool),
	}

	if opts.Poll > 0 {
		w.poll = opts.Poll
		w.maxWait = maxWait(max(debounce, opts.Poll))
		w.prev, w.scanErrs, _ = w.scan()
		// Errors of the first scan would otherwise be lost: the next scan
		// reports only errors that are new.
		for _, msg := range slices.Sorted(maps.Keys(w.scanErrs)) {
			w.queueError(errors.New(msg))
		}
		go w.pollLoop()
		return w, nil
	}

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, watchError(src, err, runtime.GOOS)
	}
	w.fsw = fsw
	w.watched = make(map[string]struct{})
	// The root is watched on its own, without its subfolders, to see
	// site.toml and to notice content/, layouts/, assets/ or data/ being created.
	if err := w.addDir(abs); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, tree := range folders.Trees() {
		if err := w.addTree(filepath.Join(abs, tree), nil); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	go w.notifyLoop()
	return w, nil
}

// maxWait is the longest a burst that never pauses holds back its batch.
func maxWait(debounce time.Duration) time.Duration {
	return max(minMaxWait, 4*debounce)
}

// Changes delivers batches of changed paths: slash-separated, relative to the
// site folder, sorted, without duplicates. A path is a file or folder that was
// created, written, removed or renamed (a rename reports both names); for a
// folder that appeared, its files are listed too. While the consumer is busy,
// further changes are merged into the next batch rather than queued, so
// reading late never loses a change. The channel is closed by Close.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Errors delivers errors that do not stop the watcher, such as a folder that
// could not be watched. The channel is closed by Close.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Close stops the watcher and closes both channels. It does not wait for the
// consumer to read undelivered changes, which are dropped. Calling Close again
// returns the first call's result.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() { close(w.done) })
	<-w.stopped
	return w.closeErr
}

// finish runs when the loop ends, whether from Close or because fsnotify
// gave up, so that consumers ranging over the channels always terminate.
func (w *Watcher) finish() {
	if w.fsw != nil {
		w.closeErr = w.fsw.Close()
	}
	close(w.changes)
	close(w.errors)
	close(w.stopped)
}

// outputs returns the channels the loop can send on right now: nil (which
// blocks forever in a select) when there is nothing to send, so a consumer
// that doesn't read never stops the loop from taking in events.
func (w *Watcher) outputs() (chan<- []string, chan<- error, error) {
	var out chan<- []string
	if w.ready != nil {
		out = w.changes
	}
	var errOut chan<- error
	var next error
	if len(w.errq) > 0 {
		errOut, next = w.errors, w.errq[0]
	}
	return out, errOut, next
}

func (w *Watcher) notifyLoop() {
	defer w.finish()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		out, errOut, nextErr := w.outputs()
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.handle(ev) {
				w.extendBurst(timer)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if w.handleError(err) {
				w.extendBurst(timer)
			}
		case <-timer.C:
			w.flush()
		case out <- w.ready:
			w.ready = nil
		case errOut <- nextErr:
			w.errq = w.errq[1:]
		}
	}
}

// extendBurst restarts the quiet period, but never past the burst's cap.
func (w *Watcher) extendBurst(timer *time.Timer) {
	now := time.Now()
	if w.burstStart.IsZero() {
		w.burstStart = now
	}
	timer.Reset(quietWait(now, w.burstStart, w.debounce, w.maxWait))
}

// quietWait is how long to wait for more events, at now, in a burst that
// began at start.
func quietWait(now, start time.Time, debounce, maxWait time.Duration) time.Duration {
	return max(0, min(debounce, start.Add(maxWait).Sub(now)))
}

// handle records one fsnotify event and reports whether it concerns the
// site.
func (w *Watcher) handle(ev fsnotify.Event) bool {
	// A Chmod alone follows writes and renames (and Spotlight or an
	// antivirus touching files) and never changes what a build produces.
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) &&
		!ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		return false
	}
	// rm -rf has been seen to produce events without a name, which rel
	// rejects along with paths outside the site.
	rel, ok := w.rel(ev.Name)
	if !ok || !wanted(rel) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(ev.Name)
		w.mark(rel, false)
	}
	if ev.Has(fsnotify.Write) {
		w.mark(rel, false)
	}
	if ev.Has(fsnotify.Create) {
		w.mark(rel, true)
		// A folder can arrive with files already in it (mv, mkdir -p,
		// unzip); their events happened before it was watched.
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(ev.Name, func(rel string) { w.mark(rel, true) }); err != nil {
				w.queueError(err)
			}
		}
	}
	return true
}

// handleError records an error from fsnotify and reports whether it added
// changes.
func (w *Watcher) handleError(err error) bool {
	if !errors.Is(err, fsnotify.ErrEventOverflow) {
		w.queueError(fmt.Errorf("watching %s: %w", w.src, err))
		return false
	}
	// The kernel dropped events, so anything may have changed, including
	// folders created without our seeing them. Watch everything again and
	// name the top folders, which makes the builder rescan them.
	w.queueError(fmt.Errorf("watching %s: %w; rebuilding the whole site", w.src, err))
	if _, err := os.Lstat(filepath.Join(w.src, folders.Config)); err == nil {
		w.mark(folders.Config, false)
	}
	for _, tree := range folders.Trees() {
		root := filepath.Join(w.src, tree)
		if _, err := os.Lstat(root); err != nil {
			continue
		}
		w.mark(tree, false)
		if err := w.addTree(root, nil); err != nil {
			w.queueError(err)
		}
	}
	return true
}

// mark adds a path to the burst. Only its first event counts for created:
// a file that existed before the burst and is gone after it was deleted,
// while one that didn't and is gone after it was never there.
func (w *Watcher) mark(rel string, created bool) {
	if _, ok := w.pending[rel]; !ok {
		w.pending[rel] = created
	}
}

// flush ends the burst and makes it the next batch.
func (w *Watcher) flush() {
	paths := make([]string, 0, len(w.pending))
	for rel, created := range w.pending {
		if created {
			// A temporary file with an unforeseen name, created and removed
			// within the burst, must not make the builder look for it.
			_, err := os.Lstat(filepath.Join(w.src, filepath.FromSlash(rel)))
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		paths = append(paths, rel)
	}
	clear(w.pending)
	w.burstStart = time.Time{}
	if len(paths) == 0 {
		return
	}
	merged := append(w.ready, paths...)
	slices.Sort(merged)
	w.ready = slices.Compact(merged)
}

// queueError keeps err for the consumer without ever blocking the loop.
func (w *Watcher) queueError(err error) {
	if len(w.errq) >= maxQueuedErrors {
		w.errq = slices.Delete(w.errq, 0, 1)
	}
	w.errq = append(w.errq, err)
}

// addDir watches one folder, not its subfolders.
func (w *Watcher) addDir(dir string) error {
	if err := w.add(w.fsw, dir); err != nil {
		return watchError(w.display(dir), err, runtime.GOOS)
	}
	w.watched[dir] = struct{}{}
	return nil
}

// addTree watches root and every folder below it, skipping ignored names,
// and calls report, if not nil, with each path it finds, root included.
// A folder is watched before it is listed, so that a file created meanwhile
// is either listed or announced by an event.
func (w *Watcher) addTree(root string, report func(rel string)) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// Removed while we were walking: its Remove event follows.
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return watchError(w.display(p), err, runtime.GOOS)
		}
		if p != root && folders.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if report != nil {
			if rel, ok := w.rel(p); ok {
				report(rel)
			}
		}
		if !d.IsDir() {
			return nil
		}
		if err := w.addDir(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		return nil
	})
}

// forget drops the watches on a folder that was removed or renamed and on
// every folder below it. Files were never watched, so for them it does
// nothing.
func (w *Watcher) forget(dir string) {
	if _, ok := w.watched[dir]; !ok {
		return
	}
	prefix := dir + string(filepath.Separator)
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, prefix) {
			delete(w.watched, p)
			// inotify has already dropped the watch of a removed folder,
			// so an error here only says so.
			_ = w.fsw.Remove(p)
		}
	}
}

// rel turns an absolute path under the site folder into the builder's form.
func (w *Watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.src, p)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// display names a path in messages the way the user thinks of it: relative
// to the site for its folders, as given for the site folder itself.
func (w *Watcher) display(p string) string {
	if rel, ok := w.rel(p); ok {
		return rel
	}
	return p
}

// wanted reports whether a slash-separated path relative to the site folder
// can affect a build: site.toml, or anything in content/, layouts/,
// assets/ or data/ that isn't an editor's temporary file or inside a hidden folder.
func wanted(rel string) bool {
	part, rest, ok := folders.Of(rel)
	if !ok || part == folders.Config || rest == "" {
		return ok
	}
	for name := range strings.SplitSeq(rest, "/") {
		if name == "" || folders.Ignored(name) {
			return false
		}
	}
	return true
}

// limitError is an error from the operating system that means a limit on
// watches was reached, whatever its text says; it keeps the original error
// for errors.Is.
type limitError struct {
	what string // the path that could not be watched
	hint string // what the limit is and how to raise it
	err  error
}

func (e *limitError) Error() string { return "watching " + e.what + ": " + e.hint }
func (e *limitError) Unwrap() error { return e.err }

// watchError explains err, from watching the path what, on the system goos.
// On Linux, "no space left on device" from inotify_add_watch is the limit
// on watches, not the disk, and "too many open files" from inotify_init is
// usually the limit on inotify instances; both messages mislead unless
// translated.
func watchError(what string, err error, goos string) error {
	// The path is already in what, and in the user's terms.
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err
	}
	if goos == "linux" {
		switch {
		case errors.Is(err, syscall.ENOSPC):
			return &limitError{what: what, err: err, hint: "the system's limit on inotify watches is reached; " +
				"raise it with: sudo sysctl fs.inotify.max_user_watches=524288 (or use --poll 500ms)"}
		case errors.Is(err, syscall.EMFILE):
			return &limitError{what: what, err: err, hint: "the system's limit on inotify instances is reached; " +
				"raise it with: sudo sysctl fs.inotify.max_user_instances=512 (or use --poll 500ms)"}
		}
	}
	return fmt.Errorf("watching %s: %w", what, err)
}
