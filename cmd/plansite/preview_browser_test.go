package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The preview's tests in headless Chromium: each save patches the open
// page in place, keeping the reader's place, or reloads it when a patch
// cannot be trusted; warnings and errors show on the page. Timeouts are
// generous, for a busy machine: how fast it is, is BenchmarkSaveToScreen's
// business.

// patchSite is a site whose pages have what a patch must keep: a <details>
// a reader may open, links to focus, paragraphs to select text in.
const patchSite = `-- site.toml --
title = "Patch test"
baseURL = "https://example.org/plan/"
[markup]
unsafe = true
-- layouts/baseof.html --
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}</head>
<body><header class="site-header"><a href="/">Patch test</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>The footer.</p></footer></body></html>
-- layouts/home.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>
<details id="more"><summary>More about this note</summary><p>Shown once opened.</p></details>
{{ .Content }}
<p><a id="home" href="/">Back home</a></p>{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
-- layouts/404.html --
{{ define "main" }}<h1>Nothing here</h1>{{ end }}
-- assets/css/site.css --
body { color: black }
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/notes/first.md --
---
title: First note
---
The first paragraph, which the reader selects.

The second paragraph.

The third paragraph.
-- content/notes/second.md --
---
title: Second note
---
The second note.
-- content/notes/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>
`

const firstNote = "---\ntitle: First note\n---\nThe first paragraph, which the reader selects.\n\nThe second paragraph.\n\n"

// TestPreviewPatchesInChromium saves a change to an open page: the new
// text shows without a reload, and the reader's open <details>, focus and
// selected text are as they were.
func TestPreviewPatchesInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	page := b.open(t, p.url+"notes/first/", 1280, 900)
	page.mark()
	page.eval(`() => {
		document.getElementById("more").open = true;
		document.getElementById("home").focus();
		const text = document.querySelector("main p:not(details p)").firstChild;
		getSelection().setBaseAndExtent(text, 4, text, 19);
	}`, nil, nil)
	p.atomicSave("content/notes/first.md", firstNote+"The third paragraph, edited.\n")
	page.waitText("The third paragraph, edited.")
	var state struct {
		Open      bool
		Focus     string
		Selection string
	}
	page.eval(`() => ({
		open: document.getElementById("more").open,
		focus: document.activeElement.id,
		selection: getSelection().toString(),
	})`, nil, &state)
	if page.reloaded() {
		t.Error("the page was reloaded, not patched")
	}
	if !state.Open {
		t.Error("the <details> the reader opened was closed")
	}
	if state.Focus != "home" {
		t.Errorf("focus moved to %q, want the link the reader was on", state.Focus)
	}
	if state.Selection != "first paragraph" {
		t.Errorf("the selection is %q, want %q", state.Selection, "first paragraph")
	}
	noPageErrors(t, page)
}

// noPageErrors fails t if the page reported errors or warnings, but for
// the failed loads of a page that is gone, which tests ask for.
func noPageErrors(t *testing.T, page *tab) {
	t.Helper()
	for _, e := range page.errors() {
		if !strings.Contains(e, "404 (Not Found)") {
			t.Errorf("the page said: %s", e)
		}
	}
}

// TestPreviewSwapsCSSInChromium edits the stylesheet of an open page: the
// page takes the new style without being reloaded or patched.
func TestPreviewSwapsCSSInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	page := b.open(t, p.url+"notes/first/", 1280, 900)
	page.mark()
	p.atomicSave("assets/css/site.css", "body { color: navy }\n")
	page.wait("the new colour", `() => getComputedStyle(document.body).color === "rgb(0, 0, 128)"`, nil, nil, 30*time.Second)
	if page.reloaded() {
		t.Error("the stylesheet change reloaded the page")
	}
	noPageErrors(t, page)
}

// TestPreviewTwoTabsInChromium edits the layout two open pages share:
// each shows the change, patched.
func TestPreviewTwoTabsInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	first := b.open(t, p.url+"notes/first/", 1280, 900)
	home := b.open(t, p.url, 1280, 900)
	first.mark()
	home.mark()
	baseof, err := os.ReadFile(filepath.Join(p.dir, "layouts/baseof.html"))
	if err != nil {
		t.Fatal(err)
	}
	p.atomicSave("layouts/baseof.html", strings.Replace(string(baseof), "The footer.", "The edited footer.", 1))
	for _, page := range []*tab{first, home} {
		page.waitText("The edited footer.")
		if page.reloaded() {
			t.Errorf("%s was reloaded, not patched", page.name)
		}
		noPageErrors(t, page)
	}
	p.atomicSave("content/notes/second.md", "---\ntitle: Second note, renamed\n---\nThe second note.\n")
	home.waitText("Second note, renamed")
}

// TestPreviewDeletedPageInChromium deletes the source of an open page: the
// tab shows the site's 404 page at the same address, and the page again
// once its source is back.
func TestPreviewDeletedPageInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	page := b.open(t, p.url+"notes/second/", 1280, 900)
	if err := os.Remove(filepath.Join(p.dir, "content/notes/second.md")); err != nil {
		t.Fatal(err)
	}
	page.waitText("Nothing here")
	var path string
	page.eval(`() => location.pathname`, nil, &path)
	if path != "/notes/second/" {
		t.Errorf("the tab went to %s", path)
	}
	p.write("content/notes/second.md", "---\ntitle: Second note\n---\nThe second note is back.\n")
	page.waitText("The second note is back.")
	noPageErrors(t, page)
}

// TestPreviewReconnectsInChromium stops the preview while a page is open,
// changes the page, and starts the preview again on the same port: the
// page reconnects by itself and shows the change.
func TestPreviewReconnectsInChromium(t *testing.T) {
	b := startChromium(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	first := startPreview(t, patchSite, "--port", port)
	page := b.open(t, first.url+"notes/first/", 1280, 900)
	page.mark()
	if err := first.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	first.write("content/notes/first.md", firstNote+"Written while the preview was down.\n")
	startPreviewIn(t, first.dir, "--port", port)
	page.waitText("Written while the preview was down.")
	if page.reloaded() {
		t.Error("the page was reloaded, not patched")
	}
}

// defaultSite copies the default site (the plan) into a folder of tb's, for
// a test to edit.
func defaultSite(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, name := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(repoRoot, name))); err != nil {
			tb.Fatal(err)
		}
	}
	config, err := os.ReadFile(filepath.Join(repoRoot, "site.toml"))
	if err != nil {
		tb.Fatal(err)
	}
	writeFile(tb, filepath.Join(dir, "site.toml"), string(config))
	return dir
}

// lengthenFirstAction returns an objective's file with words added to the
// text of its first action.
func lengthenFirstAction(tb testing.TB, objective, words string) string {
	tb.Helper()
	lines := strings.Split(objective, "\n")
	for i, l := range lines {
		if at := strings.Index(l, "- text: "); at >= 0 {
			text := strings.TrimSpace(l[at+len("- text: "):])
			if strings.HasPrefix(text, `"`) {
				lines[i] = l[:at] + `- text: "` + words + " " + text[1:]
			} else {
				lines[i] = l[:at] + "- text: " + words + " " + text
			}
			return strings.Join(lines, "\n")
		}
	}
	tb.Fatalf("no action in the objective:\n%s", objective)
	return ""
}

// TestPreviewKeepsPlaceInChromium is the writer of the issue: scrolled to
// the middle of the whole plan (/actions/, where /full-plan/ now leads),
// reading objective 4, they save a change
// to it, then to objective 3 above: the text they were reading stays where
// it was on the screen, and the change shows.
func TestPreviewKeepsPlaceInChromium(t *testing.T) {
	b := startChromium(t)
	dir := defaultSite(t)
	p := startPreviewIn(t, dir)
	page := b.open(t, p.url+"actions/", 1280, 900)
	page.mark()
	// The reader reads the last item of objective 4, in the middle of
	// the window.
	var top float64
	page.eval(`() => {
		const heading = document.querySelector("#objective-4");
		const section = heading && heading.closest("section");
		if (!section) return null;
		const items = section.querySelectorAll("li");
		const read = items[items.length - 1];
		window.scrollBy({ top: read.getBoundingClientRect().top - innerHeight / 2, behavior: "instant" });
		window.plansiteRead = read;
		return read.getBoundingClientRect().top;
	}`, nil, &top)
	if top == 0 {
		t.Fatal("no objective 4 with actions on /actions/, the whole plan")
	}
	for _, save := range []struct{ file, words string }{
		{"content/objectives/understood.md", "Objective four, edited while it was being read, with enough words to take another line or two on the screen."},
		{"content/objectives/skills.md", "Objective three, edited above what is being read, with enough words to take another line or two on the screen."},
	} {
		raw, err := os.ReadFile(filepath.Join(dir, save.file))
		if err != nil {
			t.Fatal(err)
		}
		p.atomicSave(save.file, lengthenFirstAction(t, string(raw), save.words))
		page.waitText(save.words)
		var now struct {
			Connected bool
			Top       float64
			ScrollY   float64
		}
		page.eval(`() => ({ connected: window.plansiteRead.isConnected, top: window.plansiteRead.getBoundingClientRect().top, scrollY })`, nil, &now)
		if page.reloaded() {
			t.Fatalf("after saving %s the page was reloaded", save.file)
		}
		if !now.Connected || now.Top < top-2 || now.Top > top+2 {
			t.Errorf("after saving %s, the text being read is at %.0f px (still in the page: %v), want %.0f px; the window is scrolled to %.0f px",
				save.file, now.Top, now.Connected, top, now.ScrollY)
		}
	}
	noPageErrors(t, page)
}

// TestPreviewFallsBackToReloadInChromium saves what a patch must not
// apply: the page is reloaded instead, and never left half patched.
func TestPreviewFallsBackToReloadInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	page := b.open(t, p.url+"notes/first/", 1280, 900)
	baseof, err := os.ReadFile(filepath.Join(p.dir, "layouts/baseof.html"))
	if err != nil {
		t.Fatal(err)
	}
	layout := func(head, footer string) string {
		return strings.Replace(strings.Replace(string(baseof), "</head>", head+"</head>", 1), "The footer.", footer, 1)
	}
	// saved saves a file and waits for the page to show text; reload says
	// whether the page had to be reloaded for it.
	saved := func(file, text, shows string, reload bool) {
		t.Helper()
		page.mark()
		p.atomicSave(file, text)
		page.wait("the page to show "+shows, `t => document.body && document.body.textContent.includes(t)`, shows, nil, 60*time.Second)
		if got := page.reloaded(); got != reload {
			t.Errorf("saving %s: reloaded %v, want %v", file, got, reload)
		}
	}
	// Another stylesheet in the head.
	saved("layouts/baseof.html", layout(`<style>main { color: #222 }</style>`, "Styled."), "Styled.", true)
	saved("layouts/baseof.html", layout("", "Unstyled."), "Unstyled.", true)
	// A script in the head.
	saved("layouts/baseof.html", layout(`<script>document.documentElement.dataset.ran = "yes"</script>`, "Scripted."), "Scripted.", true)
	var ran string
	page.eval(`() => document.documentElement.dataset.ran`, nil, &ran)
	if ran != "yes" {
		t.Error("the page's own script did not run")
	}
	// The page that ran a script is reloaded away from too.
	saved("layouts/baseof.html", layout("", "The footer again."), "The footer again.", true)
	saved("content/notes/first.md", firstNote+"Patched again.\n", "Patched again.", false)
	// A script in the body.
	saved("content/notes/first.md", firstNote+"<script>document.body.dataset.ran = 'yes'</script>\n\nRun in the body.\n", "Run in the body.", true)
	saved("content/notes/first.md", firstNote+"No script.\n", "No script.", true)
	// A huge page.
	huge := strings.Repeat("A sentence to make the page huge. ", 5<<20/34)
	saved("content/notes/first.md", firstNote+huge+"\n\nThe end of a huge page.\n", "The end of a huge page.", true)
	saved("content/notes/first.md", firstNote+"Small again.\n", "Small again.", false)
	// HTML that does not parse whole.
	// A comment left open takes the rest of the page with it.
	saved("content/notes/first.md", firstNote+"Before the comment.\n\n<!-- never closed\n\nInside the comment.\n", "Before the comment.", true)
	var text string
	page.eval(`() => document.body.innerText`, nil, &text)
	if strings.Contains(text, "Inside the comment.") || strings.Contains(text, "The footer again.") {
		t.Errorf("the page shows what the comment hides:\n%s", text)
	}
	// The client sits in the head, out of the comment's reach: the
	// fix is patched in.
	saved("content/notes/first.md", firstNote+"The comment is gone.\n", "The comment is gone.", false)
}

// visible is the text of a panel of the preview, once it is shown.
const visible = `id => { const p = document.getElementById(id); return p && !p.hidden && p.getClientRects().length > 0 && p.innerText; }`

// TestPreviewWarningsInChromium saves a page with a warning: a small panel
// lists it, passes axe, hides on Escape or its button, stays hidden while
// the same warnings come back, and goes once they are gone.
func TestPreviewWarningsInChromium(t *testing.T) {
	b := startChromium(t)
	p := startPreview(t, patchSite)
	page := b.open(t, p.url+"notes/first/", 1280, 900)
	page.mark()
	p.atomicSave("content/notes/first.md", firstNote+"![](chart.svg)\n")
	var text string
	page.wait("the warnings panel", visible, "plansite-warnings", &text, 30*time.Second)
	for _, want := range []string{"1 warning", "content/notes/first.md:8:1", "has no alt text"} {
		if !strings.Contains(text, want) {
			t.Errorf("the warnings panel lacks %q:\n%s", want, text)
		}
	}
	var box struct{ Width, Height float64 }
	page.eval(`() => document.getElementById("plansite-warnings").getBoundingClientRect()`, nil, &box)
	if box.Width > 500 || box.Height > 0.4*900 {
		t.Errorf("the warnings panel is %.0f × %.0f px; it should be small", box.Width, box.Height)
	}
	for _, v := range page.axe("#plansite-warnings") {
		t.Errorf("axe %s in the warnings panel: %s %q", v.ID, v.Help, v.Nodes)
	}
	page.press("Escape")
	page.wait("Escape to hide the panel", `id => document.getElementById(id).hidden`, "plansite-warnings", nil, 10*time.Second)

	p.atomicSave("content/notes/first.md", firstNote+"![](chart.svg)\n\nThe same warning.\n")
	page.waitText("The same warning.")
	var shown any
	page.eval(visible, "plansite-warnings", &shown)
	if shown != false {
		t.Errorf("the panel the reader hid came back with the same warnings: %v", shown)
	}

	p.atomicSave("content/notes/first.md", firstNote+"![](chart.svg)\n\n[here](/)\n")
	page.wait("the panel to show again, with 2 warnings", `id => { const p = document.getElementById(id); return p && !p.hidden && p.innerText.includes("2 warnings"); }`,
		"plansite-warnings", nil, 30*time.Second)
	page.eval(`() => document.querySelector("#plansite-warnings button").focus()`, nil, nil)
	page.press("Enter")
	page.wait("the Hide button to hide the panel", `id => document.getElementById(id).hidden`, "plansite-warnings", nil, 10*time.Second)

	p.atomicSave("content/notes/first.md", firstNote+"![A chart](chart.svg)\n\n[the home page](/)\n")
	page.wait("the panel to go", `id => !document.getElementById(id)`, "plansite-warnings", nil, 30*time.Second)
	if page.reloaded() {
		t.Error("the page was reloaded for the warnings")
	}
	noPageErrors(t, page)
}

// TestPreviewErrorOverlayInChromium breaks a page of the default site: at
// 1280 and 390 px the overlay leaves the site's header in view and is in
// front of the page, wraps a long line instead of scrolling sideways,
// keeps file:line:col in view, passes axe and hides on Escape; it goes
// once the error is fixed.
func TestPreviewErrorOverlayInChromium(t *testing.T) {
	b := startChromium(t)
	dir := defaultSite(t)
	p := startPreviewIn(t, dir)
	page := b.open(t, p.url+"objectives/", 1280, 900)
	page.mark()
	raw, err := os.ReadFile(filepath.Join(dir, "content/objectives/understood.md"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(raw), "\nnumber: 4\n", "\nnumber: 4\nmotto: "+strings.Repeat("long", 80)+"\n", 1)
	p.atomicSave("content/objectives/understood.md", broken)
	page.wait("the error overlay", visible, "plansite-errors", nil, 30*time.Second)
	for _, size := range [][2]int{{1280, 900}, {390, 844}} {
		page.resize(size[0], size[1])
		var m struct {
			Header, Overlay          struct{ Top, Bottom, Left, Right float64 }
			InFront, Sideways, Where bool
			WhereText                string
			FontSize                 float64
		}
		page.eval(`() => {
			const rect = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
			const overlay = document.getElementById("plansite-errors");
			const header = document.querySelector('body > header, [role="banner"]');
			const title = rect(overlay.querySelector("h2"));
			const front = document.elementFromPoint((title.left + title.right) / 2, (title.top + title.bottom) / 2);
			const where = overlay.querySelector(".plansite-where");
			const sideways = [overlay, ...overlay.querySelectorAll("pre")].some((e) => e.scrollWidth > e.clientWidth + 1) ||
				document.documentElement.scrollWidth > document.documentElement.clientWidth;
			const w = rect(where);
			return {
				header: rect(header), overlay: rect(overlay), inFront: overlay.contains(front), sideways,
				where: w.left >= 0 && w.right <= innerWidth && w.top >= 0 && w.bottom <= innerHeight,
				whereText: where.innerText, fontSize: parseFloat(getComputedStyle(overlay.querySelector("pre")).fontSize),
			};
		}`, nil, &m)
		at := fmt.Sprintf("at %d px", size[0])
		if m.Overlay.Top < m.Header.Bottom {
			t.Errorf("%s the overlay (from %.0f px) covers the site's header (to %.0f px)", at, m.Overlay.Top, m.Header.Bottom)
		}
		if !m.InFront {
			t.Errorf("%s the overlay is behind something of the page", at)
		}
		if m.Sideways {
			t.Errorf("%s the overlay scrolls sideways instead of wrapping", at)
		}
		if !m.Where || !strings.HasPrefix(m.WhereText, "content/objectives/understood.md:6:1") {
			t.Errorf("%s the place of the error is not all in view: %q", at, m.WhereText)
		}
		if m.FontSize < 14 {
			t.Errorf("%s the source lines are %.1f px", at, m.FontSize)
		}
		for _, v := range page.axe("#plansite-errors") {
			t.Errorf("%s axe %s in the overlay: %s %q", at, v.ID, v.Help, v.Nodes)
		}
	}
	page.press("Escape")
	page.wait("Escape to hide the overlay", `id => document.getElementById(id).hidden`, "plansite-errors", nil, 10*time.Second)
	p.atomicSave("content/objectives/understood.md", string(raw))
	page.wait("the overlay to go", `id => !document.getElementById(id)`, "plansite-errors", nil, 30*time.Second)
	if page.reloaded() {
		t.Error("the page was reloaded for the errors")
	}
	noPageErrors(t, page)
}
