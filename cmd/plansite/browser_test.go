package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// repoRoot is the repository, two folders up from this package.
const repoRoot = "../.."

// nodeModules holds the npm packages of the browser checks, installed by
// npm ci beside their package.json, in the folder of the scripts that use
// them.
const nodeModules = "testdata/browser/node_modules"

// requireTool skips a test on a developer's machine without a tool, and
// fails it in CI, where .ci/run installs every tool.
func requireTool(tb testing.TB, what string, ok bool) {
	tb.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is missing, and CI is set: .ci/run should have installed it", what)
	}
	tb.Skipf("%s is missing: install it to run this test (see README.md, Tests)", what)
}

func haveFile(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func haveCommand(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// publishedSite builds a site with the real binary under a base path,
// with any further build flags, and serves it from 127.0.0.1 under that
// path, as a host would.
func publishedSite(t *testing.T, src string, flags ...string) (dest, base string) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base = srv.URL + "/plan/"
	mux.Handle("/plan/", http.StripPrefix("/plan/", http.FileServer(http.Dir(dest))))
	plansite(t, append([]string{"build", "-s", src, "-d", dest, "--base-url", base}, flags...)...)
	return dest, base
}

// browserSites are the sites the browser checks look at: the default site,
// which reports no progress yet, and the site with progress reported,
// whose pages show the progress chart; each with the number of objectives
// on its page of all the actions.
var browserSites = []struct {
	name       string
	src        func(t *testing.T) string
	objectives int
}{
	{"default site", func(*testing.T) string { return repoRoot }, 5},
	{"progress reported", progressSite, 3},
}

// pageURLs lists every page of a built site as URLs under base, leaving
// out the pages at old addresses, which send the browser on at once.
func pageURLs(t *testing.T, dest, base string) []string {
	t.Helper()
	var urls []string
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" || isAlias(t, p) {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
		urls = append(urls, base+rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(urls)
	return urls
}

type browserResults struct {
	Axe []struct {
		URL, Scheme, ID, Impact, Help string
		Width                         int
		Nodes                         []struct{ Target, HTML, Summary string }
	}
	Overflow []struct {
		URL                      string
		ScrollWidth, ClientWidth int
	}
	Pages []pageResult
	Phone []struct {
		URL                    string
		HeaderBottom           float64
		Screen                 int
		LinksClosed, LinksOpen int
	}
	Print []struct {
		URL, Color, Background string
		NavShown               bool
		LinkAfter              []string
		InsideLinks            []struct{ URL, After string }
		Breaks                 []string
	}
	Forced []struct {
		URL, Text, Background string
		Bars                  []struct{ Ink, Ground, Done, None, Frame string }
	}
}

// TestBrowserAccessibility opens every page of the default site, and of
// the site with progress reported, in headless Chromium at 390 and 1280
// px, in the light and the dark scheme, and checks it with axe-core's WCAG
// 2.1 A and AA rules, at 320 px for sideways scrolling, and for the
// theme's own promises (one h1, no skipped levels, landmarks, a skip link
// first, visible focus, 19px text, the accessibility statement in the
// footer, quotations with their sources, no script, on a 390×844 phone a
// menu in the first eighth of the screen that opens without script, and
// printed pages without navigation, with links written out). The page of
// all the actions and an objective's page are checked in forced-colours
// mode too, where the progress chart must keep its patterns in the
// system's colours. With PLANSITE_SCREENSHOTS set to a folder, screenshots
// of those are saved there, to look at.
func TestBrowserAccessibility(t *testing.T) {
	requireTool(t, "Chromium (/usr/bin/chromium)", haveFile("/usr/bin/chromium") || os.Getenv("CHROMIUM") != "")
	requireTool(t, "Node.js", haveCommand("node"))
	requireTool(t, "cmd/plansite/testdata/browser/node_modules (npm ci in that folder)", haveFile(filepath.Join(nodeModules, "playwright-core")) && haveFile(filepath.Join(nodeModules, "axe-core/axe.min.js")))

	for _, site := range browserSites {
		t.Run(site.name, func(t *testing.T) {
			dest, base := publishedSite(t, site.src(t))
			urls := pageURLs(t, dest, base)
			res := runBrowserCheck(t, urls)
			checkAxe(t, res)
			checkPageFacts(t, res, urls)
			checkPrint(t, res, site.objectives)
			checkForcedColours(t, res, site.objectives == 3)
		})
	}
}

// runBrowserCheck runs check.js on the pages, printing the page of all the
// actions and the first pages of the objectives and the Offers, and
// looking at the first two in forced-colours mode too.
func runBrowserCheck(t *testing.T, urls []string) browserResults {
	t.Helper()
	var print []string
	seen := map[string]bool{}
	for _, u := range urls {
		for _, kind := range []string{"/actions/", "/objectives/", "/offers/"} {
			// The page of all the actions; the first objective and Offer.
			_, rest, in := strings.Cut(u, kind)
			if in && !seen[kind] && (kind == "/actions/") == (rest == "") {
				seen[kind] = true
				print = append(print, u)
			}
		}
	}
	res := runCheckJS(t, map[string]any{"urls": urls, "widths": []int{390, 1280}, "phone": 390, "narrow": 320,
		"print": print, "forced": print[:min(2, len(print))], "shots": os.Getenv("PLANSITE_SCREENSHOTS")})
	if len(res.Print) != len(print) || len(print) < 2 {
		t.Fatalf("printed %d pages of %q", len(res.Print), print)
	}
	return res
}

// runCheckJS runs testdata/browser/check.js with cfg and returns what it
// found.
func runCheckJS(t *testing.T, cfg map[string]any) browserResults {
	t.Helper()
	data, _ := json.Marshal(cfg)
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "testdata/browser/check.js", cfgFile)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the browser check failed: %v", err)
	}
	var res browserResults
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("reading the browser's results: %v\n%s", err, out)
	}
	return res
}

// checkAxe reports what axe-core found, and pages that scroll sideways.
func checkAxe(t *testing.T, res browserResults) {
	t.Helper()
	for _, v := range res.Axe {
		t.Errorf("axe %s (%s) on %s at %dpx, %s scheme: %s", v.ID, v.Impact, v.URL, v.Width, v.Scheme, v.Help)
		for _, n := range v.Nodes {
			t.Logf("    %s: %s\n      %s", n.Target, n.HTML, n.Summary)
		}
	}
	for _, o := range res.Overflow {
		t.Errorf("%s scrolls sideways at 320px: %dpx of content in %dpx", o.URL, o.ScrollWidth, o.ClientWidth)
	}
}

// checkPageFacts checks the theme's promises on every page, and on a phone.
func checkPageFacts(t *testing.T, res browserResults, urls []string) {
	t.Helper()
	if len(res.Pages) != len(urls) {
		t.Fatalf("facts of %d pages, want %d", len(res.Pages), len(urls))
	}
	for _, p := range res.Pages {
		checkPage(t, p)
	}
	// On a phone the menu takes at most an eighth of the first screen, and
	// opens, without script, to show every entry.
	if len(res.Phone) != len(urls) {
		t.Errorf("phone facts of %d pages, want %d", len(res.Phone), len(urls))
	}
	for _, p := range res.Phone {
		if limit := float64(p.Screen) / 8; p.HeaderBottom > limit {
			t.Errorf("%s: at 390×%d the header and menu end %.0fpx down, more than an eighth of the screen (%.0fpx)", p.URL, p.Screen, p.HeaderBottom, limit)
		}
		if p.LinksClosed != 0 || p.LinksOpen < 2 {
			t.Errorf("%s: at 390px the menu shows %d links closed and %d opened, want none and all of them", p.URL, p.LinksClosed, p.LinksOpen)
		}
	}
}

type pageResult = struct {
	URL, Lang      string
	H1             int
	Headings       []int
	Landmarks      map[string]int
	FirstFocusable *struct{ Text, Href string }
	FocusOutline   *struct {
		Style     string
		Width     float64
		BoxShadow string
	}
	BodyFontSize float64
	FooterLinks  []struct{ Text, Href string }
	Quotes       []struct {
		InFigure bool
		Cite     string
	}
	Scripts []string
	Moving  []string
}

// checkPage checks one page's facts.
func checkPage(t *testing.T, p pageResult) {
	t.Helper()
	if p.Lang != "en-GB" {
		t.Errorf("%s: lang %q, want en-GB", p.URL, p.Lang)
	}
	if p.H1 != 1 {
		t.Errorf("%s: %d h1 headings, want 1", p.URL, p.H1)
	}
	for i := 1; i < len(p.Headings); i++ {
		if p.Headings[i] > p.Headings[i-1]+1 {
			t.Errorf("%s: headings skip from h%d to h%d", p.URL, p.Headings[i-1], p.Headings[i])
		}
	}
	for _, l := range []string{"header", "nav", "footer"} {
		if p.Landmarks[l] < 1 {
			t.Errorf("%s: no %s", p.URL, l)
		}
	}
	if p.Landmarks["main"] != 1 {
		t.Errorf("%s: %d main elements, want 1", p.URL, p.Landmarks["main"])
	}
	if f := p.FirstFocusable; f == nil || !strings.HasPrefix(f.Href, "#") || !strings.Contains(strings.ToLower(f.Text), "skip") {
		t.Errorf("%s: the first focusable element is %+v, want the skip link", p.URL, f)
	}
	if f := p.FocusOutline; f == nil || ((f.Style == "none" || f.Width < 2) && (f.BoxShadow == "" || f.BoxShadow == "none")) {
		t.Errorf("%s: focus is not visible on the first focusable element: %+v", p.URL, f)
	}
	if p.BodyFontSize < 18 || p.BodyFontSize > 20 {
		t.Errorf("%s: body text is %.1fpx at 1280px, want about 19px", p.URL, p.BodyFontSize)
	}
	statement := false
	for _, l := range p.FooterLinks {
		if strings.Contains(strings.ToLower(l.Text), "accessibility") && strings.HasSuffix(l.Href, "/accessibility/") {
			statement = true
		}
	}
	if !statement {
		t.Errorf("%s: the footer does not link to the accessibility statement: %+v", p.URL, p.FooterLinks)
	}
	for _, q := range p.Quotes {
		if !q.InFigure || q.Cite == "" {
			t.Errorf("%s: a quotation without its source in figcaption/cite: %+v", p.URL, q)
		}
	}
	if len(p.Moving) != 0 {
		t.Errorf("%s: with prefers-reduced-motion, these still move: %q", p.URL, p.Moving)
	}
	if len(p.Scripts) != 0 {
		t.Errorf("%s: scripts %q; no page needs JavaScript", p.URL, p.Scripts)
	}
}

// checkPrint checks the printed pages: no navigation, black text, links
// written out in full, and on the page of all the actions each objective
// starting a new page.
func checkPrint(t *testing.T, res browserResults, objectives int) {
	t.Helper()
	insideLinks := 0
	for _, p := range res.Print {
		if p.NavShown {
			t.Errorf("%s: navigation is printed", p.URL)
		}
		for _, a := range p.LinkAfter {
			if !strings.Contains(a, "http") {
				t.Errorf("%s: a printed link does not show its URL after it (::after is %s)", p.URL, a)
			}
		}
		for _, a := range p.InsideLinks {
			insideLinks++
			if !strings.Contains(a.After, a.URL) {
				t.Errorf("%s: a printed link to %s shows %s after it, want its full address", p.URL, a.URL, a.After)
			}
		}
		if strings.HasSuffix(p.URL, "/actions/") {
			if len(p.Breaks) != objectives {
				t.Errorf("%s: %d objectives marked to start a printed page, want %d", p.URL, len(p.Breaks), objectives)
			}
			for _, b := range p.Breaks {
				if b != "page" {
					t.Errorf("%s: an objective does not start a new printed page (break-before: %s)", p.URL, b)
				}
			}
		}
		if p.Color != "rgb(0, 0, 0)" {
			t.Errorf("%s: printed text is %s, want black", p.URL, p.Color)
		}
	}
	if insideLinks == 0 {
		t.Error("no printed page had a link inside the site to check")
	}
}

// checkForcedColours checks that, in forced-colours mode, each bar of the
// progress chart is drawn in the system's two colours: its marks, solid
// segments and frame in the text's colour, its ground and empty segments
// in the background's, so that its patterns still tell its segments apart.
func checkForcedColours(t *testing.T, res browserResults, chart bool) {
	t.Helper()
	bars := 0
	for _, p := range res.Forced {
		for i, b := range p.Bars {
			bars++
			ink, ground := cssColour(p.Text), cssColour(p.Background)
			for _, c := range []struct{ what, got, want string }{
				{"pattern marks", b.Ink, ink}, {"solid segment", b.Done, ink}, {"frame", b.Frame, ink},
				{"pattern ground", b.Ground, ground}, {"empty segment", b.None, ground},
			} {
				if c.got != "" && cssColour(c.got) != c.want {
					t.Errorf("%s: bar %d's %s is %s in forced colours, want %s", p.URL, i+1, c.what, c.got, c.want)
				}
			}
			if ink == ground {
				t.Errorf("%s: forced colours draw text and background alike (%s)", p.URL, ink)
			}
		}
	}
	if chart != (bars > 0) {
		t.Errorf("%d bars of progress in forced colours, on a site that reports progress: %v", bars, chart)
	}
}

// cssColour is a computed colour without the alpha of rgba(…, 1).
func cssColour(c string) string {
	c = strings.TrimSpace(c)
	if strings.HasPrefix(c, "rgba(") && strings.HasSuffix(c, ", 1)") {
		return "rgb(" + strings.TrimSuffix(strings.TrimPrefix(c, "rgba("), ", 1)") + ")"
	}
	return c
}

// TestValidHTML validates every page (and stylesheet) of the default site
// with the W3C Nu HTML validator, as built and minified, and of the site
// with progress reported.
func TestValidHTML(t *testing.T) {
	jar, _ := filepath.Abs(filepath.Join(nodeModules, "vnu-jar/build/dist/vnu.jar"))
	requireTool(t, "Java", haveCommand("java"))
	requireTool(t, "the W3C Nu validator (vnu-jar, from npm ci in cmd/plansite/testdata/browser)", haveFile(jar))

	for _, flags := range [][]string{nil, {"--minify"}} {
		t.Run(strings.Join(append([]string{"build"}, flags...), " "), func(t *testing.T) {
			dest, _ := publishedSite(t, repoRoot, flags...)
			validate(t, jar, dest, 20)
		})
	}
	// The progress chart and its table, where progress is reported.
	t.Run("progress reported", func(t *testing.T) {
		dest, _ := publishedSite(t, progressSite(t))
		validate(t, jar, dest, 6)
	})
}

// validate runs the W3C Nu validator on the pages and stylesheets of
// dest, of which there must be at least least.
func validate(t *testing.T, jar, dest string, least int) {
	t.Helper()
	files := 0
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (filepath.Ext(p) == ".html" || filepath.Ext(p) == ".css") {
			files++
		}
		return nil
	})
	if files < least {
		t.Fatalf("only %d files validated", files)
	}
	validateFiles(t, jar, dest, dest)
}

// validateFiles runs the W3C Nu validator on files (or folders) under dest,
// and reports its errors by their paths in dest.
func validateFiles(t *testing.T, jar, dest string, files ...string) {
	t.Helper()
	cmd := exec.Command("java", append([]string{"-jar", jar, "--format", "json", "--skip-non-html", "--also-check-css"}, files...)...)
	out, err := cmd.CombinedOutput()
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine                             int
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("the validator said (%v):\n%s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "fatal" {
			t.Errorf("%s:%d: %s\n    %s", strings.TrimPrefix(m.URL, "file:"+dest), m.LastLine, m.Message, m.Extract)
		}
	}
}
