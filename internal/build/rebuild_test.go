package build

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"plansite/internal/diag"
)

// A site whose layouts read pages every way a template can: lists,
// references both ways, the list of every page, GetPage, partials (given a
// page, a dict, a string, and from a partial), parents, summaries, assets.
const rebuildLayouts = minimalConfig + `
[[menus.main]]
name = "Alpha"
page = "alpha"
weight = 1
[types.alpha.fields.friend]
kind = "ref"
section = "beta"
[types.alpha.fields.steps]
kind = "records"
[types.alpha.fields.steps.fields.text]
required = true
[types.alpha.fields.steps.fields.status]
values = ["planned", "done"]
[types.alpha.fields.steps.fields.note]
kind = "string"
[tracker]
section = "alpha"
records = "steps"
pageColumn = "page"
numberColumn = "step"
-- layouts/baseof.html --
<!doctype html><html lang="en"><head><title>{{ .Title }}</title>{{ with asset "css/site.css" }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}</head>
<body>{{ partial "nav.html" . }}{{ partial "card.html" (dict "title" .Title "kind" .Kind) }}{{ block "main" . }}{{ end }}</body></html>
-- layouts/_partials/card.html --
<aside>{{ .title }}</aside>
-- layouts/_partials/label.html --
<b>{{ . }}</b>
-- layouts/_partials/nav.html --
<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a>{{ end }}</nav>
-- layouts/home.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
-- layouts/section.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "label.html" .Section }}<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}{{ range .Params.steps }}<i>{{ .status }}</i>{{ end }}</li>{{ end }}</ol>{{ end }}
-- layouts/page.html --
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<p>{{ .WordCount }} words</p>
{{ with .Parent }}<p>In <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ range .Refs "friend" }}<p>Friend: <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ range .Backrefs }}<p>Named by <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<ol>{{ range .Params.steps }}<li>{{ .text }} {{ .status }} {{ .note }}</li>{{ end }}</ol>{{ end }}
-- layouts/all-pages.html --
{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Site.RegularPages }} pages</p>{{ range .Site.RegularPages }}<span>{{ .LinkTitle }}</span>{{ end }}{{ with .Site.GetPage "beta/b1" }}<p>b1 is {{ .Title }}</p>{{ end }}{{ range .Site.Data.people }}<p>{{ .name }}: {{ .role }}</p>{{ end }}{{ end }}
-- layouts/_shortcodes/note.html --
<aside>{{ .Get 0 }}</aside>
-- layouts/_shortcodes/friendcard.html --
{{/* plansite:shortcode
[args.page]
position = 0
kind = "ref"
section = "beta"
*/}}{{ with .Ref "page" }}<b>{{ .Title }}</b>{{ end }}
-- layouts/404.html --
{{ define "main" }}<h1>Not found</h1><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Home.Title }}</a>{{ end }}
-- assets/css/site.css --
body { color: black }
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/index-of-all.md --
---
title: Everything
layout: all-pages
---
`

// TestRebuildMatchesFullBuild makes random edits, creations, deletions and
// renames, of pages, layouts, assets and data files (a CSV file a layout
// reads, and the progress tracker), rebuilds incrementally after each, and
// checks that the result is byte for byte what a full build of the same
// files gives.
func TestRebuildMatchesFullBuild(t *testing.T) {
	seeds := rebuildSeeds(6)
	for _, server := range []bool{false, true} {
		t.Run(fmt.Sprintf("server=%v", server), func(t *testing.T) {
			for seed := int64(1); seed <= seeds; seed++ {
				t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
					runRandomEdits(t, seed, 40, server, false)
				})
			}
		})
	}
}

// runRandomEdits checks a rebuild after each of steps random edits
// against a full build. A careful editor makes edits that leave the site
// without errors most of the time, so that outputs, not only messages,
// are compared.
func runRandomEdits(t *testing.T, seed int64, steps int, server, careful bool) {
	r := rand.New(rand.NewSource(seed))
	dir := writeSite(t, rebuildLayouts)
	ed := &editor{t: t, dir: dir, r: r, careful: careful, steps: map[string]int{}}
	edit := ed.randomEdit
	if careful {
		edit = ed.carefulEdit
	}
	for i := 0; i < 6; i++ {
		ed.createPage()
	}
	opts := Options{Src: dir, InMemory: true, Server: server, Incremental: true}
	inc := New(opts)
	if _, err := inc.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for step := 0; step < steps; step++ {
		changed, what := edit()
		rebuildStep(t, inc, opts, changed, fmt.Sprintf("step %d (%s)", step, what))
	}
}

// rebuildSeeds is how many seeds a randomized rebuild test runs: n, 2 with
// -short, or PLANSITE_REBUILD_SEEDS.
func rebuildSeeds(n int64) int64 {
	if testing.Short() {
		n = 2
	}
	if env := os.Getenv("PLANSITE_REBUILD_SEEDS"); env != "" {
		fmt.Sscan(env, &n)
	}
	return n
}

// rebuildStep rebuilds inc after the changes and checks its diagnostics
// and, when the site has no errors, its output against a full build of
// the same files. It reports whether outputs were compared.
func rebuildStep(t *testing.T, inc *Builder, opts Options, changed []string, when string) bool {
	t.Helper()
	res, err := inc.Rebuild(context.Background(), changed)
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	full := New(opts)
	want, err := full.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, exp := diagText(res.Diagnostics), diagText(want.Diagnostics); got != exp {
		t.Fatalf("%s: diagnostics differ\nrebuild:\n%s\nfull build:\n%s", when, got, exp)
	}
	if want.Failed() {
		return false // the published output stays the last good one
	}
	compareOutputs(t, when, inc.Output(), full.Output())
	return true
}

func diagText(ds []diag.Diagnostic) string { return diag.Errors(ds).Error() }

func compareOutputs(t *testing.T, when string, got, want map[string][]byte) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Fatalf("%s: the rebuild has %s, a full build does not", when, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		g, ok := got[n]
		if !ok {
			t.Fatalf("%s: the rebuild lacks %s", when, n)
		}
		if !bytes.Equal(g, want[n]) {
			t.Fatalf("%s: %s differs\nrebuild:\n%s\nfull build:\n%s", when, n, g, want[n])
		}
	}
}

// editor changes a site's files at random, the way writers do.
type editor struct {
	t     *testing.T
	dir   string
	r     *rand.Rand
	next  int
	pages []string // content paths of pages it made
	// steps are how many steps each alpha page has, for the tracker.
	steps map[string]int
	// careful leaves out what makes errors: drafts, aliases, references
	// and links, headings alike on two pages (whose summaries a section
	// shows side by side), pages outside alpha.
	careful bool
}

func (e *editor) write(rel, text string) {
	p := filepath.Join(e.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	// Write a temporary file and rename it over the original, as editors do.
	tmp := p + ".tmp~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) pageText(rel string) string {
	section := strings.SplitN(rel, "/", 2)[0]
	var fm strings.Builder
	fmt.Fprintf(&fm, "---\ntitle: %q\n", e.words(2))
	if e.r.Intn(2) == 0 {
		fmt.Fprintf(&fm, "weight: %d\n", e.r.Intn(4))
	}
	if e.r.Intn(2) == 0 {
		fmt.Fprintf(&fm, "date: 2019-0%d-1%d\n", 1+e.r.Intn(9), e.r.Intn(9))
	}
	if e.r.Intn(6) == 0 && !e.careful {
		fm.WriteString("draft: true\n")
	}
	if e.r.Intn(4) == 0 && !e.careful {
		// An old address: now and then the same as another page's.
		fmt.Fprintf(&fm, "aliases: [/old/%s/]\n", e.words(1))
	}
	if section == "alpha" && e.r.Intn(2) == 0 && !e.careful {
		if b := e.pick("beta/"); b != "" {
			fmt.Fprintf(&fm, "friend: %s\n", strings.TrimSuffix(strings.TrimPrefix(b, "beta/"), ".md"))
		}
	}
	e.steps[rel] = 0
	if section == "alpha" && e.r.Intn(3) > 0 {
		// Steps the tracker reports on, now and then one with a status
		// of its own, which the tracker's replaces.
		e.steps[rel] = 1 + e.r.Intn(3)
		fm.WriteString("steps:\n")
		for range e.steps[rel] {
			fmt.Fprintf(&fm, "  - text: %s\n", e.words(2))
			if e.r.Intn(3) == 0 {
				fm.WriteString("    status: planned\n")
			}
		}
	}
	heading := e.words(2)
	if e.careful {
		heading = strings.TrimSuffix(rel, ".md") + " " + heading
	}
	fm.WriteString("---\n\n## " + heading + "\n\n" + e.words(30) + "\n")
	if e.r.Intn(3) == 0 {
		fmt.Fprintf(&fm, "\n{{< note %q >}}\n", e.words(1))
	}
	if b := e.pick("beta/"); b != "" && e.r.Intn(4) == 0 && !e.careful {
		// A shortcode showing another page's title, which may change.
		fmt.Fprintf(&fm, "\n{{< friendcard %s >}}\n", strings.TrimSuffix(strings.TrimPrefix(b, "beta/"), ".md"))
	}
	if target := e.pick(""); target != "" && e.r.Intn(2) == 0 && !e.careful {
		fmt.Fprintf(&fm, "\nSee [%s](/%s).\n", e.words(1), target)
	}
	return fm.String()
}

// pick returns a random page made so far whose path starts with prefix.
func (e *editor) pick(prefix string) string {
	var c []string
	for _, p := range e.pages {
		if strings.HasPrefix(p, prefix) {
			c = append(c, p)
		}
	}
	if len(c) == 0 {
		return ""
	}
	return c[e.r.Intn(len(c))]
}

var sampleWords = strings.Fields("library reading offer digital health culture skills network plan council partner")

func (e *editor) words(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = sampleWords[e.r.Intn(len(sampleWords))]
	}
	return strings.Join(w, " ")
}

func (e *editor) createPage() []string {
	section := []string{"alpha", "beta", "gamma"}[e.r.Intn(3)]
	if e.careful {
		section = "alpha"
	}
	e.next++
	rel := fmt.Sprintf("%s/p%d.md", section, e.next)
	e.pages = append(e.pages, rel)
	e.write("content/"+rel, e.pageText(rel))
	return []string{"content/" + rel}
}

func (e *editor) removePage(rel string) {
	for i, p := range e.pages {
		if p == rel {
			e.pages = append(e.pages[:i], e.pages[i+1:]...)
			return
		}
	}
}

// randomEdit makes one change and returns the paths an fsnotify watcher
// would report, and what it did.
func (e *editor) randomEdit() ([]string, string) {
	switch n := e.r.Intn(21); {
	case n >= 19:
		if n == 20 {
			e.write("layouts/_shortcodes/note.html", fmt.Sprintf("<aside>%s {{ .Get 0 }}</aside>\n", e.words(1)))
			return []string{"layouts/_shortcodes/note.html"}, "edit a shortcode's template"
		}
		e.write("layouts/_shortcodes/friendcard.html", fmt.Sprintf("{{/* plansite:shortcode\n[args.page]\nposition = 0\nkind = \"ref\"\nsection = \"beta\"\n*/}}<i>%s</i>{{ with .Ref \"page\" }}{{ .Title }}{{ end }}\n", e.words(1)))
		return []string{"layouts/_shortcodes/friendcard.html"}, "edit the shortcode that shows another page"
	case n >= 16:
		return e.dataEdit(n)
	case n >= 14 && len(e.pages) > 0:
		// Only the Markdown changes: the fast path, which keeps the graph.
		rel := e.pick("")
		old, err := os.ReadFile(filepath.Join(e.dir, "content", rel))
		if err != nil {
			e.t.Fatal(err)
		}
		text := string(old)
		if i := strings.Index(text[3:], "---\n"); i >= 0 {
			text = text[:3+i+4] + "\n## " + e.words(2) + "\n\n" + e.words(20) + "\n"
			if target := e.pick(""); target != "" && e.r.Intn(2) == 0 {
				text += fmt.Sprintf("\nSee [%s](/%s#%s).\n", e.words(1), strings.TrimSuffix(target, ".md")+"/", e.words(1))
			}
		}
		e.write("content/"+rel, text)
		return []string{"content/" + rel}, "edit the body of " + rel
	case n < 4 && len(e.pages) > 0:
		rel := e.pick("")
		e.write("content/"+rel, e.pageText(rel))
		return []string{"content/" + rel}, "edit " + rel
	case n < 6:
		return e.createPage(), "create"
	case n < 7 && len(e.pages) > 2:
		rel := e.pick("")
		os.Remove(filepath.Join(e.dir, "content", rel))
		e.removePage(rel)
		return []string{"content/" + rel}, "delete " + rel
	case n < 8 && len(e.pages) > 0:
		rel := e.pick("")
		e.next++
		to := fmt.Sprintf("%s/p%d.md", []string{"alpha", "beta", "gamma"}[e.r.Intn(3)], e.next)
		os.MkdirAll(filepath.Dir(filepath.Join(e.dir, "content", to)), 0o755)
		if err := os.Rename(filepath.Join(e.dir, "content", rel), filepath.Join(e.dir, "content", to)); err != nil {
			e.t.Fatal(err)
		}
		e.removePage(rel)
		e.pages = append(e.pages, to)
		return []string{"content/" + rel, "content/" + to}, "rename " + rel + " to " + to
	case n < 9:
		e.write("layouts/_partials/nav.html", fmt.Sprintf("<nav>%s{{ range .Site.Menus.main }}<a href=\"{{ .URL }}\">{{ .Name }}</a>{{ end }}</nav>\n", e.words(1)))
		return []string{"layouts/_partials/nav.html"}, "edit partial"
	case n < 10:
		e.write("layouts/page.html", fmt.Sprintf("{{ define \"main\" }}<h1>{{ .Title }}</h1><p>%s</p>{{ .Content }}{{ range .Refs \"friend\" }}<p>Friend: {{ .Title }}</p>{{ end }}{{ range .Params.steps }}<i>{{ .status }}</i>{{ end }}{{ end }}\n", e.words(1)))
		return []string{"layouts/page.html"}, "edit page layout"
	case n < 11:
		e.write("assets/css/site.css", fmt.Sprintf("body { color: %s }\n", []string{"black", "navy", "maroon"}[e.r.Intn(3)]))
		return []string{"assets/css/site.css"}, "edit css"
	case n < 12:
		// A partial given a dict, which calls one given a string.
		e.write("layouts/_partials/card.html", fmt.Sprintf("<aside>%s {{ .title }}{{ partial \"label.html\" .kind }}</aside>\n", e.words(1)))
		return []string{"layouts/_partials/card.html"}, "edit the partial given a dict"
	case n < 13:
		e.write("layouts/_partials/label.html", fmt.Sprintf("<b>%s {{ . }}</b>\n", e.words(1)))
		return []string{"layouts/_partials/label.html"}, "edit the partial given a string"
	default:
		// A page with a broken link, fixed later by another edit.
		rel := e.pick("")
		if rel == "" {
			return e.createPage(), "create"
		}
		e.write("content/"+rel, "---\ntitle: Broken\n---\n\n[nowhere](missing.md)\n")
		return []string{"content/" + rel}, "break " + rel
	}
}

// TestRebuildRendersOnlyWhatDepends checks that an edit re-renders the page,
// the pages that list or name it, and nothing else.
func TestRebuildRendersOnlyWhatDepends(t *testing.T) {
	archive := rebuildLayouts
	for i := 0; i < 20; i++ {
		archive += fmt.Sprintf("-- content/gamma/g%02d.md --\n---\ntitle: G%d\n---\nText %d.\n", i, i, i)
	}
	archive += "-- content/alpha/a1.md --\n---\ntitle: A1\nfriend: b1\n---\n-- content/beta/b1.md --\n---\ntitle: B1\n---\n"
	archive += "-- content/gamma/uses-note.md --\n---\ntitle: Uses a shortcode\n---\n{{< note hello >}}\n"
	s := buildSite(t, archive, func(o *Options) { o.Server, o.Incremental = true, true })
	edit := func(rel, text string) *Result {
		t.Helper()
		if err := os.WriteFile(filepath.Join(s.dir, filepath.FromSlash(rel)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := s.b.Rebuild(context.Background(), []string{rel})
		if err != nil || res.Failed() {
			t.Fatalf("rebuild: %v %v", err, res.Diagnostics)
		}
		return res
	}
	tests := []struct {
		name, file, text string
		want             int
	}{
		// The page and its section (which shows its summary); the page of
		// all pages lists every page's link title, so it reads every page.
		{"body edit", "content/gamma/g05.md", "---\ntitle: G5\n---\nNew text.\n", 3},
		// b1 is named by a1: a1 shows b1's title, so it is re-rendered too.
		{"referred page", "content/beta/b1.md", "---\ntitle: B1 renamed\n---\n", 4},
		{"same bytes", "content/beta/b1.md", "---\ntitle: B1 renamed\n---\n", 0},
		// As a body edit of the one page that uses it: that page, its
		// section and the page of all pages; not the 20 other pages.
		{"shortcode template", "layouts/_shortcodes/note.html", "<aside>new {{ .Get 0 }}</aside>\n", 3},
		{"unused shortcode template", "layouts/_shortcodes/friendcard.html", "<b>{{ .Get 0 }}</b>\n", 0},
		{"page layout", "layouts/page.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ end }}\n", 23}, // the 23 regular pages that use it
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := edit(tt.file, tt.text).Rendered; got != tt.want {
				t.Errorf("rendered %d pages, want %d", got, tt.want)
			}
		})
	}
}

// TestPlainFollowsEdits checks that what is worked out from a page's text
// (.Plain, .WordCount) is worked out again after an edit of the text alone,
// which keeps the page graph.
func TestPlainFollowsEdits(t *testing.T) {
	dir := writeSite(t, minimalConfig+`
-- layouts/page.html --
<!doctype html><title>x</title>{{ .WordCount }}|{{ .Plain }}
-- layouts/home.html --
<!doctype html><title>x</title>
-- content/a.md --
---
title: A
---
one two
`)
	b := New(Options{Src: dir, InMemory: true})
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("---\ntitle: A\n---\none two three\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Rebuild(context.Background(), []string{"content/a.md"}); err != nil {
		t.Fatal(err)
	}
	if got := string(b.Output()["a/index.html"]); !strings.Contains(got, "3|one two three") {
		t.Errorf("after an edit, a/index.html = %q, want the new text's word count and plain text", got)
	}
}

// TestRebuildReportsCMSErrorsOnce checks that rebuilds that keep the
// page graph but publish new copies of images (an image added to a
// page's text, and taken out) report a [cms] error once, as a full build
// does, and hold it once.
func TestRebuildReportsCMSErrorsOnce(t *testing.T) {
	dir := writeSite(t, minimalConfig+`[cms]
backend = "github"
repo = "org/plan"
[types.notes.fields.author]
kind = "ref"
section = "staff"
`+plainLayouts+"-- content/notes/a.md --\n---\ntitle: A\n---\nText.\n")
	writeFile(t, dir, "content/notes/wide.png", pngFile(t, 2000, 1000))
	b := New(Options{Src: dir, InMemory: true, Incremental: true})
	first, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	const cmsError = "the CMS has no collection"
	if got := strings.Count(diagText(first.Diagnostics), cmsError); got != 1 {
		t.Fatalf("the first build reports the CMS's error %d times:\n%s", got, diagText(first.Diagnostics))
	}
	for i, text := range []string{"Text.\n\n![Wide](wide.png)\n", "Other text.\n\n![Wide](wide.png)\n", "Text.\n"} {
		writeFile(t, dir, "content/notes/a.md", []byte("---\ntitle: A\n---\n"+text))
		res, err := b.Rebuild(context.Background(), []string{"content/notes/a.md"})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(diagText(res.Diagnostics), cmsError); got != 1 {
			t.Errorf("rebuild %d reports the CMS's error %d times:\n%s", i+1, got, diagText(res.Diagnostics))
		}
		// The report drops duplicates: the builder must not pile them up
		// either, rebuild after rebuild of a server's session.
		if held := diagText(slices.Concat(b.siteDiags, b.cmsDiags)); strings.Count(held, cmsError) != 1 {
			t.Errorf("after rebuild %d the builder holds the CMS's error %d times", i+1, strings.Count(held, cmsError))
		}
	}
}
