package build

import (
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var updateHugo = flag.Bool("update-hugo", false, "rebuild testdata/hugo/expected.txtar by building testdata/hugo/site.txtar with Hugo")

const (
	hugoSite     = "testdata/hugo/site.txtar"
	hugoExpected = "testdata/hugo/expected.txtar"
)

// TestHugoParity builds a site that Hugo built too, and checks that every
// page has the visible text and heading IDs Hugo gave it: the same
// Markdown, IDs, titles, dates, summaries and .Pages order. Hugo's pages
// are kept, extracted, in expected.txtar, so the test runs without Hugo.
func TestHugoParity(t *testing.T) {
	archive, err := os.ReadFile(hugoSite)
	if err != nil {
		t.Fatal(err)
	}
	if *updateHugo {
		writeHugoExpected(t, archive)
	}
	want := readExtracts(t, hugoExpected)

	s := buildSite(t, string(archive))
	got := map[string]string{}
	for name, data := range s.b.Output() {
		if pathIsPage(name) {
			got[name] = extractPage(data)
		}
	}
	comparePages(t, want, got)
}

// pathIsPage reports whether an output file is a page both generators make:
// Hugo makes no 404 page from the benchmark's layouts.
func pathIsPage(name string) bool {
	return name == "index.html" || strings.HasSuffix(name, "/index.html")
}

// comparePages reports the pages only one side has, and for each page that
// differs its first different line, with the lines before it.
func comparePages(t *testing.T, want, got map[string]string) {
	t.Helper()
	var missing, extra, differ []string
	for name := range want {
		if _, ok := got[name]; !ok {
			missing = append(missing, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			extra = append(extra, name)
		}
	}
	for name, w := range want {
		if g, ok := got[name]; ok && g != w {
			differ = append(differ, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(differ)
	if len(missing) > 0 {
		t.Errorf("pages Hugo makes and plansite does not: %s", strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		t.Errorf("pages plansite makes and Hugo does not: %s", strings.Join(extra, ", "))
	}
	for _, name := range differ {
		t.Errorf("%s differs from Hugo's:\n%s", name, firstDifference(want[name], got[name]))
	}
}

// firstDifference shows where two extracts first differ, with two lines of
// context before.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for _, l := range w[max(0, i-2):i] {
		fmt.Fprintf(&b, "    %s\n", l)
	}
	line := func(ls []string) string {
		if i < len(ls) {
			return ls[i]
		}
		return "(end of page)"
	}
	fmt.Fprintf(&b, "  hugo:     %s\n  plansite: %s", line(w), line(g))
	return b.String()
}

func readExtracts(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (make it with -update-hugo)", err)
	}
	out := map[string]string{}
	for _, f := range txtar.Parse(data).Files {
		out[f.Name] = string(f.Data)
	}
	return out
}

// writeHugoExpected builds the site with Hugo and keeps each page's extract.
func writeHugoExpected(t *testing.T, archive []byte) {
	t.Helper()
	hugo := findHugo(t)
	version, err := exec.Command(hugo, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", hugo, err)
	}
	dir := writeSite(t, string(archive))
	siteTOML, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Hugo's settings as ../shared/bench/compare.sh writes them: site.toml's
	// keys, no taxonomies (plansite has none), and code blocks left as
	// plain <pre><code> as goldmark writes them.
	config := "disableKinds = [\"taxonomy\", \"term\"]\n" + string(siteTOML) + "\n[markup.highlight]\ncodeFences = false\n"
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	// Not --quiet: it hides Hugo's errors too.
	cmd := exec.Command(hugo, "--source", dir, "--destination", out, "--noBuildLock", "--logLevel", "warn")
	cmd.Env = append(os.Environ(), "HUGO_CACHEDIR="+t.TempDir())
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}

	v := strings.TrimSpace(string(version))
	if !strings.Contains(v, "v0.166.") {
		t.Logf("expected.txtar was made with Hugo v0.166.0; this is %s", v)
	}
	ar := &txtar.Archive{Comment: []byte("What a reader sees of every page Hugo builds from site.txtar: the text of\n" +
		"its body, a line per block, each heading's ID after its text. Made by\n" +
		"`go test ./internal/build -run TestHugoParity -update-hugo` with " + v + ";\n" +
		"do not edit.\n")}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, out+string(filepath.Separator)))
		if !pathIsPage(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ar.Files = append(ar.Files, txtar.File{Name: rel, Data: []byte(extractPage(data))})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(ar.Files, func(i, j int) bool { return ar.Files[i].Name < ar.Files[j].Name })
	if err := os.WriteFile(hugoExpected, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// findHugo finds Hugo on PATH, or where ../shared/bench/compare.sh installs it.
func findHugo(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("hugo"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "plansite-bench", "bin", "hugo")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("-update-hugo needs Hugo: put it on PATH, or install it into ~/.cache/plansite-bench/bin " +
		"(GOBIN=~/.cache/plansite-bench/bin go install github.com/gohugoio/hugo@v0.166.0)")
	return ""
}

var (
	idAttr     = regexp.MustCompile(`\sid="([^"]*)"`)
	headingTag = regexp.MustCompile(`^h[1-6]$`)
)

// extractPage is what a reader sees of a page, as lines of text: the body
// only, tags removed, entities decoded, spaces collapsed, a new line for
// each block. A heading's ID follows its text as {#id}, so that IDs show in
// place.
func extractPage(page []byte) string {
	s := string(page)
	if i := strings.Index(s, "</head>"); i >= 0 {
		s = s[i+len("</head>"):]
	}
	var lines []string
	var line strings.Builder
	flush := func() {
		if l := strings.Join(strings.Fields(html.UnescapeString(line.String())), " "); l != "" {
			lines = append(lines, l)
		}
		line.Reset()
	}
	var headingID string
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			line.WriteString(s)
			break
		}
		line.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s, "-->")
			if end < 0 {
				break
			}
			s = s[end+len("-->"):]
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			break
		}
		tag := s[1:end]
		s = s[end+1:]
		name := strings.ToLower(strings.TrimPrefix(tagName(tag), "/"))
		if !isBlock(name) {
			continue
		}
		closing := strings.HasPrefix(tag, "/")
		if headingTag.MatchString(name) {
			if closing && headingID != "" {
				line.WriteString(" {#" + headingID + "}")
			}
			headingID = ""
			if m := idAttr.FindStringSubmatch(tag); !closing && m != nil {
				headingID = html.UnescapeString(m[1])
			}
		}
		flush()
	}
	flush()
	return strings.Join(lines, "\n") + "\n"
}

func tagName(tag string) string {
	if i := strings.IndexAny(tag, " \t\n/>"); i > 0 {
		return tag[:i]
	}
	return tag
}

// isBlock reports whether a tag starts a new line of text.
func isBlock(name string) bool {
	switch name {
	case "html", "body", "header", "footer", "main", "article", "section", "nav", "div", "p", "br", "hr",
		"pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
		"h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption":
		return true
	}
	return false
}

func TestExtractPage(t *testing.T) {
	page := `<!doctype html><html><head><title>Not seen</title></head>
<body><header><a href="/">Site</a></header><main><h1>Title &amp; more</h1>
<h2 id="a-b">A <code>b</code></h2><!-- raw HTML omitted --><p>One   <em>two</em>
three&rsquo;s</p><ul><li>x</li><li>y</li></ul><h3>No id</h3></main></body></html>`
	want := "Site\nTitle & more\nA b {#a-b}\nOne two three’s\nx\ny\nNo id\n"
	if got := extractPage([]byte(page)); got != want {
		t.Errorf("extractPage = %q, want %q", got, want)
	}
}
