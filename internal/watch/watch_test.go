package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// timeout is how long a test waits for a batch before it fails. It is
// generous because CI runs the tests with -race on a loaded machine; no test
// asserts how fast a batch comes.
const timeout = 5 * time.Second

type mode struct {
	name string
	opts Options
}

func modes() []mode {
	return []mode{
		{"fsnotify", Options{}},
		{"poll", Options{Poll: 20 * time.Millisecond}},
	}
}

// siteFiles is the site every test starts from, with files outside
// content/, layouts/ and assets/ that must never be reported.
func siteFiles() map[string]string {
	return map[string]string{
		"site.toml":                      "title = 'Plans'\n",
		"README.md":                      "# readme\n",
		"content/_index.md":              "home\n",
		"content/objectives/skills.md":   "skills\n",
		"content/objectives/sub/deep.md": "deep\n",
		"layouts/_partials/head.html":    "<head>\n",
		"assets/css/site.css":            "body {}\n",
		"public/index.html":              "<html>\n",
		".git/HEAD":                      "ref: refs/heads/main\n",
	}
}

func newSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for rel, data := range siteFiles() {
		writeFile(t, src, rel, data)
	}
	return src
}

func writeFile(t *testing.T, src, rel, data string) {
	t.Helper()
	p := filepath.Join(src, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeAtomic writes a file the way a careful program does, through a
// temporary file renamed into place, so that it makes a single event: a
// sentinel written this way cannot trail into the next step's batches.
func writeAtomic(t *testing.T, src, rel, data string) {
	t.Helper()
	tmp := path.Join(path.Dir(rel), ".tmp-"+path.Base(rel))
	writeFile(t, src, tmp, data)
	rename(t, src, tmp, rel)
}

// rename renames from to to, each relative to src unless absolute.
func rename(t *testing.T, src, from, to string) {
	t.Helper()
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(src, filepath.FromSlash(p))
	}
	if err := os.Rename(abs(from), abs(to)); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, src, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(src, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func mkdirAll(t *testing.T, src, rel string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(src, filepath.FromSlash(rel)), 0o755); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, src string, opts Options) *Watcher {
	t.Helper()
	w, err := New(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeWithin(t, w) })
	return w
}

// closeWithin closes w and fails the test, rather than hanging, if Close
// blocks.
func closeWithin(t *testing.T, w *Watcher) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- w.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(timeout):
		t.Errorf("Close did not return within %v", timeout)
	}
}

// checkBatch asserts what Changes promises of every batch.
func checkBatch(t *testing.T, batch []string) {
	t.Helper()
	if len(batch) == 0 {
		t.Errorf("empty batch")
	}
	for i, p := range batch {
		if i > 0 && batch[i-1] >= p {
			t.Errorf("batch %q is not sorted or has duplicates", batch)
		}
		if p == "" || path.IsAbs(p) || filepath.IsAbs(p) || strings.Contains(p, `\`) ||
			path.Clean(p) != p || strings.HasPrefix(p, "../") {
			t.Errorf("batch %q: %q is not a clean slash-separated relative path", batch, p)
		}
	}
}

// collect receives batches until every path in want has arrived, and fails
// the test if that takes longer than timeout.
func collect(t *testing.T, w *Watcher, want ...string) [][]string {
	t.Helper()
	missing := make(map[string]bool)
	for _, p := range want {
		missing[p] = true
	}
	var batches [][]string
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for len(missing) > 0 {
		select {
		case batch, ok := <-w.Changes():
			if !ok {
				t.Fatalf("Changes closed while waiting for %q", slices.Sorted(maps.Keys(missing)))
			}
			checkBatch(t, batch)
			batches = append(batches, batch)
			for _, p := range batch {
				delete(missing, p)
			}
		case err, ok := <-w.Errors():
			if ok {
				t.Errorf("unexpected error: %v", err)
			}
		case <-deadline.C:
			t.Fatalf("%q not reported within %v; got %q", slices.Sorted(maps.Keys(missing)), timeout, batches)
		}
	}
	return batches
}

// step changes the site and says what must and what may be reported.
type step struct {
	do func(t *testing.T, src string)
	// want must all be reported.
	want []string
	// allow may be reported too (a new folder's own path, say); anything
	// else fails the test.
	allow []string
	// alone asks that the first batch be exactly want: the step's changes
	// all concern want, so nothing may split them off or add to them.
	alone bool
}

func TestWatch(t *testing.T) {
	vimSave := func(t *testing.T, src string) {
		// vim checks that it may create files in the folder, moves the
		// original to a backup, writes the new text under the real name
		// and removes the backup.
		writeFile(t, src, "content/objectives/4913", "")
		remove(t, src, "content/objectives/4913")
		rename(t, src, "content/objectives/skills.md", "content/objectives/skills.md~")
		writeFile(t, src, "content/objectives/skills.md", "skills, saved by vim\n")
		remove(t, src, "content/objectives/skills.md~")
		// Its swap file stays while the file is open.
		writeFile(t, src, "content/objectives/.skills.md.swp", "swap")
		writeFile(t, src, "content/objectives/skills.md.swx", "swap")
	}
	vimWritebackup := func(t *testing.T, src string) {
		// With 'backupcopy' off and a temporary file, the new text is
		// renamed over the original.
		writeFile(t, src, "content/objectives/skills.md~", "skills\n")
		writeFile(t, src, "content/objectives/.skills.md.tmp", "skills, saved through a temp\n")
		rename(t, src, "content/objectives/.skills.md.tmp", "content/objectives/skills.md")
	}
	emacsSave := func(t *testing.T, src string) {
		if err := os.Symlink("user@host.1234:1700000000", filepath.Join(src, "content/objectives/.#skills.md")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, src, "content/objectives/#skills.md#", "autosave")
		rename(t, src, "content/objectives/skills.md", "content/objectives/skills.md~")
		writeFile(t, src, "content/objectives/skills.md", "skills, saved by emacs\n")
		remove(t, src, "content/objectives/#skills.md#")
	}
	jetbrainsSave := func(t *testing.T, src string) {
		writeFile(t, src, "content/objectives/skills.md___jb_tmp___", "skills, saved by GoLand\n")
		rename(t, src, "content/objectives/skills.md", "content/objectives/skills.md___jb_old___")
		rename(t, src, "content/objectives/skills.md___jb_tmp___", "content/objectives/skills.md")
		remove(t, src, "content/objectives/skills.md___jb_old___")
	}
	gnomeSave := func(t *testing.T, src string) {
		writeFile(t, src, "content/objectives/.goutputstream-Q1W2E3", "skills, saved by gedit\n")
		rename(t, src, "content/objectives/.goutputstream-Q1W2E3", "content/objectives/skills.md")
	}
	// outside is a folder beside the site, on the same file system so
	// that os.Rename moves rather than copies.
	outside := func(src string) string {
		return filepath.Join(filepath.Dir(src), filepath.Base(src)+"-outside")
	}

	tests := []struct {
		name  string
		only  string                         // the one mode the case applies to, if not both
		setup func(t *testing.T, src string) // before the watcher starts
		steps []step
	}{
		{
			name: "write an existing file",
			steps: []step{{
				do:    func(t *testing.T, src string) { writeFile(t, src, "content/objectives/skills.md", "skills, edited\n") },
				want:  []string{"content/objectives/skills.md"},
				alone: true,
			}},
		},
		{
			name: "write an existing file without changing its size",
			setup: func(t *testing.T, src string) {
				// A poll compares times, which a quick write might not
				// change on a file system with coarse timestamps.
				old := time.Now().Add(-time.Hour)
				if err := os.Chtimes(filepath.Join(src, "content/objectives/skills.md"), old, old); err != nil {
					t.Fatal(err)
				}
			},
			steps: []step{{
				do:    func(t *testing.T, src string) { writeFile(t, src, "content/objectives/skills.md", "SKILLS\n") },
				want:  []string{"content/objectives/skills.md"},
				alone: true,
			}},
		},
		{
			// A poll compares modes, as it can't tell a chmod from other
			// changes of the mode.
			name: "chmod alone",
			only: "fsnotify",
			steps: []step{{do: func(t *testing.T, src string) {
				if err := os.Chmod(filepath.Join(src, "content/objectives/skills.md"), 0o600); err != nil {
					t.Fatal(err)
				}
			}}},
		},
		{
			name: "create a file",
			steps: []step{{
				do:   func(t *testing.T, src string) { writeFile(t, src, "content/objectives/new.md", "new\n") },
				want: []string{"content/objectives/new.md"},
			}},
		},
		{
			name: "delete a file",
			steps: []step{{
				do:    func(t *testing.T, src string) { remove(t, src, "content/objectives/skills.md") },
				want:  []string{"content/objectives/skills.md"},
				alone: true,
			}},
		},
		{
			name: "rename a file within content",
			steps: []step{{
				do: func(t *testing.T, src string) {
					rename(t, src, "content/objectives/skills.md", "content/objectives/abilities.md")
				},
				want: []string{"content/objectives/abilities.md", "content/objectives/skills.md"},
			}},
		},
		{
			name:  "vim save",
			steps: []step{{do: vimSave, want: []string{"content/objectives/skills.md"}, alone: true}},
		},
		{
			name:  "vim save through a temporary file",
			steps: []step{{do: vimWritebackup, want: []string{"content/objectives/skills.md"}, alone: true}},
		},
		{
			name:  "emacs save with lock and autosave files",
			steps: []step{{do: emacsSave, want: []string{"content/objectives/skills.md"}, alone: true}},
		},
		{
			name: "emacs lock and autosave files alone",
			steps: []step{{do: func(t *testing.T, src string) {
				if err := os.Symlink("user@host.1234:1700000000", filepath.Join(src, "content/objectives/.#skills.md")); err != nil {
					t.Fatal(err)
				}
				writeFile(t, src, "content/objectives/#skills.md#", "autosave")
			}}},
		},
		{
			name:  "jetbrains safe write",
			steps: []step{{do: jetbrainsSave, want: []string{"content/objectives/skills.md"}, alone: true}},
		},
		{
			name:  "gnome atomic save",
			steps: []step{{do: gnomeSave, want: []string{"content/objectives/skills.md"}, alone: true}},
		},
		{
			name: "a folder with files moved in, then edited",
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						dir := filepath.Join(outside(src), "newsection")
						writeFile(t, dir, "one.md", "one\n")
						writeFile(t, dir, "sub/two.md", "two\n")
						writeFile(t, dir, ".hidden.md", "hidden\n")
						rename(t, src, dir, "content/newsection")
					},
					want:  []string{"content/newsection/one.md", "content/newsection/sub/two.md"},
					allow: []string{"content/newsection", "content/newsection/sub"},
				},
				{
					// Reported only if the moved-in folders are watched.
					do: func(t *testing.T, src string) {
						writeFile(t, src, "content/newsection/sub/two.md", "two, edited\n")
						writeFile(t, src, "content/newsection/sub/three.md", "three\n")
					},
					want: []string{"content/newsection/sub/three.md", "content/newsection/sub/two.md"},
				},
			},
		},
		{
			name: "mkdir -p then a file in the deepest folder",
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						mkdirAll(t, src, "content/a/b")
						writeFile(t, src, "content/a/b/c.md", "c\n")
					},
					want:  []string{"content/a/b/c.md"},
					allow: []string{"content/a", "content/a/b"},
				},
				{
					do:    func(t *testing.T, src string) { writeFile(t, src, "content/a/b/c.md", "c, edited\n") },
					want:  []string{"content/a/b/c.md"},
					alone: true,
				},
			},
		},
		{
			name: "site.toml edited",
			steps: []step{{
				do:    func(t *testing.T, src string) { writeFile(t, src, "site.toml", "title = 'Plans, edited'\n") },
				want:  []string{"site.toml"},
				alone: true,
			}},
		},
		{
			name: "site.toml replaced atomically",
			steps: []step{{
				do: func(t *testing.T, src string) {
					writeFile(t, src, "site.toml___jb_tmp___", "title = 'Plans, saved'\n")
					rename(t, src, "site.toml___jb_tmp___", "site.toml")
				},
				want:  []string{"site.toml"},
				alone: true,
			}},
		},
		{
			name: "files outside the site's folders, hidden folders",
			steps: []step{{do: func(t *testing.T, src string) {
				writeFile(t, src, "README.md", "# readme, edited\n")
				writeFile(t, src, "notes.md", "notes\n")
				writeFile(t, src, "public/index.html", "<html>edited\n")
				writeFile(t, src, "public/new/index.html", "<html>\n")
				writeFile(t, src, ".git/index", "index\n")
				writeFile(t, src, "content/.cache/page.md", "cached\n")
				writeFile(t, src, "content/objectives/.DS_Store", "finder\n")
				writeFile(t, src, "layouts/.hidden.html", "hidden\n")
			}}},
		},
		{
			name: "layouts created after the watcher started",
			setup: func(t *testing.T, src string) {
				remove(t, src, "layouts")
			},
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						mkdirAll(t, src, "layouts")
						writeFile(t, src, "layouts/base.html", "<html>\n")
					},
					want:  []string{"layouts/base.html"},
					allow: []string{"layouts"},
				},
				{
					do:    func(t *testing.T, src string) { writeFile(t, src, "layouts/base.html", "<html>edited\n") },
					want:  []string{"layouts/base.html"},
					alone: true,
				},
			},
		},
		{
			// A site has no data/ until its first data file: the folder
			// must be noticed when it appears, as the others are.
			name: "data created after the watcher started, then a CSV saved over",
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						mkdirAll(t, src, "data")
						writeFile(t, src, "data/progress.csv", "objective,action,status\n")
					},
					want:  []string{"data/progress.csv"},
					allow: []string{"data"},
				},
				{
					do: func(t *testing.T, src string) {
						writeFile(t, src, "data/.~lock.progress.csv#", "LibreOffice's lock\n")
						writeFile(t, src, "data/progress.csv.tmp", "skills,1,done\n")
						rename(t, src, "data/progress.csv.tmp", "data/progress.csv")
					},
					want: []string{"data/progress.csv"},
				},
			},
		},
		{
			name: "assets moved in after the watcher started",
			setup: func(t *testing.T, src string) {
				remove(t, src, "assets")
			},
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						dir := filepath.Join(outside(src), "assets")
						writeFile(t, dir, "css/site.css", "body {}\n")
						rename(t, src, dir, "assets")
					},
					want:  []string{"assets/css/site.css"},
					allow: []string{"assets", "assets/css"},
				},
				{
					do:    func(t *testing.T, src string) { writeFile(t, src, "assets/css/site.css", "body { margin: 0 }\n") },
					want:  []string{"assets/css/site.css"},
					alone: true,
				},
			},
		},
		{
			name: "delete a folder",
			steps: []step{{
				do:    func(t *testing.T, src string) { remove(t, src, "content/objectives") },
				want:  []string{"content/objectives"},
				allow: []string{"content/objectives/skills.md", "content/objectives/sub", "content/objectives/sub/deep.md"},
			}},
		},
		{
			name: "rename a folder, then edit a file in it",
			steps: []step{
				{
					do:   func(t *testing.T, src string) { rename(t, src, "content/objectives", "content/goals") },
					want: []string{"content/goals", "content/objectives"},
					allow: []string{
						"content/goals/skills.md", "content/goals/sub", "content/goals/sub/deep.md",
						"content/objectives/skills.md", "content/objectives/sub", "content/objectives/sub/deep.md",
					},
				},
				{
					// Must be reported under the new name only.
					do:    func(t *testing.T, src string) { writeFile(t, src, "content/goals/sub/deep.md", "deep, edited\n") },
					want:  []string{"content/goals/sub/deep.md"},
					alone: true,
				},
			},
		},
		{
			name: "move a folder out of the site, then edit it there",
			steps: []step{
				{
					do: func(t *testing.T, src string) {
						if err := os.MkdirAll(outside(src), 0o755); err != nil {
							t.Fatal(err)
						}
						rename(t, src, "content/objectives", filepath.Join(outside(src), "objectives"))
					},
					want:  []string{"content/objectives"},
					allow: []string{"content/objectives/skills.md", "content/objectives/sub", "content/objectives/sub/deep.md"},
				},
				{
					// Its folders' watches must be gone, or this would be
					// reported as content/objectives/sub/deep.md.
					do: func(t *testing.T, src string) {
						writeFile(t, outside(src), "objectives/sub/deep.md", "deep, edited elsewhere\n")
						writeFile(t, outside(src), "objectives/skills.md", "skills, edited elsewhere\n")
					},
				},
			},
		},
	}

	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if tt.only != "" && tt.only != m.name {
						t.Skipf("only for %s", tt.only)
					}
					src := newSite(t)
					t.Cleanup(func() { os.RemoveAll(filepath.Join(filepath.Dir(src), filepath.Base(src)+"-outside")) })
					if tt.setup != nil {
						tt.setup(t, src)
					}
					w := start(t, src, m.opts)
					for i, s := range tt.steps {
						s.do(t, src)
						var batches [][]string
						if len(s.want) > 0 {
							batches = collect(t, w, s.want...)
							if s.alone && !slices.Equal(batches[0], s.want) {
								t.Errorf("step %d: first batch %q, want exactly %q", i, batches[0], s.want)
							}
						}
						// Whatever the step caused is delivered no later than a
						// change made after it, so everything unwanted has
						// arrived by the time this one has.
						sentinel := fmt.Sprintf("content/zz-sentinel-%d.md", i)
						writeAtomic(t, src, sentinel, "sentinel\n")
						batches = append(batches, collect(t, w, sentinel)...)

						ok := map[string]bool{sentinel: true}
						for _, p := range slices.Concat(s.want, s.allow) {
							ok[p] = true
						}
						for _, b := range batches {
							for _, p := range b {
								if !ok[p] {
									t.Errorf("step %d: %q reported; batches: %q", i, p, batches)
								}
							}
						}
					}
				})
			}
		})
	}
}

// bareWatcher returns a Watcher whose loop is not running, so that a test
// can feed it events or make it scan and then look at its state.
func bareWatcher(t *testing.T, src string, poll time.Duration) *Watcher {
	t.Helper()
	w := &Watcher{
		src:      src,
		debounce: defaultDebounce,
		maxWait:  time.Hour,
		poll:     poll,
		done:     make(chan struct{}),
		add:      (*fsnotify.Watcher).Add,
		watched:  make(map[string]struct{}),
		pending:  make(map[string]bool),
	}
	if poll > 0 {
		w.prev, w.scanErrs, _ = w.scan()
		return w
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fsw.Close() })
	w.fsw = fsw
	return w
}

// TestHandle feeds fsnotify events to a watcher, with the files on disk in
// the state the events leave them in, and checks the batch they make.
func TestHandle(t *testing.T) {
	const skills = "content/objectives/skills.md"
	const tmp = "content/objectives/skills.md.sb-ab12cd-XyZ" // a temporary name Ignored doesn't know
	ev := func(rel string, op fsnotify.Op) fsnotify.Event { return fsnotify.Event{Name: rel, Op: op} }
	tests := []struct {
		name   string
		change func(t *testing.T, src string)
		events []fsnotify.Event // names relative to the site unless absolute or empty
		want   []string
	}{
		{
			name:   "chmod alone",
			events: []fsnotify.Event{ev(skills, fsnotify.Chmod)},
		},
		{
			name:   "write then chmod",
			events: []fsnotify.Event{ev(skills, fsnotify.Write), ev(skills, fsnotify.Chmod)},
			want:   []string{skills},
		},
		{
			name: "temporary file created and removed",
			events: []fsnotify.Event{
				ev(tmp, fsnotify.Create), ev(tmp, fsnotify.Write), ev(tmp, fsnotify.Remove),
			},
		},
		{
			name: "temporary file renamed over the original",
			events: []fsnotify.Event{
				ev(tmp, fsnotify.Create), ev(tmp, fsnotify.Write), ev(tmp, fsnotify.Rename), ev(skills, fsnotify.Create),
			},
			want: []string{skills},
		},
		{
			name:   "deleted",
			change: func(t *testing.T, src string) { remove(t, src, skills) },
			events: []fsnotify.Event{ev(skills, fsnotify.Remove)},
			want:   []string{skills},
		},
		{
			name:   "deleted, created, deleted again",
			change: func(t *testing.T, src string) { remove(t, src, skills) },
			events: []fsnotify.Event{ev(skills, fsnotify.Remove), ev(skills, fsnotify.Create), ev(skills, fsnotify.Remove)},
			want:   []string{skills},
		},
		{
			name:   "renamed away",
			change: func(t *testing.T, src string) { rename(t, src, skills, "content/objectives/abilities.md") },
			events: []fsnotify.Event{ev(skills, fsnotify.Rename), ev("content/objectives/abilities.md", fsnotify.Create)},
			want:   []string{"content/objectives/abilities.md", skills},
		},
		{
			name:   "no name",
			events: []fsnotify.Event{ev("", fsnotify.Remove)},
		},
		{
			name:   "outside the site",
			events: []fsnotify.Event{ev(filepath.Join(os.TempDir(), "elsewhere", "x.md"), fsnotify.Write)},
		},
		{
			name:   "files in the site's root",
			events: []fsnotify.Event{ev("README.md", fsnotify.Write), ev("public/index.html", fsnotify.Create), ev("site.toml", fsnotify.Write)},
			want:   []string{"site.toml"},
		},
		{
			name: "a folder with files in it",
			change: func(t *testing.T, src string) {
				writeFile(t, src, "content/new/sub/x.md", "x\n")
				writeFile(t, src, "content/new/.hidden/y.md", "y\n")
			},
			events: []fsnotify.Event{ev("content/new", fsnotify.Create)},
			want:   []string{"content/new", "content/new/sub", "content/new/sub/x.md"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newSite(t)
			w := bareWatcher(t, src, 0)
			if tt.change != nil {
				tt.change(t, src)
			}
			for _, e := range tt.events {
				if e.Name != "" && !filepath.IsAbs(e.Name) {
					e.Name = filepath.Join(src, filepath.FromSlash(e.Name))
				}
				w.handle(e)
			}
			w.flush()
			if !slices.Equal(w.ready, tt.want) {
				t.Errorf("batch %q, want %q", w.ready, tt.want)
			}
		})
	}
}

// TestHandleWatchesNewFolders checks that a new folder is watched along
// with the folders inside it, and that renaming it drops those watches.
func TestHandleWatchesNewFolders(t *testing.T) {
	src := newSite(t)
	w := bareWatcher(t, src, 0)
	writeFile(t, src, "content/new/sub/x.md", "x\n")
	writeFile(t, src, "content/new/.git/HEAD", "x\n")
	w.handle(fsnotify.Event{Name: filepath.Join(src, "content/new"), Op: fsnotify.Create})
	want := []string{filepath.Join(src, "content/new"), filepath.Join(src, "content/new/sub")}
	if got := slices.Sorted(maps.Keys(w.watched)); !slices.Equal(got, want) {
		t.Errorf("watched %q, want %q", got, want)
	}
	if got := slices.Sorted(slices.Values(w.fsw.WatchList())); !slices.Equal(got, want) {
		t.Errorf("fsnotify watches %q, want %q", got, want)
	}

	rename(t, src, "content/new", "content/renamed")
	w.handle(fsnotify.Event{Name: filepath.Join(src, "content/new"), Op: fsnotify.Rename})
	if len(w.watched) != 0 || len(w.fsw.WatchList()) != 0 {
		t.Errorf("after a rename: watched %q, fsnotify watches %q, want none", slices.Collect(maps.Keys(w.watched)), w.fsw.WatchList())
	}
}

// TestPollScans makes a polling watcher scan at chosen moments, which a
// running watcher's ticker doesn't allow, and checks the batch each scan
// leaves ready (nil while the burst goes on).
func TestPollScans(t *testing.T) {
	const skills = "content/objectives/skills.md"
	type scan struct {
		change func(t *testing.T, src string)
		want   []string
	}
	tests := []struct {
		name    string
		maxWait time.Duration
		scans   []scan
	}{
		{
			name: "a save straddling two scans is one batch",
			scans: []scan{
				{change: func(t *testing.T, src string) { rename(t, src, skills, skills+"~") }},
				{change: func(t *testing.T, src string) { writeFile(t, src, skills, "skills, saved\n") }},
				{change: func(t *testing.T, src string) { remove(t, src, skills+"~") }, want: []string{skills}},
			},
		},
		{
			name: "a temporary file a scan saw is not reported",
			scans: []scan{
				{change: func(t *testing.T, src string) { writeFile(t, src, skills+".sb-ab12cd-XyZ", "skills, saved\n") }},
				{change: func(t *testing.T, src string) { rename(t, src, skills+".sb-ab12cd-XyZ", skills) }},
				{want: []string{skills}},
			},
		},
		{
			name: "create, modify, delete and rename",
			scans: []scan{
				{change: func(t *testing.T, src string) {
					writeFile(t, src, "content/new.md", "new\n")
					writeFile(t, src, skills, "skills, edited\n")
					remove(t, src, "content/_index.md")
					rename(t, src, "content/objectives/sub/deep.md", "content/objectives/sub/deeper.md")
				}},
				{want: []string{
					"content/_index.md", "content/new.md", skills,
					"content/objectives/sub/deep.md", "content/objectives/sub/deeper.md",
				}},
			},
		},
		{
			name: "same size, new time",
			scans: []scan{
				{change: func(t *testing.T, src string) {
					later := time.Now().Add(time.Hour)
					if err := os.Chtimes(filepath.Join(src, skills), later, later); err != nil {
						t.Fatal(err)
					}
				}},
				{want: []string{skills}},
			},
		},
		{
			name: "mode",
			scans: []scan{
				{change: func(t *testing.T, src string) {
					if err := os.Chmod(filepath.Join(src, skills), 0o600); err != nil {
						t.Fatal(err)
					}
				}},
				{want: []string{skills}},
			},
		},
		{
			name: "new and removed folders",
			scans: []scan{
				{change: func(t *testing.T, src string) {
					writeFile(t, src, "content/x/y/z.md", "z\n")
					remove(t, src, "content/objectives/sub")
					remove(t, src, "assets")
				}},
				{want: []string{
					"assets", "assets/css", "assets/css/site.css",
					"content/objectives/sub", "content/objectives/sub/deep.md",
					"content/x", "content/x/y", "content/x/y/z.md",
				}},
			},
		},
		{
			name: "ignored files",
			scans: []scan{
				{change: func(t *testing.T, src string) {
					writeFile(t, src, "README.md", "edited\n")
					writeFile(t, src, "public/index.html", "edited\n")
					writeFile(t, src, "content/.cache/x.md", "x\n")
					writeFile(t, src, "content/objectives/4913", "")
					writeFile(t, src, "layouts/base.html.swp", "swap")
				}},
				{},
			},
		},
		{
			name:    "a burst that goes on is cut at the cap",
			maxWait: -1,
			scans: []scan{
				{change: func(t *testing.T, src string) { writeFile(t, src, skills, "one\n") }, want: []string{skills}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newSite(t)
			w := bareWatcher(t, src, time.Hour)
			if tt.maxWait != 0 {
				w.maxWait = tt.maxWait
			}
			for i, s := range tt.scans {
				if s.change != nil {
					s.change(t, src)
				}
				w.pollOnce()
				if !slices.Equal(w.ready, s.want) {
					t.Fatalf("after scan %d: batch %q, want %q", i, w.ready, s.want)
				}
			}
			if len(w.errq) > 0 {
				t.Errorf("errors: %v", w.errq)
			}
		})
	}
}

func TestQuietWait(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ms := time.Millisecond
	tests := []struct {
		name       string
		sinceStart time.Duration
		want       time.Duration
	}{
		{"first event", 0, 10 * ms},
		{"inside the burst", 100 * ms, 10 * ms},
		{"close to the cap", 245 * ms, 5 * ms},
		{"at the cap", 250 * ms, 0},
		{"past the cap", time.Second, 0},
	}
	for _, tt := range tests {
		if got := quietWait(start.Add(tt.sinceStart), start, 10*ms, 250*ms); got != tt.want {
			t.Errorf("%s: quietWait = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMaxWait(t *testing.T) {
	ms := time.Millisecond
	for _, tt := range []struct{ debounce, want time.Duration }{
		{10 * ms, 250 * ms},
		{50 * ms, 250 * ms},
		{100 * ms, 400 * ms},
		{time.Second, 4 * time.Second},
	} {
		if got := maxWait(tt.debounce); got != tt.want {
			t.Errorf("maxWait(%v) = %v, want %v", tt.debounce, got, tt.want)
		}
	}
}

// TestSaveIsOneBatch checks that the events of one save are delivered
// together, so that the builder never sees the file missing in between.
// The debounce is long so that a loaded machine pausing the test between two
// file operations does not split the save.
func TestSaveIsOneBatch(t *testing.T) {
	src := newSite(t)
	w := start(t, src, Options{Debounce: 300 * time.Millisecond})

	writeFile(t, src, "content/objectives/4913", "")
	remove(t, src, "content/objectives/4913")
	rename(t, src, "content/objectives/skills.md", "content/objectives/skills.md~")
	writeFile(t, src, "content/objectives/skills.md", "skills, saved\n")
	if err := os.Chmod(filepath.Join(src, "content/objectives/skills.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	remove(t, src, "content/objectives/skills.md~")
	first := collect(t, w, "content/objectives/skills.md")

	writeAtomic(t, src, "content/sentinel.md", "sentinel\n")
	rest := collect(t, w, "content/sentinel.md")
	want := [][]string{{"content/objectives/skills.md"}, {"content/sentinel.md"}}
	if got := append(first, rest...); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("batches %q, want %q", got, want)
	}
}

// TestBurst checks that many changes at once, like a git checkout, make
// few batches and that none is lost.
func TestBurst(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			src := newSite(t)
			mkdirAll(t, src, "content/burst")
			w := start(t, src, m.opts)

			var want []string
			for i := range 30 {
				rel := fmt.Sprintf("content/burst/page-%02d.md", i)
				writeFile(t, src, rel, "page\n")
				want = append(want, rel)
			}
			batches := collect(t, w, want...)
			if len(batches) >= len(want) {
				t.Errorf("%d writes made %d batches, want fewer", len(want), len(batches))
			}
			for _, b := range batches {
				for _, p := range b {
					if !slices.Contains(want, p) {
						t.Errorf("%q reported", p)
					}
				}
			}
		})
	}
}

func TestWanted(t *testing.T) {
	tests := []struct {
		rel  string
		want bool
	}{
		{"site.toml", true},
		{"content", true},
		{"layouts", true},
		{"assets", true},
		{"data", true},
		{"data/progress.csv", true},
		{"data/team/people.yaml", true},
		{"content/objectives/skills.md", true},
		{"layouts/_partials/head.html", true},
		{"assets/css/site.css", true},
		{"content/_index.md", true},

		{"README.md", false},
		{"site.toml~", false},
		{".site.toml.swp", false},
		{"public", false},
		{"public/index.html", false},
		{".git/HEAD", false},
		{"contents/x.md", false},
		{"static/x.css", false},
		{"data/.~lock.progress.csv#", false},
		{"data/~$progress.csv", false},
		{"content/.git/HEAD", false},
		{"content/.obsidian/workspace.json", false},
		{"content/objectives/4913", false},
		{"content/objectives/.skills.md.swp", false},
		{"content/objectives/skills.md.swx", false},
		{"content/objectives/skills.md~", false},
		{"content/objectives/.#skills.md", false},
		{"content/objectives/#skills.md#", false},
		{"content/objectives/skills.md___jb_tmp___", false},
		{"content/objectives/skills.md___jb_old___", false},
		{"content/objectives/.goutputstream-Q1W2E3", false},
		{"layouts/.DS_Store", false},
	}
	for _, tt := range tests {
		if got := wanted(tt.rel); got != tt.want {
			t.Errorf("wanted(%q) = %v, want %v", tt.rel, got, tt.want)
		}
	}
}

func TestWatchError(t *testing.T) {
	const watchesHint = "the system's limit on inotify watches is reached; " +
		"raise it with: sudo sysctl fs.inotify.max_user_watches=524288 (or use --poll 500ms)"
	tests := []struct {
		name string
		what string
		err  error
		goos string
		want string
	}{
		{
			name: "inotify_add_watch ENOSPC",
			what: "content/x",
			err:  syscall.ENOSPC,
			goos: "linux",
			want: "watching content/x: " + watchesHint,
		},
		{
			name: "ENOSPC inside a PathError",
			what: "content/x",
			err:  &fs.PathError{Op: "inotify_add_watch", Path: "/site/content/x", Err: syscall.ENOSPC},
			goos: "linux",
			want: "watching content/x: " + watchesHint,
		},
		{
			name: "inotify_init EMFILE",
			what: "/home/me/site",
			err:  fmt.Errorf("couldn't initialize inotify: %w", syscall.EMFILE),
			goos: "linux",
			want: "watching /home/me/site: the system's limit on inotify instances is reached; " +
				"raise it with: sudo sysctl fs.inotify.max_user_instances=512 (or use --poll 500ms)",
		},
		{
			name: "ENOSPC elsewhere is the disk",
			what: "content/x",
			err:  syscall.ENOSPC,
			goos: "darwin",
			want: "watching content/x: " + syscall.ENOSPC.Error(),
		},
		{
			name: "other errors pass through",
			what: "content/x",
			err:  &fs.PathError{Op: "open", Path: "/site/content/x", Err: syscall.EACCES},
			goos: "linux",
			want: "watching content/x: " + syscall.EACCES.Error(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := watchError(tt.what, tt.err, tt.goos)
			if err.Error() != tt.want {
				t.Errorf("got  %q\nwant %q", err, tt.want)
			}
			var errno syscall.Errno
			if !errors.As(tt.err, &errno) || !errors.Is(err, errno) {
				t.Errorf("%v does not wrap %v", err, tt.err)
			}
		})
	}
}

// failOn returns an add function that fails like a full inotify table for
// the folder rel of src.
func failOn(src, rel string) func(*fsnotify.Watcher, string) error {
	target := filepath.Join(src, filepath.FromSlash(rel))
	return func(fsw *fsnotify.Watcher, dir string) error {
		if dir == target {
			return syscall.ENOSPC
		}
		return fsw.Add(dir)
	}
}

func TestNewReportsWatchLimit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the watch limit is inotify's")
	}
	src := newSite(t)
	w, err := newWatcher(src, Options{}, failOn(src, "content/objectives/sub"))
	if err == nil {
		w.Close()
		t.Fatal("New succeeded while a folder could not be watched")
	}
	want := "watching content/objectives/sub: the system's limit on inotify watches is reached; " +
		"raise it with: sudo sysctl fs.inotify.max_user_watches=524288 (or use --poll 500ms)"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("%v does not wrap ENOSPC", err)
	}
}

func TestNewFolderOverWatchLimit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the watch limit is inotify's")
	}
	src := newSite(t)
	w, err := newWatcher(src, Options{}, failOn(src, "content/new"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	mkdirAll(t, src, "content/new")

	want := "watching content/new: the system's limit on inotify watches is reached; " +
		"raise it with: sudo sysctl fs.inotify.max_user_watches=524288 (or use --poll 500ms)"
	gotErr, gotDir := false, false
	deadline := time.After(timeout)
	for !gotErr || !gotDir {
		select {
		case err := <-w.Errors():
			if err.Error() != want {
				t.Fatalf("got  %q\nwant %q", err, want)
			}
			gotErr = true
		case batch := <-w.Changes():
			// The builder still hears of the folder, and rescans it.
			gotDir = gotDir || slices.Contains(batch, "content/new")
		case <-deadline:
			t.Fatalf("within %v: error delivered %v, folder reported %v", timeout, gotErr, gotDir)
		}
	}
}

func TestNewFails(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, m := range modes() {
		for _, src := range []string{filepath.Join(dir, "missing"), file} {
			if w, err := New(src, m.opts); err == nil {
				w.Close()
				t.Errorf("%s: New(%q) succeeded", m.name, src)
			}
		}
	}
}

func TestClose(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			src := newSite(t)
			w, err := New(src, m.opts)
			if err != nil {
				t.Fatal(err)
			}
			// Changes nobody reads must not hold Close up.
			for i := range 5 {
				writeFile(t, src, fmt.Sprintf("content/unread-%d.md", i), "unread\n")
			}
			closeWithin(t, w)
			if t.Failed() {
				t.FailNow()
			}

			// Drain whatever was in flight; the channels must then be closed.
			for range w.Changes() {
			}
			if _, ok := <-w.Errors(); ok {
				t.Errorf("Errors still open after Close")
			}
			if _, ok := <-w.Changes(); ok {
				t.Errorf("Changes still open after Close")
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
		})
	}
}

// TestCloseLeaksNoGoroutines runs watchers of both modes through some
// changes and checks that the number of goroutines comes back down. It must
// not run in parallel with other tests, whose goroutines would be counted.
func TestCloseLeaksNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := range 10 {
		m := modes()[i%2]
		src := newSite(t)
		w, err := New(src, m.opts)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, src, "content/objectives/skills.md", fmt.Sprintf("skills %d\n", i))
		collect(t, w, "content/objectives/skills.md")
		writeFile(t, src, "content/unread.md", "unread\n")
		closeWithin(t, w)
	}

	// Goroutines that returned may take a moment to be accounted for; a
	// leak would leave one or two per watcher, twenty in all.
	const slack = 2
	deadline := time.Now().Add(timeout)
	for runtime.NumGoroutine() > before+slack {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines before, %d after closing 10 watchers:\n%s", before, runtime.NumGoroutine(), buf)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
