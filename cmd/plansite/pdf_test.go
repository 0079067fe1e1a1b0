package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// chromiumPath is the browser the PDF tests print with.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// pdfTool runs one of poppler's tools on a PDF and returns what it prints.
func pdfTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		// poppler says "Syntax Error" of a file that is not well made.
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// squash is text with its runs of white space made one space, and the
// typographer's apostrophes plain, to compare the PDF's text with the
// front matter's.
func squash(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "’", "'")
}

// TestPDF builds the default site with --pdf and reads plan.pdf back with
// poppler's pdfinfo, pdftotext and pdftohtml: a tagged PDF, with the
// site's title and language, an outline of the page's title and one
// bookmark per objective in the plan's order, the text of every
// objective's title and every action in the plan's order, and none of
// the page's furniture (skip link, menu, download links, footer links).
// The page of all the actions links to it with its true size and page
// count, and plansite pdf makes the same bytes again.
func TestPDF(t *testing.T) {
	requireTool(t, "Chromium ("+chromiumPath()+")", haveFile(chromiumPath()))
	requireTool(t, "poppler-utils (pdfinfo, pdftotext, pdftohtml)", haveCommand("pdfinfo") && haveCommand("pdftotext") && haveCommand("pdftohtml"))

	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, "build", "--pdf", "--chrome", chromiumPath(), "-s", repoRoot, "-d", dest)
	file := filepath.Join(dest, "plan.pdf")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct{ Title, LanguageCode string }
	if _, err := toml.DecodeFile(filepath.Join(repoRoot, "site.toml"), &cfg); err != nil {
		t.Fatal(err)
	}

	info := pdfInfo(t, file)
	for k, want := range map[string]string{"Tagged": "yes", "Title": cfg.Title, "Page size": "595.92 x 841.92 pts (A4)"} {
		if info[k] != want {
			t.Errorf("pdfinfo: %s is %q, want %q", k, info[k], want)
		}
	}
	// Skia writes the catalog as it is, uncompressed.
	if !bytes.Contains(raw, []byte("/Lang ("+cfg.LanguageCode+")")) {
		t.Errorf("plan.pdf does not give its language as %s", cfg.LanguageCode)
	}
	pages, _ := strconv.Atoi(info["Pages"])

	objectives := readProgress(t, repoRoot)
	if len(objectives) != 5 {
		t.Fatalf("the test reads %d objectives, want 5", len(objectives))
	}

	// The outline: the page's h1, and under it each objective's heading,
	// named as a screen reader names it.
	doc := pdfOutline(t, file)
	if len(doc.Items) != 1 || len(doc.Sub) != len(objectives) {
		t.Fatalf("the outline has %q, then %q; want the page's title, then %d objectives", doc.Items, doc.Sub, len(objectives))
	}
	if doc.Items[0] != "All 21 actions" {
		t.Errorf("the outline starts with %q, want the page's title", doc.Items[0])
	}
	for i, o := range objectives {
		if got, want := squash(doc.Sub[i]), squash(fmt.Sprintf("Objective %d: %s", o.number, o.title)); got != want {
			t.Errorf("bookmark %d is %q, want %q", i+1, got, want)
		}
	}

	// The text, in the plan's order.
	text := squash(pdfTool(t, "pdftotext", "-enc", "UTF-8", file, "-"))
	at := 0
	for _, o := range objectives {
		for _, want := range append([]string{o.title}, actionTexts(o)...) {
			i := strings.Index(text[at:], squash(want))
			if i < 0 {
				t.Errorf("the PDF's text has no %q after offset %d", want, at)
				continue
			}
			at += i + len(squash(want))
		}
	}
	for _, furniture := range []string{"Skip to", "Download", "Menu", "Accessibility statement", "Atkinson Hyperlegible", "127.0.0.1", "plansite"} {
		if strings.Contains(text, furniture) {
			t.Errorf("the PDF's text has %q, which is the page's, not the plan's", furniture)
		}
	}

	// The link, with the file's size and pages.
	page, err := os.ReadFile(filepath.Join(dest, "actions", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Download the plan (PDF, %d KB, %d pages)", (len(raw)+512)/1024, pages)
	if pages < len(objectives) || !strings.Contains(visibleText(page), want) {
		t.Errorf("the page of all the actions does not say %q (%d pages)", want, pages)
	}
	if !regexp.MustCompile(`<a href="/[^"]*plan\.pdf" type="application/pdf" download>`).Match(page) {
		t.Error("the page of all the actions does not link to plan.pdf")
	}

	// The same again, with plansite pdf.
	again := filepath.Join(t.TempDir(), "public")
	plansite(t, "pdf", "--chrome", chromiumPath(), "-s", repoRoot, "-d", again)
	for _, f := range []string{"plan.pdf", "actions/index.html"} {
		a, _ := os.ReadFile(filepath.Join(dest, f))
		b, err := os.ReadFile(filepath.Join(again, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds of the same site (%v)", f, err)
		}
	}
}

// pdfInfo is what poppler's pdfinfo says of a PDF, by name ("Title").
func pdfInfo(t *testing.T, file string) map[string]string {
	t.Helper()
	info := map[string]string{}
	for line := range strings.Lines(pdfTool(t, "pdfinfo", file)) {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// outline is a PDF's outline as pdftohtml writes it: the bookmarks at the
// top, and those one level below them.
type outline struct {
	Items []string `xml:"outline>item"`
	Sub   []string `xml:"outline>outline>item"`
}

func pdfOutline(t *testing.T, file string) outline {
	t.Helper()
	var doc outline
	if err := xml.Unmarshal([]byte(pdfTool(t, "pdftohtml", "-xml", "-i", "-q", "-stdout", file)), &doc); err != nil {
		t.Fatalf("reading the outline of %s: %v", file, err)
	}
	return doc
}

// TestPDFBilingual builds the bilingual test site, in English and Welsh,
// with --pdf: it gets a PDF of the whole plan in each language, plan.pdf
// and cy/plan.pdf, each with the language's title, language code,
// outline and text, none of the other language's, and each language's
// page of the whole plan links to its own, with its size and pages. The
// Welsh is the fixture's test text, not a translation.
func TestPDFBilingual(t *testing.T) {
	requireTool(t, "Chromium ("+chromiumPath()+")", haveFile(chromiumPath()))
	requireTool(t, "poppler-utils (pdfinfo, pdftotext, pdftohtml)", haveCommand("pdfinfo") && haveCommand("pdftotext") && haveCommand("pdftohtml"))

	dest := filepath.Join(t.TempDir(), "public")
	out := plansite(t, "build", "--pdf", "--chrome", chromiumPath(), "-s", bilingualFixture(t), "-d", dest)
	english := []string{"The first test action", "The second test action", "A third test action"}
	welsh := []string{"Testun prawf un", "Testun prawf dau", "Testun prawf tri"}
	for _, tc := range []struct {
		file, page, title, lang, heading string
		bookmarks, text, other           []string
		link                             string
	}{
		{"plan.pdf", "actions/index.html", "Test plan", "en-GB", "All the test actions",
			[]string{"Objective 1: The skills objective", "Objective 2: The reading objective"},
			append([]string{"The skills objective"}, english...), welsh,
			"Download the plan (PDF, %d KB, %d pages)"},
		{"cy/plan.pdf", "cy/actions/index.html", "Cynllun prawf", "cy-GB", "Testun prawf",
			[]string{"Testun prawf objectivenumber 1 Amcan prawf", "Testun prawf objectivenumber 2 Amcan prawf dau"},
			append([]string{"Amcan prawf"}, welsh...), english,
			"Testun prawf downloadplan.other %d KB %d"},
	} {
		file := filepath.Join(dest, filepath.FromSlash(tc.file))
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "printed the whole plan to "+file+":") {
			t.Errorf("plansite build does not say it printed %s:\n%s", tc.file, out)
		}
		info := pdfInfo(t, file)
		if info["Title"] != tc.title || info["Tagged"] != "yes" {
			t.Errorf("%s: title %q, tagged %q; want %q, yes", tc.file, info["Title"], info["Tagged"], tc.title)
		}
		if !bytes.Contains(raw, []byte("/Lang ("+tc.lang+")")) {
			t.Errorf("%s does not give its language as %s", tc.file, tc.lang)
		}
		doc := pdfOutline(t, file)
		if !slices.Equal(doc.Items, []string{tc.heading}) || !slices.Equal(doc.Sub, tc.bookmarks) {
			t.Errorf("%s: the outline has %q, then %q; want %q, then %q", tc.file, doc.Items, doc.Sub, tc.heading, tc.bookmarks)
		}
		text := squash(pdfTool(t, "pdftotext", "-enc", "UTF-8", file, "-"))
		at := 0
		for _, want := range tc.text {
			i := strings.Index(text[at:], want)
			if i < 0 {
				t.Errorf("%s: the text has no %q after offset %d: %s", tc.file, want, at, text)
				break
			}
			at += i + len(want)
		}
		for _, other := range tc.other {
			if strings.Contains(text, other) {
				t.Errorf("%s has %q, from the other language's plan", tc.file, other)
			}
		}
		page, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(tc.page)))
		if err != nil {
			t.Fatal(err)
		}
		pages, _ := strconv.Atoi(info["Pages"])
		if want := fmt.Sprintf(tc.link, (len(raw)+512)/1024, pages); !strings.Contains(visibleText(page), want) {
			t.Errorf("%s does not say %q", tc.page, want)
		}
		if !bytes.Contains(page, []byte(`<a href="/plan/`+tc.file+`" type="application/pdf" download>`)) {
			t.Errorf("%s does not link to %s", tc.page, tc.file)
		}
	}
}

func actionTexts(o reportedObjective) []string {
	var out []string
	for _, a := range o.actions {
		out = append(out, a["text"])
	}
	return out
}

// TestPDFFailures checks that without a browser, build --pdf fails at
// once with one line saying what to install, and that a build without
// --pdf does not need one; and that a browser that does not start and a
// site with no page of the whole plan are one line each too. None writes
// anything.
func TestPDFFailures(t *testing.T) {
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	bare := filepath.Join(t.TempDir(), "bare")
	writeFiles(t, bare, map[string]string{
		"site.toml":         "title = \"Bare\"\nbaseURL = \"https://example.org/\"\n",
		"content/_index.md": "---\ntitle: Home\n---\n",
	})
	install := "--pdf needs Chromium or Google Chrome: install it (Debian and Ubuntu: apt-get install chromium), or give its path with --chrome or CHROME_PATH"
	for _, tc := range []struct {
		args      []string
		env       []string
		src, want string
	}{
		{[]string{"build", "--pdf"}, nil, repoRoot, "plansite build: " + install},
		{[]string{"pdf"}, nil, repoRoot, "plansite pdf: " + install},
		{[]string{"build", "--pdf"}, []string{"CHROME_PATH=" + filepath.Join(empty, "chromium")}, repoRoot, install},
		{[]string{"build", "--pdf", "--chrome", filepath.Join(empty, "chrome")}, nil, repoRoot, install},
		{[]string{"build", "--pdf", "--chrome", "/bin/false"}, nil, repoRoot, "in /bin/false: chrome failed to start"},
		{[]string{"build", "--pdf", "--chrome", "/bin/true"}, nil, bare, "the site has no page there (content/actions.md)"},
		{[]string{"build"}, nil, repoRoot, ""},
	} {
		dest := filepath.Join(t.TempDir(), "public")
		cmd := exec.Command(bin, append(tc.args, "-s", tc.src, "-d", dest)...)
		cmd.Env = append([]string{"PATH=" + empty, "HOME=" + empty}, tc.env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q without Chromium: %v\n%s", tc.args, err, stderr.String())
		case tc.want == "":
		case err == nil:
			t.Errorf("%q succeeded", tc.args)
		case len(lines) != 1 || !strings.Contains(lines[0], tc.want):
			t.Errorf("%q says\n%s\nwant one line with %q", tc.args, stderr.String(), tc.want)
		case haveFile(dest):
			t.Errorf("%q wrote %s", tc.args, dest)
		}
	}
}
