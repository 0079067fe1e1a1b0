package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

	info := map[string]string{}
	for line := range strings.Lines(pdfTool(t, "pdfinfo", file)) {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
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
	var doc struct {
		Items []string `xml:"outline>item"`
		Sub   []string `xml:"outline>outline>item"`
	}
	if err := xml.Unmarshal([]byte(pdfTool(t, "pdftohtml", "-xml", "-i", "-q", "-stdout", file)), &doc); err != nil {
		t.Fatalf("reading the outline: %v", err)
	}
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
