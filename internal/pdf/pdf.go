// Package pdf prints a page of a built site to PDF in headless Chromium,
// driven over the DevTools protocol (chromedp): a tagged PDF with a
// document outline from the page's headings, in print media, with the
// page's language and a title given. It then makes the file the same for
// the same input: Chromium stamps it with the time it was printed, which
// Fix replaces with the site's own date, adding an ID made from the file's
// content. Outline names the bookmarks as the headings are named to screen
// readers.
package pdf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromeNames are the names Chromium and Chrome go by on PATH.
var chromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"}

// ErrNoChrome says that no Chromium was found, and what to install.
var ErrNoChrome = errors.New("--pdf needs Chromium or Google Chrome: install it (Debian and Ubuntu: apt-get install chromium), or give its path with --chrome or CHROME_PATH")

// FindChrome returns the browser to print with: the one given (--chrome),
// else CHROME_PATH, else the first of Chromium's and Chrome's usual names
// on PATH.
func FindChrome(given string) (string, error) {
	for _, p := range []string{given, os.Getenv("CHROME_PATH")} {
		if p == "" {
			continue
		}
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("no browser at %s: %w", p, ErrNoChrome)
		}
		return path, nil
	}
	for _, n := range chromeNames {
		if path, err := exec.LookPath(n); err == nil {
			return path, nil
		}
	}
	return "", ErrNoChrome
}

// Page is a page to print, and what the PDF should say of itself.
type Page struct {
	// URL is where the browser finds the page.
	URL string
	// Title and Lang are the PDF's title and language.
	Title, Lang string
	// Origin is the host the page is published at ("https://example.org"):
	// the PDF's links to the site's pages go there, not to URL's host.
	// Without one, such links are left out of the PDF.
	Origin string
}

// Print opens the page in a headless browser at chrome and prints it, in
// print media, to a tagged PDF with a document outline, on A4 with the
// page's own margins, after setting the document's title. The outline's
// bookmarks are named as screen readers name their headings (Outline).
func Print(ctx context.Context, chrome string, pg Page) ([]byte, error) {
	url, title, lang := pg.URL, pg.Title, pg.Lang
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Flag("no-sandbox", os.Geteuid() == 0),
		chromedp.Flag("font-render-hinting", "none"),
		// The PDF's language (its /Lang) is the browser's, not the page's.
		chromedp.Flag("lang", lang),
	)
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	// What goes wrong is returned, not logged as well.
	quiet := func(string, ...any) {}
	bctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(quiet), chromedp.WithLogf(quiet))
	defer cancel()
	quoted, _ := json.Marshal(title)
	origin, _ := json.Marshal(pg.Origin)
	var headings []Heading
	err := chromedp.Do(bctx,
		chromedp.Navigate(url),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			// Its fonts loaded, its title set, and its links to the
			// site's pages ("/plan/objectives/") made links to where
			// they are published, not to the server printing them; the
			// print stylesheet writes them out the same either way.
			// Then its headings, to name the bookmarks.
			var err error
			headings, err = chromedp.Evaluate[[]Heading](`document.fonts.ready.then(() => {
				document.title = `+string(quoted)+`;
				const origin = `+string(origin)+`;
				for (const a of document.querySelectorAll('a[href^="/"]:not([href^="//"])')) {
					if (origin) a.setAttribute('href', origin + a.getAttribute('href'));
					else a.removeAttribute('href');
				}
				return `+headingsJS+`;
			})`, chromedp.EvalAwaitPromise)(ctx, t)
			return err
		}),
	)
	var out []byte
	if err == nil {
		out, err = chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), func(p *page.PrintToPDFParams) {
			yes := true
			p.PreferCSSPageSize, p.GenerateTaggedPDF, p.GenerateDocumentOutline = &yes, &yes, &yes
		}))
	}
	if err != nil {
		// On one line: a browser that fails to start says why on
		// several.
		return nil, fmt.Errorf("printing %s in %s: %s", url, chrome, strings.Join(strings.Fields(err.Error()), " "))
	}
	return Outline(out, headings)
}

var (
	pdfDate  = regexp.MustCompile(`/(CreationDate|ModDate) \(D:[0-9]{14}[^)]*\)`)
	pdfID    = regexp.MustCompile(`/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]`)
	pdfPages = regexp.MustCompile(`/Type /Pages\b[^>]*?/Count ([0-9]+)`)
)

// Fix makes a PDF printed by Chromium the same for the same page: its
// creation and modification dates become date, replaced by text of the
// same length so that the offsets the file lists stay right, and its ID
// (added to the trailer, after them, when it has none) is made from its
// content. It returns the fixed file and its number of pages.
func Fix(pdf []byte, date time.Time) ([]byte, int, error) {
	out := append([]byte(nil), pdf...)
	stamp := "D:" + date.UTC().Format("20060102150405")
	var bad error
	out = pdfDate.ReplaceAllFunc(out, func(m []byte) []byte {
		// "/CreationDate (D:20260101120000+00'00')": the key and the
		// length are kept, and the site's date written in UTC, as "Z"
		// or as "+00'00'" in the form of the same length.
		i := 0
		for m[i] != '(' {
			i++
		}
		old := m[i+1 : len(m)-1]
		var repl string
		for _, zone := range []string{"Z", "+00", "+00'00", "+00'00'"} {
			if len(stamp)+len(zone) == len(old) {
				repl = stamp + zone
			}
		}
		if repl == "" {
			bad = fmt.Errorf("the PDF's date %q is not of a length plansite knows", old)
			return m
		}
		return append(append(append([]byte(nil), m[:i+1]...), repl...), ')')
	})
	if bad != nil {
		return nil, 0, bad
	}
	// The ID: two hex strings, made from the file's content with them
	// zeroed. Chromium writes none: then one is added to the trailer,
	// which comes after every offset the file lists.
	if !pdfID.Match(out) {
		t := bytes.LastIndex(out, []byte("trailer"))
		if t < 0 || !bytes.HasPrefix(out[t+len("trailer"):], []byte("\n<<")) {
			return nil, 0, errors.New("the PDF has no trailer")
		}
		at := t + len("trailer\n<<")
		zero := strings.Repeat("0", 32)
		out = append(out[:at], append([]byte("/ID [<"+zero+"> <"+zero+">]\n"), out[at:]...)...)
	}
	ids := pdfID.FindAllSubmatchIndex(out, -1)
	for _, m := range ids {
		for k := 2; k < 6; k += 2 {
			for j := m[k]; j < m[k+1]; j++ {
				out[j] = '0'
			}
		}
	}
	sum := sha256.Sum256(out)
	hex := fmt.Sprintf("%X%X", sum, sum)
	for _, m := range ids {
		for k := 2; k < 6; k += 2 {
			n := m[k+1] - m[k]
			if n > len(hex) {
				return nil, 0, fmt.Errorf("the PDF's ID is %d characters long", n)
			}
			copy(out[m[k]:m[k+1]], hex[:n])
		}
	}
	pages := 0
	for _, m := range pdfPages.FindAllSubmatch(out, -1) {
		if n, _ := strconv.Atoi(string(m[1])); n > pages {
			pages = n
		}
	}
	if pages == 0 {
		return nil, 0, errors.New("the printed PDF has no pages")
	}
	return out, pages, nil
}
