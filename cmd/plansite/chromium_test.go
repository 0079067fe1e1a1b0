package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// chromium is headless Chromium driven by testdata/browser/drive.js: a
// test opens tabs of the preview in it, runs JavaScript in them and waits
// for what they show. One browser serves all the tests of the package
// (starting one takes seconds on a busy machine); each test has tabs of
// its own, closed when it ends.
type chromium struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	mu   sync.Mutex
	last int // the last command's id
	tabs int // tabs opened
	// replies routes each answer of drive.js to the command it answers.
	replies map[int]chan driverReply
	// gone is closed when drive.js has ended.
	gone chan struct{}
}

type driverReply struct {
	ID    int             `json:"id"`
	Value json.RawMessage `json:"value"`
	Error string          `json:"error"`
	Armed bool            `json:"armed"`
}

var browser struct {
	once sync.Once
	c    *chromium
	err  error
}

// requireChromium skips tb, or fails it in CI, without Chromium, Node.js
// and the npm packages of testdata/browser.
func requireChromium(tb testing.TB) {
	tb.Helper()
	requireTool(tb, "Chromium (/usr/bin/chromium)", haveFile("/usr/bin/chromium") || os.Getenv("CHROMIUM") != "")
	requireTool(tb, "Node.js", haveCommand("node"))
	requireTool(tb, "cmd/plansite/testdata/browser/node_modules (npm ci in that folder)",
		haveFile(filepath.Join(nodeModules, "playwright-core")) && haveFile(filepath.Join(nodeModules, "axe-core/axe.min.js")))
}

// startChromium returns the package's browser, started by the first test
// that asks; stopChromium, after the last test, closes it.
func startChromium(tb testing.TB) *chromium {
	tb.Helper()
	requireChromium(tb)
	browser.once.Do(func() { browser.c, browser.err = launchChromium() })
	if browser.err != nil {
		tb.Fatalf("starting Chromium: %v", browser.err)
	}
	select {
	case <-browser.c.gone:
		tb.Fatal("the browser stopped in an earlier test")
	default:
	}
	return browser.c
}

func launchChromium() (*chromium, error) {
	cmd := exec.Command("node", "testdata/browser/drive.js")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &chromium{cmd: cmd, in: in, replies: map[int]chan driverReply{0: make(chan driverReply, 1)}, gone: make(chan struct{})}
	go c.read(out)
	select {
	case r := <-c.replies[0]:
		if r.Error == "" {
			return c, nil
		}
		err = fmt.Errorf("%s", r.Error)
	case <-c.gone:
		err = fmt.Errorf("drive.js ended")
	case <-time.After(2 * time.Minute):
		err = fmt.Errorf("no answer in 2 minutes")
	}
	c.stop()
	return nil, err
}

// stopChromium closes the package's browser, if a test started it.
func stopChromium() {
	if browser.c != nil {
		browser.c.stop()
	}
}

// stop closes stdin, which lets drive.js close Chromium: a kill would
// leave the browser running on.
func (c *chromium) stop() {
	c.in.Close()
	select {
	case <-c.gone:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Signal(syscall.SIGTERM)
	}
	exited := make(chan struct{})
	go func() { c.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-exited
	}
}

func (c *chromium) read(out io.Reader) {
	defer close(c.gone)
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r driverReply
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			fmt.Fprintf(os.Stderr, "drive.js: %s\n", sc.Bytes())
			continue
		}
		c.mu.Lock()
		ch := c.replies[r.ID]
		c.mu.Unlock()
		if ch != nil {
			ch <- r
		}
	}
}

// send sends a command; its replies come on the channel returned.
func (c *chromium) send(tb testing.TB, cmd map[string]any) (int, chan driverReply) {
	tb.Helper()
	c.mu.Lock()
	c.last++
	id := c.last
	ch := make(chan driverReply, 2)
	c.replies[id] = ch
	c.mu.Unlock()
	cmd["id"] = id
	line, err := json.Marshal(cmd)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := c.in.Write(append(line, '\n')); err != nil {
		tb.Fatalf("the browser is gone: %v", err)
	}
	return id, ch
}

// await waits for the next reply to command id.
func (c *chromium) await(tb testing.TB, id int, ch chan driverReply, timeout time.Duration) driverReply {
	tb.Helper()
	select {
	case r := <-ch:
		return r
	case <-c.gone:
		tb.Fatalf("the browser stopped (command %d)", id)
	case <-time.After(timeout):
		tb.Fatalf("the browser did not answer command %d in %s", id, timeout)
	}
	return driverReply{}
}

// call runs a command and decodes its value into out (unless nil). It
// returns the error drive.js reported.
func (c *chromium) call(tb testing.TB, cmd map[string]any, out any) error {
	tb.Helper()
	id, ch := c.send(tb, cmd)
	r := c.await(tb, id, ch, 2*time.Minute)
	c.mu.Lock()
	delete(c.replies, id)
	c.mu.Unlock()
	if r.Error != "" {
		return fmt.Errorf("%s", r.Error)
	}
	if out != nil {
		if err := json.Unmarshal(r.Value, out); err != nil {
			tb.Fatalf("reading %s: %v", r.Value, err)
		}
	}
	return nil
}

// tab is a page open in the browser, for one test.
type tab struct {
	c    *chromium
	tb   testing.TB
	name string
}

// open opens url in a new tab of the given size, and waits until its page
// listens for updates. The tab is closed when tb ends.
func (c *chromium) open(tb testing.TB, url string, width, height int) *tab {
	tb.Helper()
	c.mu.Lock()
	c.tabs++
	name := fmt.Sprintf("tab%d", c.tabs)
	c.mu.Unlock()
	t := &tab{c, tb, name}
	tb.Cleanup(func() { c.call(tb, map[string]any{"op": "close", "tab": name}, nil) })
	if err := c.call(tb, map[string]any{"op": "open", "tab": name, "url": url, "width": width, "height": height}, nil); err != nil {
		tb.Fatalf("opening %s: %v", url, err)
	}
	return t
}

// openPlain opens a page that has no preview script (the CMS's admin
// page) in a new tab, once it has loaded.
func (c *chromium) openPlain(tb testing.TB, url string, width, height int) *tab {
	tb.Helper()
	c.mu.Lock()
	c.tabs++
	name := fmt.Sprintf("tab%d", c.tabs)
	c.mu.Unlock()
	if err := c.call(tb, map[string]any{"op": "open", "tab": name, "url": url, "width": width, "height": height, "plain": true}, nil); err != nil {
		tb.Fatalf("opening %s: %v", url, err)
	}
	t := &tab{tb: tb, c: c, name: name}
	tb.Cleanup(func() { c.call(tb, map[string]any{"op": "close", "tab": name}, nil) })
	return t
}

// click clicks what a Playwright selector finds on the page.
func (t *tab) click(selector string) {
	t.tb.Helper()
	if err := t.c.call(t.tb, map[string]any{"op": "click", "tab": t.name, "selector": selector}, nil); err != nil {
		t.tb.Fatalf("clicking %s: %v", selector, err)
	}
}

// fill types text into the field a Playwright selector finds.
func (t *tab) fill(selector, text string) {
	t.tb.Helper()
	if err := t.c.call(t.tb, map[string]any{"op": "fill", "tab": t.name, "selector": selector, "text": text}, nil); err != nil {
		t.tb.Fatalf("filling %s: %v", selector, err)
	}
}

// eval runs the JavaScript function js with arg in the page, and decodes
// what it returns into out (unless nil).
func (t *tab) eval(js string, arg, out any) {
	t.tb.Helper()
	if err := t.c.call(t.tb, map[string]any{"op": "eval", "tab": t.name, "js": js, "arg": arg}, out); err != nil {
		t.tb.Fatalf("in the page: %v\n%s", err, js)
	}
}

// wait waits, at most timeout, until the JavaScript function js returns
// something truthy for arg, and decodes that into out (unless nil). It
// says what it waited for when it times out.
func (t *tab) wait(what, js string, arg, out any, timeout time.Duration) {
	t.tb.Helper()
	err := t.c.call(t.tb, map[string]any{"op": "wait", "tab": t.name, "js": js, "arg": arg, "timeout": timeout.Milliseconds()}, out)
	if err != nil {
		t.tb.Fatalf("waiting for %s: %v", what, err)
	}
}

// waitText waits until the page's text has text.
func (t *tab) waitText(text string) {
	t.tb.Helper()
	t.wait(fmt.Sprintf("the page to show %q", text), `t => document.body && document.body.innerText.includes(t)`, text, nil, 30*time.Second)
}

func (t *tab) press(key string) {
	t.tb.Helper()
	if err := t.c.call(t.tb, map[string]any{"op": "press", "tab": t.name, "key": key}, nil); err != nil {
		t.tb.Fatal(err)
	}
}

func (t *tab) resize(width, height int) {
	t.tb.Helper()
	if err := t.c.call(t.tb, map[string]any{"op": "resize", "tab": t.name, "width": width, "height": height}, nil); err != nil {
		t.tb.Fatal(err)
	}
}

// axe lists axe-core's WCAG 2.1 A and AA violations inside the element
// include (a selector).
func (t *tab) axe(include string) []axeViolation {
	t.tb.Helper()
	var vs []axeViolation
	if err := t.c.call(t.tb, map[string]any{"op": "axe", "tab": t.name, "include": include}, &vs); err != nil {
		t.tb.Fatal(err)
	}
	return vs
}

type axeViolation struct {
	ID, Help string
	Nodes    []string
}

// errors are the uncaught errors and the warnings the page reported.
func (t *tab) errors() []string {
	t.tb.Helper()
	var es []string
	if err := t.c.call(t.tb, map[string]any{"op": "errors", "tab": t.name}, &es); err != nil {
		t.tb.Fatal(err)
	}
	return es
}

// mark sets a value in the page's JavaScript state, which a reload loses
// and a patch keeps.
func (t *tab) mark() {
	t.tb.Helper()
	t.eval(`() => { window.plansiteTestMark = true; }`, nil, nil)
}

// reloaded says whether the page was reloaded since mark.
func (t *tab) reloaded() bool {
	t.tb.Helper()
	var kept bool
	t.eval(`() => window.plansiteTestMark === true`, nil, &kept)
	return !kept
}
