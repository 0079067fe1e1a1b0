package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// The tests in this file look after the output folder: a build replaces it
// whole or not at all, leaves nothing stale, and touches nothing else.

// runPlansite runs the real binary and returns what it printed and its
// error, for commands that are meant to fail.
func runPlansite(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatalf("building plansite: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// stagingFolders lists what builds left beside dest.
func stagingFolders(t *testing.T, dest string) []string {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".plansite-*"))
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// generatedSite writes a site of n notes.
func generatedSite(t *testing.T, n int) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	writeFile(t, filepath.Join(src, "site.toml"), "title = \"Generated\"\nbaseURL = \"https://example.org/\"\nlanguageCode = \"en-GB\"\n")
	writeFile(t, filepath.Join(src, "content/_index.md"), "---\ntitle: Generated\n---\n\nRead [the notes](/notes/).\n")
	writeFile(t, filepath.Join(src, "content/notes/_index.md"), "---\ntitle: Notes\n---\n")
	for i := range n {
		writeFile(t, filepath.Join(src, fmt.Sprintf("content/notes/n%04d.md", i)),
			fmt.Sprintf("---\ntitle: Note %d\ndate: 2024-01-02\n---\n\n## What note %d says\n\nIt is one of %d notes. %s\n", i, i, n, strings.Repeat("Some words to render. ", 40)))
	}
	return src
}

// TestInterruptedBuild stops a build part-way, while it writes its pages to
// their new folder: the test freezes the build (SIGSTOP) as soon as pages
// appear there, checks that DEST is still the old site, and then kills it
// (SIGKILL) or interrupts it (SIGINT, as Ctrl-C does). Killed, the build
// leaves DEST exactly as it was, and the next build removes the folder it
// left; interrupted, it publishes nothing and removes its folder itself.
func TestInterruptedBuild(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			// With 300 notes the build writes pages for about half a
			// second on a 2-core machine, and the test looks every 0.2 ms:
			// it catches the build after its first page or two. (3,000
			// notes made the test take a minute, most of it spent making,
			// building, reading and removing files.)
			const notes = 300
			src := generatedSite(t, notes)
			dest := filepath.Join(t.TempDir(), "public")
			plansite(t, "build", "-s", src, "-d", dest)
			before := treeOf(t, dest)

			// The next version of the site: a page edited, one gone.
			writeFile(t, filepath.Join(src, "content/notes/n0000.md"), "---\ntitle: Note zero, edited\n---\n\nEdited.\n")
			if err := os.Remove(filepath.Join(src, "content/notes/n0001.md")); err != nil {
				t.Fatal(err)
			}

			b := freezeBuild(t, src, dest)
			// The new site's pages: the home page, the notes' section, and
			// the notes but the one removed.
			t.Logf("caught the build with %d of its %d pages written", countPages(t, b.staged), notes+1)
			if d := treeDiff(before, treeOf(t, dest)); len(d) > 0 {
				b.cmd.Process.Signal(syscall.SIGCONT)
				t.Fatalf("the build published before it could be stopped (%s): make the generated site bigger", d[0])
			}
			if err := b.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			b.cmd.Process.Signal(syscall.SIGCONT)
			err := <-b.done
			if err == nil {
				t.Fatalf("the build finished despite %v:\n%s", sig, b.out.String())
			}
			for _, d := range treeDiff(before, treeOf(t, dest)) {
				t.Errorf("after %v, DEST changed: %s", sig, d)
			}
			left := stagingFolders(t, dest)
			switch sig {
			case syscall.SIGINT:
				if len(left) != 0 {
					t.Errorf("an interrupted build left %q", left)
				}
				if !strings.Contains(b.out.String(), "interrupted") {
					t.Errorf("an interrupted build said:\n%s", b.out.String())
				}
			case syscall.SIGKILL:
				if len(left) != 1 {
					t.Errorf("a killed build left %q, want its folder", left)
				}
			}

			// The next build publishes the new site whole, and removes
			// what the killed build left.
			plansite(t, "build", "-s", src, "-d", dest)
			if left := stagingFolders(t, dest); len(left) != 0 {
				t.Errorf("after the next build, beside DEST: %q", left)
			}
			fresh := filepath.Join(t.TempDir(), "fresh")
			plansite(t, "build", "-s", src, "-d", fresh)
			for _, d := range treeDiff(treeOf(t, fresh), treeOf(t, dest)) {
				t.Errorf("the next build is not a fresh build: %s", d)
			}
		})
	}
}

// loopingHome is a home page layout that renders for hours without
// looking at Ctrl-C: a range over a number calls nothing of plansite's
// and writes nothing, so nothing in the render sees the first Ctrl-C.
const loopingHome = `{{ define "main" }}{{ range 1000000000000 }}{{ end }}{{ end }}`

// TestSecondInterrupt builds a site whose home page takes minutes to
// render and does not stop for Ctrl-C: a second Ctrl-C exits at once,
// with status 130, leaving DEST as it was, and the next build removes
// the folder the stopped one left.
func TestSecondInterrupt(t *testing.T) {
	src := generatedSite(t, 3)
	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, "build", "-s", src, "-d", dest)
	before := treeOf(t, dest)
	writeFile(t, filepath.Join(src, "layouts/home.html"), loopingHome)

	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "build", "-s", src, "-d", dest)
	// Workers enough to render the notes beside the home page on any
	// machine: a note written is the sign that plansite is rendering,
	// and so listening for Ctrl-C.
	cmd.Env = append(os.Environ(), "GOMAXPROCS=4")
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer cmd.Process.Kill()
	for start := time.Now(); ; time.Sleep(5 * time.Millisecond) {
		if staged := stagingFolders(t, dest); len(staged) == 1 && pageWritten(staged[0]) {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the build ended (%v) before it was caught rendering:\n%s", err, out)
		default:
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("the build wrote no page in a minute:\n%s", out)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "stopping"); time.Sleep(5 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("the build ended (%v) at the first Ctrl-C:\n%s", err, out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no word after Ctrl-C:\n%s", out)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 130 || !strings.Contains(out.String(), "stopping at once") {
			t.Errorf("the second Ctrl-C: %v, want exit status 130 and a word:\n%s", err, out)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the second Ctrl-C did not stop the build:\n%s", out)
	}
	for _, d := range treeDiff(before, treeOf(t, dest)) {
		t.Errorf("after the second Ctrl-C, DEST changed: %s", d)
	}

	if err := os.Remove(filepath.Join(src, "layouts/home.html")); err != nil {
		t.Fatal(err)
	}
	plansite(t, "build", "-s", src, "-d", dest)
	if left := stagingFolders(t, dest); len(left) != 0 {
		t.Errorf("after the next build, beside DEST: %q", left)
	}
}

// TestRacingBuilds starts a second build into DEST while a first one is
// writing its pages (frozen there, so that the race is the same on every
// run): the second fails at once, saying which process holds DEST, and
// touches neither DEST nor the first's staging folder; the first then
// publishes its whole site.
func TestRacingBuilds(t *testing.T) {
	src := generatedSite(t, 300) // as TestInterruptedBuild, to catch it writing
	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, "build", "-s", src, "-d", dest)
	before := treeOf(t, dest)
	writeFile(t, filepath.Join(src, "content/notes/n0000.md"), "---\ntitle: Note zero, edited\n---\n\nEdited.\n")

	first := freezeBuild(t, src, dest)
	staged := treeOf(t, first.staged)
	out, err := runPlansite(t, src, "build", "-s", src, "-d", dest)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("the second build: %v, want exit status 1", err)
	}
	want := fmt.Sprintf("plansite build: another plansite (pid %d) is building into %s; wait for it to finish, or stop it\n", first.cmd.Process.Pid, dest)
	if out != want {
		t.Errorf("the second build said:\n%s\nwant:\n%s", out, want)
	}
	for _, d := range treeDiff(before, treeOf(t, dest)) {
		t.Errorf("the second build changed DEST: %s", d)
	}
	for _, d := range treeDiff(staged, treeOf(t, first.staged)) {
		t.Errorf("the second build changed the first's staging folder: %s", d)
	}

	first.cmd.Process.Signal(syscall.SIGCONT)
	if err := <-first.done; err != nil {
		t.Fatalf("the first build: %v\n%s", err, first.out.String())
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	plansite(t, "build", "-s", src, "-d", fresh)
	for _, d := range treeDiff(treeOf(t, fresh), treeOf(t, dest)) {
		t.Errorf("DEST is not what a fresh build makes: %s", d)
	}
	if left := stagingFolders(t, dest); len(left) != 0 {
		t.Errorf("beside DEST: %q", left)
	}
}

// frozenBuild is a build by the real binary, stopped (SIGSTOP) as soon as
// it has written a page to its staging folder.
type frozenBuild struct {
	cmd    *exec.Cmd
	done   chan error // what cmd.Wait returned
	out    *lockedBuffer
	staged string // the staging folder
}

// freezeBuild starts a build of src into dest and stops it as soon as it
// has written a page. Each look is a few system calls, so that the test
// catches the build early, and takes little of the processor it shares.
func freezeBuild(t *testing.T, src, dest string) *frozenBuild {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	b := &frozenBuild{cmd: exec.Command(bin, "build", "-s", src, "-d", dest), done: make(chan error, 1), out: &lockedBuffer{}}
	b.cmd.Stdout, b.cmd.Stderr = b.out, b.out
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.done <- b.cmd.Wait() }()
	t.Cleanup(func() { b.cmd.Process.Kill() })
	for start := time.Now(); ; {
		select {
		case err := <-b.done:
			t.Fatalf("the build ended before it was caught writing (%v):\n%s", err, b.out.String())
		default:
		}
		if staged := stagingFolders(t, dest); len(staged) == 1 && pageWritten(staged[0]) {
			b.staged = staged[0]
			break
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("the build wrote no page in a minute:\n%s", b.out.String())
		}
		time.Sleep(200 * time.Microsecond)
	}
	if err := b.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	waitStopped(t, b.cmd.Process.Pid)
	return b
}

// waitStopped waits until every thread of a process that was sent SIGSTOP
// has stopped: the signal arrives a moment after it is sent, and a thread
// may finish writing a file in between.
func waitStopped(t *testing.T, pid int) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/stat", pid))
		if err != nil || len(tasks) == 0 {
			return // no /proc here: the stop is as good as it gets
		}
		stopped := true
		for _, task := range tasks {
			stat, err := os.ReadFile(task)
			// The state follows the command's name, which is in brackets.
			i := bytes.LastIndexByte(stat, ')')
			if err == nil && i >= 0 && i+2 < len(stat) && stat[i+2] != 'T' && stat[i+2] != 't' {
				stopped = false
			}
		}
		if stopped {
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("process %d did not stop", pid)
		}
	}
}

// pageWritten says whether a build has begun writing a page of
// generatedSite's into staged: the home page, the notes' section or a note.
// It looks only at those pages' files, not at the whole tree.
func pageWritten(staged string) bool {
	if haveFile(filepath.Join(staged, "index.html")) || haveFile(filepath.Join(staged, "notes/index.html")) {
		return true
	}
	notes, _ := os.ReadDir(filepath.Join(staged, "notes"))
	for _, n := range notes {
		if n.IsDir() && haveFile(filepath.Join(staged, "notes", n.Name(), "index.html")) {
			return true
		}
	}
	return false
}

func countPages(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	for _, f := range outputFiles(t, dir) {
		if f == "index.html" || strings.HasSuffix(f, "/index.html") {
			n++
		}
	}
	return n
}

// TestRemovedFilesGo removes a page and an image from the fixture: after
// the next build, their files are gone from DEST, which holds exactly what
// a fresh build does.
func TestRemovedFilesGo(t *testing.T) {
	src := fixtureSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, "build", "-s", src, "-d", dest)
	gone := []string{"updates/second/index.html", "updates/chart.png"}
	for _, f := range gone {
		if !haveFile(filepath.Join(dest, f)) {
			t.Fatalf("%s is not in the first build", f)
		}
	}

	for _, f := range []string{"content/updates/second.md", "content/updates/chart.png"} {
		if err := os.Remove(filepath.Join(src, f)); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(src, "content/updates/progress.md"), "---\ntitle: Progress so far\n---\n\nNo chart now.\n")
	plansite(t, "build", "-s", src, "-d", dest)
	for _, f := range gone {
		if haveFile(filepath.Join(dest, f)) {
			t.Errorf("%s is still in DEST", f)
		}
	}
	if haveFile(filepath.Join(dest, "updates/second")) {
		t.Error("the removed page's folder is still in DEST")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	plansite(t, "build", "-s", src, "-d", fresh)
	for _, d := range treeDiff(treeOf(t, fresh), treeOf(t, dest)) {
		t.Errorf("DEST is not what a fresh build makes: %s", d)
	}
	if left := stagingFolders(t, dest); len(left) != 0 {
		t.Errorf("beside DEST: %q", left)
	}
}

// snapshot records every entry below dir: files by content, links by
// target, folders by name.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "link to " + target
			return err
		case d.IsDir():
			out[rel] = "folder"
		default:
			b, err := os.ReadFile(p)
			out[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// changedEntries lists the entries that differ between two snapshots,
// except those below the given folders.
func changedEntries(before, after map[string]string, except ...string) []string {
	skip := func(p string) bool {
		for _, e := range except {
			if p == e || strings.HasPrefix(p, e+string(filepath.Separator)) {
				return true
			}
		}
		return false
	}
	var out []string
	for p, v := range before {
		if w, ok := after[p]; (!ok || v != w) && !skip(p) {
			out = append(out, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok && !skip(p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestDestGivenOddly gives DEST through symbolic links and with "..": a
// DEST that is, or leads to, the site, its content/ or layouts/, or a
// folder with files plansite did not write, is refused and nothing on
// disk changes; one that leads to plansite's own output is built in place,
// the link left as it was.
func TestDestGivenOddly(t *testing.T) {
	tests := []struct {
		name string
		dest string
		// refused is what the error says; "" when the build succeeds and
		// writes into folder.
		refused string
		folder  string
	}{
		{"dotdot to beside the content", "site/content/../public", "", "site/public"},
		{"dotdot to the site", "site/content/..", "is the site folder itself", ""},
		{"dotdot into content", "out/../site/content/x/..", "inside the site's content/ folder", ""},
		{"dotdot into layouts", "site/../site/layouts/out", "inside the site's layouts/ folder", ""},
		{"dotdot above the site", "site/..", "holds the site folder", ""},
		{"link to the site", "to-site", "is the site folder itself", ""},
		{"link to content", "to-content", "inside the site's content/ folder", ""},
		{"link to a parent of the site", "to-root", "holds the site folder", ""},
		{"link to someone's files", "to-mine", "holds files plansite did not write (notes.txt)", ""},
		{"link to plansite's output", "to-built", "", "built"},
		{"link reached with dotdot", "site/../to-built", "", "built"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFile(t, filepath.Join(root, "site/site.toml"), "title = \"Test\"\nbaseURL = \"https://example.org/\"\n")
			writeFile(t, filepath.Join(root, "site/content/_index.md"), "---\ntitle: Home\n---\n\nHello.\n")
			writeFile(t, filepath.Join(root, "site/layouts/.keep"), "")
			writeFile(t, filepath.Join(root, "mine/notes.txt"), "my notes\n")
			plansite(t, "build", "-s", filepath.Join(root, "site"), "-d", filepath.Join(root, "built"))
			for link, target := range map[string]string{"to-site": "site", "to-content": "site/content", "to-root": ".", "to-mine": "mine", "to-built": "built"} {
				if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
					t.Fatal(err)
				}
			}
			writeFile(t, filepath.Join(root, "site/content/_index.md"), "---\ntitle: Home\n---\n\nHello again.\n")
			before := snapshot(t, root)

			out, err := runPlansite(t, root, "build", "-s", "site", "-d", tc.dest)
			after := snapshot(t, root)
			if tc.refused != "" {
				if err == nil || !strings.Contains(out, tc.refused) {
					t.Fatalf("-d %s: %v, said:\n%s\nwant it refused: %s", tc.dest, err, out, tc.refused)
				}
				for _, p := range changedEntries(before, after) {
					t.Errorf("-d %s was refused, but %s changed", tc.dest, p)
				}
				return
			}
			if err != nil {
				t.Fatalf("-d %s: %v\n%s", tc.dest, err, out)
			}
			for _, p := range changedEntries(before, after, filepath.FromSlash(tc.folder)) {
				t.Errorf("-d %s: %s changed, outside %s", tc.dest, p, tc.folder)
			}
			index, err := os.ReadFile(filepath.Join(root, tc.folder, "index.html"))
			if err != nil || !bytes.Contains(index, []byte("Hello again.")) {
				t.Errorf("-d %s: %s/index.html is not the new site (%v)", tc.dest, tc.folder, err)
			}
			if strings.HasPrefix(tc.dest, "to-") || strings.Contains(tc.dest, "/to-") {
				if got, want := after[filepath.Base(tc.dest)], before[filepath.Base(tc.dest)]; got != want {
					t.Errorf("the link %s is now %q, was %q", tc.dest, got, want)
				}
			}
		})
	}
}

// TestReadOnlyOldOutput replaces an output with a read-only folder (chmod
// 0555, as a copy from a read-only source has): the build removes the old
// output whole, folder and all, and says it succeeded. Root ignores
// permissions, so as root the build runs as the user nobody, who owns the
// files.
func TestReadOnlyOldOutput(t *testing.T) {
	root, src := t.TempDir(), generatedSite(t, 3)
	dest := filepath.Join(root, "out", "public")
	as := unprivileged(t, root, filepath.Dir(src))
	run := func() (string, error) {
		cmd := exec.Command(filepath.Join(root, "bin", "plansite"), "build", "-s", src, "-d", dest)
		cmd.SysProcAttr = as
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run(); err != nil {
		if !errors.As(err, new(*exec.ExitError)) && as != nil {
			requireTool(t, fmt.Sprintf("running plansite as the user nobody (%v)", err), false)
		}
		t.Fatalf("the first build: %v\n%s", err, out)
	}
	ro := filepath.Join(dest, "notes", "n0000")
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "content/notes/n0001.md"), "---\ntitle: Note one, edited\n---\n\nEdited.\n")
	out, err := run()
	if err != nil || strings.Contains(out, "warning") {
		t.Fatalf("the second build: %v\n%s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".*"))
	if len(left) > 0 {
		t.Errorf("left beside DEST: %q", left)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	plansite(t, "build", "-s", src, "-d", fresh)
	for _, d := range treeDiff(treeOf(t, fresh), treeOf(t, dest)) {
		t.Errorf("DEST is not what a fresh build makes: %s", d)
	}
}

// unprivileged puts the plansite binary in root/bin and returns how to run
// it so that permissions count: as the user nobody when the tests run as
// root, made owner of everything in root and the other folders given; as
// it is otherwise.
func unprivileged(t *testing.T, root string, others ...string) *syscall.SysProcAttr {
	t.Helper()
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", "plansite"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		return nil
	}
	const nobody = 65534
	for _, dir := range append(others, root) {
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, nobody, nobody)
		})
		if err != nil {
			requireTool(t, fmt.Sprintf("giving files to the user nobody (%v)", err), false)
		}
		// The folders t.TempDir makes above dir are root's, closed to
		// others.
		for d := filepath.Dir(dir); d != os.TempDir() && d != filepath.Dir(d); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o711); err != nil {
				t.Fatal(err)
			}
		}
	}
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}

// scriptTag finds script elements, and jsonLD those that hold JSON-LD.
var (
	scriptTag = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	jsonLD    = regexp.MustCompile(`(?i)\stype=["']?application/ld\+json["'\s>]`)
)

// TestBuildHasNoScript checks that the preview's client stays in the
// preview: nothing plansite build writes runs JavaScript or carries a part
// of the preview, for the default site (as written and minified) or for a
// site whose layouts the preview tests patch. JSON-LD is data, not a
// script.
func TestBuildHasNoScript(t *testing.T) {
	patch := t.TempDir()
	for _, f := range txtar.Parse([]byte(patchSite)).Files {
		writeFile(t, filepath.Join(patch, f.Name), string(f.Data))
	}
	for _, c := range []struct {
		name  string
		src   string
		flags []string
	}{
		{"default site", repoRoot, nil},
		{"default site, minified", repoRoot, []string{"--minify"}},
		{"a site of the preview's tests", patch, []string{"--base-url", "https://example.org/"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			plansite(t, append([]string{"build", "-s", c.src, "-d", dest}, c.flags...)...)
			pages := 0
			err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dest, p)
				switch filepath.Ext(p) {
				case ".js", ".mjs":
					t.Errorf("%s: a script file", rel)
				case ".html":
					pages++
				default:
					return nil
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				for _, tag := range scriptTag.FindAll(b, -1) {
					if !jsonLD.Match(tag) {
						t.Errorf("%s: %s", rel, tag)
					}
				}
				for _, part := range []string{"__plansite", "plansite-end", "plansite-errors", "plansite-warnings", "Idiomorph"} {
					if bytes.Contains(b, []byte(part)) {
						t.Errorf("%s: has %q, a part of the preview", rel, part)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if pages < 3 {
				t.Fatalf("only %d pages built", pages)
			}
		})
	}
}
