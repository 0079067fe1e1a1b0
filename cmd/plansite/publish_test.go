package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// The tests in this file build sites with the real binary and look at what
// a host would serve: links, feeds, metadata, assets and the output folder.

// fixtureSite writes testdata/publish/fixture.txtar to a new folder, with
// the two PNG images it uses, and returns the folder.
func fixtureSite(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/publish/fixture.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	writeFile(t, filepath.Join(dir, "content/updates/chart.png"), pngImage(t, 40, 30))
	writeFile(t, filepath.Join(dir, "content/img/progress-card.png"), pngImage(t, 120, 63))
	return dir
}

func pngImage(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := h - 1 - x%h; y < h; y++ {
			img.Set(x, y, color.NRGBA{0x4d, 0x1d, 0x4a, 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// hostHandler serves a built site under prefix the way static hosts do
// (GitHub Pages, Netlify, Cloudflare Pages): a folder's URL serves its
// index.html, a folder's URL without its slash redirects to it, and any
// other path gets the site's 404.html with status 404.
func hostHandler(dest, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rel, ok := strings.CutPrefix(r.URL.Path, prefix); ok {
			full := filepath.Join(dest, filepath.FromSlash(path.Clean("/"+rel)))
			fi, err := os.Stat(full)
			if err == nil && fi.IsDir() {
				if !strings.HasSuffix(r.URL.Path, "/") {
					http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
					return
				}
				full = filepath.Join(full, "index.html")
				fi, err = os.Stat(full)
			}
			if err == nil && !fi.IsDir() {
				serveFile(w, full, http.StatusOK)
				return
			}
		}
		serveFile(w, filepath.Join(dest, "404.html"), http.StatusNotFound)
	})
}

func serveFile(w http.ResponseWriter, file string, status int) {
	b, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, "no such file, and no 404.html", http.StatusNotFound)
		return
	}
	ct := mime.TypeByExtension(filepath.Ext(file))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	w.Write(b)
}

// hostedSite builds src with the real binary for a base URL under /plan/
// of a test server on 127.0.0.1, which serves it as a static host does.
func hostedSite(t *testing.T, src string, flags ...string) (dest, base string) {
	t.Helper()
	dest = filepath.Join(t.TempDir(), "public")
	srv := httptest.NewServer(hostHandler(dest, "/plan/"))
	t.Cleanup(srv.Close)
	base = srv.URL + "/plan/"
	plansite(t, append([]string{"build", "-s", src, "-d", dest, "--base-url", base}, flags...)...)
	return dest, base
}

// builtSite builds src with the real binary into a new folder.
func builtSite(t *testing.T, src, base string, flags ...string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	plansite(t, append([]string{"build", "-s", src, "-d", dest, "--base-url", base}, flags...)...)
	return dest
}

// A resource is what the server answered for one URL.
type resource struct {
	url    *url.URL // the URL it came from, after redirects
	status int
	body   []byte
	html   bool
	ids    map[string]bool
	refs   []string // the URLs it refers to, as written
}

// crawler fetches a site's URLs once each and follows what they refer to.
type crawler struct {
	base    *url.URL
	client  *http.Client
	fetched map[string]*resource // by URL without fragment
}

func newCrawler(t *testing.T, base string) *crawler {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return &crawler{base: u, client: &http.Client{}, fetched: map[string]*resource{}}
}

// internal reports whether u is a URL of the site: same host, under the
// base path.
func (c *crawler) internal(u *url.URL) bool {
	return c.sameHost(u) && strings.HasPrefix(u.Path, c.base.Path)
}

func (c *crawler) sameHost(u *url.URL) bool {
	return u.Scheme == c.base.Scheme && u.Host == c.base.Host
}

func (c *crawler) fetch(t *testing.T, raw string) *resource {
	t.Helper()
	if r := c.fetched[raw]; r != nil {
		return r
	}
	if len(c.fetched) > 2000 {
		t.Fatalf("more than 2000 URLs: is the site linking to endless new addresses?")
	}
	resp, err := c.client.Get(raw)
	if err != nil {
		t.Fatalf("GET %s: %v", raw, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", raw, err)
	}
	r := &resource{url: resp.Request.URL, status: resp.StatusCode, body: body}
	ct := resp.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/html"):
		r.html = true
		r.ids, r.refs = htmlRefs(t, body)
	case strings.HasSuffix(r.url.Path, ".xml"):
		r.refs = xmlRefs(t, raw, body)
	case strings.HasPrefix(ct, "text/css"):
		// A stylesheet's url(…): the fonts and images it loads.
		for _, m := range cssURL.FindAllStringSubmatch(string(body), -1) {
			r.refs = append(r.refs, m[1]+m[2]+m[3])
		}
	case strings.HasSuffix(r.url.Path, "/robots.txt"):
		for _, line := range strings.Split(string(body), "\n") {
			if v, ok := strings.CutPrefix(line, "Sitemap:"); ok {
				r.refs = append(r.refs, strings.TrimSpace(v))
			}
		}
	}
	c.fetched[raw] = r
	return r
}

// cssURL matches url(…) in a stylesheet, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)

// htmlRefs reads a page with the HTML5 tokenizer: the IDs it has, and the
// URLs of its links, images, stylesheets, scripts and sources, and of the
// share image and URL its metadata names.
func htmlRefs(t *testing.T, b []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var refs []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if !errors.Is(z.Err(), io.EOF) {
				t.Fatalf("reading HTML: %v", z.Err())
			}
			return ids, refs
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		a := attrMap(tok.Attr)
		if id, ok := a["id"]; ok {
			ids[id] = true
		}
		switch tok.Data {
		case "a", "area", "link":
			if v, ok := a["href"]; ok {
				refs = append(refs, v)
			}
		case "img", "script", "source", "iframe", "audio", "video", "track", "embed":
			if v, ok := a["src"]; ok {
				refs = append(refs, v)
			}
			if v, ok := a["srcset"]; ok {
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						refs = append(refs, f[0])
					}
				}
			}
		case "meta":
			switch a["property"] + a["name"] {
			case "og:url", "og:image", "twitter:image":
				refs = append(refs, a["content"])
			}
		}
	}
}

func attrMap(attrs []html.Attribute) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		if _, dup := m[a.Key]; !dup {
			m[a.Key] = a.Val
		}
	}
	return m
}

// xmlRefs lists the URLs of a sitemap (<loc>) or an Atom feed (<link href>).
func xmlRefs(t *testing.T, where string, b []byte) []string {
	var refs []string
	d := xml.NewDecoder(bytes.NewReader(b))
	inLoc := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return refs
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", where, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inLoc = tok.Name.Local == "loc"
			if tok.Name.Local == "link" {
				for _, a := range tok.Attr {
					if a.Name.Local == "href" {
						refs = append(refs, a.Value)
					}
				}
			}
		case xml.CharData:
			if inLoc {
				refs = append(refs, strings.TrimSpace(string(tok)))
			}
		case xml.EndElement:
			inLoc = false
		}
	}
}

// check follows one reference from a resource, fetching its target when
// it is the site's, and says what is wrong with it, if anything.
func (c *crawler) check(t *testing.T, from *resource, raw string) (target *url.URL, problem string) {
	u, err := from.url.Parse(raw)
	if err != nil {
		return nil, fmt.Sprintf("%q is not a URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, "" // mailto:, data: and the like
	}
	if !c.internal(u) {
		if c.sameHost(u) {
			return nil, fmt.Sprintf("%q leads to %s, outside the site's path %s", raw, u.Path, c.base.Path)
		}
		return nil, "" // another site: not this test's to fetch
	}
	frag := u.Fragment
	u.Fragment, u.RawFragment = "", ""
	var r *resource
	if u.String() == from.url.String() {
		r = from // the same document
	} else {
		r = c.fetch(t, u.String())
		if r.status != http.StatusOK {
			return u, fmt.Sprintf("%q (%s) answers %d", raw, u, r.status)
		}
	}
	if frag != "" && (!r.html || !r.ids[frag]) {
		return u, fmt.Sprintf("%q: %s has no element with id %q", raw, u, frag)
	}
	return u, ""
}

// crawl starts at the given URLs and follows every reference to the site
// from every page, stylesheet, sitemap, feed and robots.txt it reaches. It returns
// the problems, each with the page it is on.
func (c *crawler) crawl(t *testing.T, start ...string) []string {
	var problems []string
	queue := append([]string(nil), start...)
	queued := map[string]bool{}
	for _, s := range start {
		queued[s] = true
	}
	for len(queue) > 0 {
		from := c.fetch(t, queue[0])
		queue = queue[1:]
		if from.status != http.StatusOK {
			problems = append(problems, fmt.Sprintf("%s answers %d", from.url, from.status))
			continue
		}
		for _, raw := range from.refs {
			u, problem := c.check(t, from, raw)
			if problem != "" {
				problems = append(problems, fmt.Sprintf("on %s: %s", from.url, problem))
			}
			if u != nil && !queued[u.String()] {
				queued[u.String()] = true
				queue = append(queue, u.String())
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// outputFiles lists the files of a built site, slash-separated.
func outputFiles(t *testing.T, dest string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// fileURL is the URL of an output file under base.
func fileURL(base, rel string) string {
	if rel == "index.html" || strings.HasSuffix(rel, "/index.html") {
		return base + strings.TrimSuffix(rel, "index.html")
	}
	return base + rel
}

// TestPublishedUnderAPath builds sites for a base URL with a path, serves
// them under that path, and follows every link and asset from every page,
// stylesheet, the sitemap and the feed: each must answer 200, each
// #fragment must name an element of its page, and every file of the output
// must be reached. Then it asks for addresses the site does not have, and
// follows every link and asset of the 404 page the host answers with, from
// where the reader is.
func TestPublishedUnderAPath(t *testing.T) {
	tests := []struct {
		name  string
		src   func(t *testing.T) string
		flags []string
		// page has an image written in Markdown, published as img.
		page, img string
	}{
		{"default site", func(*testing.T) string { return repoRoot }, nil, "", ""},
		{"default site minified", func(*testing.T) string { return repoRoot }, []string{"--minify"}, "", ""},
		{"fixture with images", fixtureSite, nil, "updates/progress/", "updates/chart.png"},
		{"fixture with images minified", fixtureSite, []string{"--minify"}, "updates/progress/", "updates/chart.png"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest, base := hostedSite(t, tc.src(t), tc.flags...)
			c := newCrawler(t, base)
			// The 404 page too, for what only it leads to (its share card).
			for _, p := range c.crawl(t, base, base+"sitemap.xml", base+"404.html") {
				t.Error(p)
			}
			// Crawlers read robots.txt only at the host's root: under a
			// path, one would look as if it worked and be ignored.
			if haveFile(filepath.Join(dest, "robots.txt")) {
				t.Error("robots.txt is published under the base path, where crawlers never read it")
			}
			// Every file was reached, so every link above was followed.
			for _, f := range outputFiles(t, dest) {
				if f == ".plansite-manifest" || f == "_headers" || f == "_redirects" || f == "404.html" || isAlias(t, filepath.Join(dest, f)) {
					continue
				}
				if r := c.fetched[fileURL(base, f)]; r == nil || r.status != http.StatusOK {
					t.Errorf("%s: no page, sitemap or feed leads to it", f)
				}
			}
			if tc.page != "" {
				page := c.fetched[base+tc.page]
				if page == nil || !bytes.Contains(page.body, []byte(`<img src="`+c.base.Path+tc.img+`" alt="A bar chart`)) &&
					!bytes.Contains(page.body, []byte(`<img src=`+c.base.Path+tc.img+` alt="A bar chart`)) {
					t.Fatalf("%s does not show its Markdown image as %s", tc.page, c.base.Path+tc.img)
				}
				img := c.fetched[base+tc.img]
				if img == nil || img.status != http.StatusOK || http.DetectContentType(img.body) != "image/png" {
					t.Errorf("the Markdown image of %s was not served as a PNG from %s", tc.page, base+tc.img)
				}
			}

			notFound, err := os.ReadFile(filepath.Join(dest, "404.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"no/such/page/", "no-such-file.html", "objectives/gone/", "a/b/c/d/e/f", "updates/x/y/z.png"} {
				r := c.fetch(t, base+p)
				if r.status != http.StatusNotFound || !bytes.Equal(r.body, notFound) {
					t.Errorf("%s: status %d, want 404 with the site's 404.html", p, r.status)
					continue
				}
				if len(r.refs) < 5 {
					t.Errorf("%s: the 404 page has only %d links and assets", p, len(r.refs))
				}
				for _, raw := range r.refs {
					if _, problem := c.check(t, r, raw); problem != "" {
						t.Errorf("the 404 page at %s: %s", p, problem)
					}
				}
			}
		})
	}
}

// isAlias reports whether an output file is the page at an old address of
// a page, which sends readers on and which nothing needs to link to.
func isAlias(t *testing.T, file string) bool {
	t.Helper()
	if !strings.HasSuffix(file, ".html") {
		return false
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, []byte(`http-equiv="refresh"`)) || bytes.Contains(b, []byte(`http-equiv=refresh`))
}

// pageFacts is what a page's HTML says about it to machines.
type pageFacts struct {
	canonical []string
	meta      map[string][]string // by property or name
	jsonLD    []string
	// styles and scripts are the stylesheets and scripts it loads, with
	// their attributes.
	styles, scripts []map[string]string
	anchors         []anchor
}

type anchor struct{ href, text string }

// readFacts parses a page as a browser does.
func readFacts(t *testing.T, name string, b []byte) *pageFacts {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	f := &pageFacts{meta: map[string][]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			a := attrMap(n.Attr)
			switch n.Data {
			case "link":
				for _, rel := range strings.Fields(a["rel"]) {
					switch rel {
					case "canonical":
						f.canonical = append(f.canonical, a["href"])
					case "stylesheet":
						f.styles = append(f.styles, a)
					}
				}
			case "meta":
				if key := a["property"] + a["name"]; key != "" {
					f.meta[key] = append(f.meta[key], a["content"])
				}
			case "script":
				if a["type"] == "application/ld+json" {
					f.jsonLD = append(f.jsonLD, textOf(n))
				} else if _, ok := a["src"]; ok {
					f.scripts = append(f.scripts, a)
				}
			case "a":
				f.anchors = append(f.anchors, anchor{a["href"], strings.Join(strings.Fields(textOf(n)), " ")})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return f
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// htmlFiles lists the pages of a built site (404.html included).
func htmlFiles(t *testing.T, dest string) []string {
	t.Helper()
	var out []string
	for _, f := range outputFiles(t, dest) {
		if strings.HasSuffix(f, ".html") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no pages in %s", dest)
	}
	return out
}

// localFile is the output file an absolute URL of the site names, or "".
func localFile(dest, base, u string) string {
	rel, ok := strings.CutPrefix(u, base)
	if !ok {
		return ""
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return filepath.Join(dest, filepath.FromSlash(rel))
}

// TestPageMetadata checks what every page of the default site tells search
// engines and social sites: one canonical link, its own absolute URL (the
// 404 page, which answers at any address, has none); Open Graph and
// Twitter-card tags with an absolute share image that exists and says
// what it shows; JSON-LD that parses on every page but the 404: the
// organisation (NGO) and the plan (Report) on the home page, and below it
// each page as what it is (an objective a Report, a quote a Quotation, an
// Offer or Promise a Service, a list a CollectionPage) with a
// BreadcrumbList of where it stands. Minified pages must say the same.
func TestPageMetadata(t *testing.T) {
	const base = "https://example.org/plan/"
	for _, flags := range [][]string{nil, {"--minify"}} {
		t.Run(strings.Join(append([]string{"build"}, flags...), " "), func(t *testing.T) {
			dest := builtSite(t, repoRoot, base, flags...)
			types := map[string][]string{} // JSON-LD @types by page
			for _, f := range htmlFiles(t, dest) {
				if isAlias(t, filepath.Join(dest, f)) {
					continue
				}
				b, err := os.ReadFile(filepath.Join(dest, f))
				if err != nil {
					t.Fatal(err)
				}
				facts := readFacts(t, f, b)
				self := fileURL(base, f)
				notFound := f == "404.html"
				switch {
				case notFound && len(facts.canonical) != 0:
					t.Errorf("%s: canonical links %q; a 404 page answers at any address and has none", f, facts.canonical)
				case !notFound && (len(facts.canonical) != 1 || facts.canonical[0] != self):
					t.Errorf("%s: canonical links %q, want one, %s", f, facts.canonical, self)
				}
				one := func(key string) string {
					if v := facts.meta[key]; len(v) == 1 && strings.TrimSpace(v[0]) != "" {
						return v[0]
					}
					t.Errorf("%s: %s is %q, want one, not empty", f, key, facts.meta[key])
					return ""
				}
				one("og:title")
				one("og:description")
				wantType := "article"
				if f == "index.html" {
					wantType = "website"
				}
				if got := one("og:type"); got != wantType {
					t.Errorf("%s: og:type %q, want %q", f, got, wantType)
				}
				if notFound {
					if u := facts.meta["og:url"]; len(u) != 0 {
						t.Errorf("%s: og:url %q; a 404 page has no address of its own", f, u)
					}
				} else if got := one("og:url"); got != self {
					t.Errorf("%s: og:url %q, want %s", f, got, self)
				}
				if got := one("og:locale"); got != "en_GB" {
					t.Errorf("%s: og:locale %q, want en_GB", f, got)
				}
				if got := one("twitter:card"); got != "summary_large_image" && got != "summary" {
					t.Errorf("%s: twitter:card %q", f, got)
				}
				img := one("og:image")
				if file := localFile(dest, base, img); file == "" || !haveFile(file) {
					t.Errorf("%s: og:image %q is not an absolute URL of a file of the site", f, img)
				}
				alt := one("og:image:alt")
				if got := one("twitter:image"); got != img {
					t.Errorf("%s: twitter:image %q, want og:image's %q", f, got, img)
				}
				if got := one("twitter:image:alt"); got != alt {
					t.Errorf("%s: twitter:image:alt %q, want og:image:alt's %q", f, got, alt)
				}
				if notFound && len(facts.jsonLD) != 0 {
					t.Errorf("%s: JSON-LD on the 404 page, which has no address to describe", f)
				}
				for _, ld := range facts.jsonLD {
					var v map[string]any
					if err := json.Unmarshal([]byte(ld), &v); err != nil {
						t.Errorf("%s: JSON-LD does not parse: %v\n%s", f, err, ld)
						continue
					}
					if v["@context"] != "https://schema.org" {
						t.Errorf("%s: JSON-LD @context %v", f, v["@context"])
					}
					types[f] = append(types[f], ldTypes(t, f, base, dest, v)...)
				}
			}
			want := map[string][]string{
				"index.html":               {"NGO", "Report"},
				"objectives/index.html":    {"CollectionPage", "BreadcrumbList"},
				"quotes/index.html":        {"CollectionPage", "BreadcrumbList"},
				"offers/index.html":        {"CollectionPage", "BreadcrumbList"},
				"actions/index.html":       {"CollectionPage", "BreadcrumbList"},
				"about/index.html":         {"AboutPage", "BreadcrumbList"},
				"accessibility/index.html": {"WebPage", "BreadcrumbList"},
				"404.html":                 nil,
			}
			for _, f := range htmlFiles(t, dest) {
				switch {
				case want[f] != nil || f == "404.html" || isAlias(t, filepath.Join(dest, f)):
				case strings.HasPrefix(f, "objectives/"):
					want[f] = []string{"Report", "BreadcrumbList"}
				case strings.HasPrefix(f, "quotes/"):
					want[f] = []string{"Quotation", "BreadcrumbList"}
				case strings.HasPrefix(f, "offers/"):
					want[f] = []string{"Service", "BreadcrumbList"}
				default:
					t.Errorf("%s: a page this test does not know", f)
				}
			}
			if len(want) != 24 {
				t.Errorf("the default site has %d pages, want 24 (the 404 page included)", len(want))
			}
			for f, w := range want {
				if got := strings.Join(types[f], " "); got != strings.Join(w, " ") {
					t.Errorf("%s: JSON-LD types %q, want %q", f, got, w)
				}
			}
		})
	}
}

// ldTypes lists the @types of a JSON-LD document, its @graph's in order,
// and checks that each names its page by a URL of the site that exists: a
// BreadcrumbList leads from the home page to the page itself, and every
// URL it and a CollectionPage's list name is a page of the site.
func ldTypes(t *testing.T, page, base, dest string, v map[string]any) []string {
	t.Helper()
	var nodes []map[string]any
	if g, ok := v["@graph"].([]any); ok {
		for _, n := range g {
			m, _ := n.(map[string]any)
			nodes = append(nodes, m)
		}
	} else {
		nodes = append(nodes, v)
	}
	exists := func(what, u string) {
		if !strings.HasPrefix(u, base) || !haveFile(localFile(dest, base, u)) {
			t.Errorf("%s: JSON-LD %s %q is not a page of the site under %s", page, what, u, base)
		}
	}
	items := func(n map[string]any) []map[string]any {
		list, _ := n["itemListElement"].([]any)
		var out []map[string]any
		for i, it := range list {
			m, _ := it.(map[string]any)
			if pos, _ := m["position"].(float64); int(pos) != i+1 {
				t.Errorf("%s: JSON-LD list item %d has position %v", page, i+1, m["position"])
			}
			out = append(out, m)
		}
		return out
	}
	var out []string
	for _, n := range nodes {
		typ, _ := n["@type"].(string)
		out = append(out, typ)
		u, _ := n["url"].(string)
		switch typ {
		case "NGO":
			if u == "" {
				t.Errorf("%s: the NGO has no url", page)
			}
			continue
		case "BreadcrumbList":
			crumbs := items(n)
			if len(crumbs) < 2 {
				t.Errorf("%s: a BreadcrumbList of %d items", page, len(crumbs))
				continue
			}
			first, _ := crumbs[0]["item"].(string)
			last, _ := crumbs[len(crumbs)-1]["item"].(string)
			if first != base || last != fileURL(base, page) {
				t.Errorf("%s: the BreadcrumbList leads from %s to %s, want from %s to the page", page, first, last, base)
			}
			for _, c := range crumbs {
				item, _ := c["item"].(string)
				exists("breadcrumb", item)
			}
			continue
		case "CollectionPage":
			list, _ := n["mainEntity"].(map[string]any)
			entries := items(list)
			if len(entries) == 0 {
				t.Errorf("%s: a CollectionPage that lists nothing", page)
			}
			for _, e := range entries {
				item, _ := e["url"].(string)
				exists("list item", item)
			}
		}
		exists(typ+" url", u)
	}
	return out
}

// TestSharedImage checks that a page with an image in its front matter is
// shared with that image, its size and its description (imageAlt), and
// every other with a card of its own, 1200×630, described by its words.
func TestSharedImage(t *testing.T) {
	const base = "https://example.org/plan/"
	dest := builtSite(t, fixtureSite(t), base)
	cards := map[string]string{}
	for _, f := range htmlFiles(t, dest) {
		b, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			t.Fatal(err)
		}
		meta := readFacts(t, f, b).meta
		img := strings.Join(meta["og:image"], " ")
		size := strings.Join(meta["og:image:width"], " ") + "×" + strings.Join(meta["og:image:height"], " ")
		if f == "updates/progress/index.html" {
			if img != base+"img/progress-card.png" {
				t.Errorf("%s: og:image %q, want its own %simg/progress-card.png", f, img, base)
			}
			if size != "120×63" {
				t.Errorf("%s: og:image is %s, want its own image's 120×63", f, size)
			}
			if got := strings.Join(meta["og:image:alt"], " "); !strings.HasPrefix(got, "A bar chart") {
				t.Errorf("%s: og:image:alt %q, want its own imageAlt", f, got)
			}
		} else {
			if !strings.HasPrefix(img, base+"og/") || size != "1200×630" {
				t.Errorf("%s: og:image %q (%s), want a card of 1200×630 under %sog/", f, img, size, base)
			}
			if other, ok := cards[img]; ok && f != "404.html" && other != "404.html" {
				t.Errorf("%s has the card of %s", f, other)
			}
			cards[img] = f
			if alt := strings.Join(meta["og:image:alt"], " "); !strings.Contains(alt, "Fixture Trust") {
				t.Errorf("%s: og:image:alt %q, want the words of its card, with the organisation's name", f, alt)
			}
		}
		if file := localFile(dest, base, img); !haveFile(file) {
			t.Errorf("%s: og:image %s is not in the output", f, img)
		}
		if got := strings.Join(meta["twitter:image"], " "); got != img {
			t.Errorf("%s: twitter:image %q, want %q", f, got, img)
		}
	}
}

type sitemapXML struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
}

type atomFeed struct {
	XMLName xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string       `xml:"id"`
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Authors []atomPerson `xml:"author"`
	Links   []atomLink   `xml:"link"`
	Entries []struct {
		ID      string       `xml:"id"`
		Title   string       `xml:"title"`
		Updated string       `xml:"updated"`
		Authors []atomPerson `xml:"author"`
		Links   []atomLink   `xml:"link"`
		Content *struct{}    `xml:"content"`
	} `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

// w3cDatetime reports whether s is a date in one of the forms of the W3C
// note "Date and Time Formats", which sitemaps use.
func w3cDatetime(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02", "2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// TestSitemapFeedAndRobots parses sitemap.xml, the Atom feed and
// robots.txt of the default site and the fixture, plain and minified: the
// sitemap lists every page by its absolute URL under the base URL, with
// lastmod as a W3C datetime (every page of the fixture has a date, and a
// page's lastmod is its own); the feed has what RFC 4287 requires of a
// feed and its entries, and carries the plan's objectives; robots.txt is
// written only for a site at the root of its host, and names the sitemap
// by its absolute URL.
func TestSitemapFeedAndRobots(t *testing.T) {
	const base = "https://example.org/plan/"
	tests := []struct {
		name  string
		src   func(t *testing.T) string
		flags []string
		// dated is true when every page has a date, so every entry of
		// the sitemap has a lastmod.
		dated bool
		// lastmod is the lastmod of one page.
		lastmod   [2]string
		inFeed    string // a folder whose pages must all be in the feed
		feedCount int
	}{
		{"default site", func(*testing.T) string { return repoRoot }, nil, true, [2]string{"objectives/skills/", "2026-11-29T00:00:00Z"}, "objectives/", 19},
		{"default site minified", func(*testing.T) string { return repoRoot }, []string{"--minify"}, true, [2]string{"objectives/skills/", "2026-11-29T00:00:00Z"}, "objectives/", 19},
		{"fixture", fixtureSite, nil, true, [2]string{"updates/progress/", "2024-04-05T09:30:00Z"}, "updates/", 3},
		{"fixture minified", fixtureSite, []string{"--minify"}, true, [2]string{"updates/progress/", "2024-04-05T09:30:00Z"}, "updates/", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := builtSite(t, tc.src(t), base, tc.flags...)
			read := func(name string) []byte {
				b, err := os.ReadFile(filepath.Join(dest, name))
				if err != nil {
					t.Fatal(err)
				}
				return b
			}

			var sm sitemapXML
			if err := xml.Unmarshal(read("sitemap.xml"), &sm); err != nil {
				t.Fatalf("sitemap.xml: %v", err)
			}
			pages := map[string]bool{}
			for _, f := range htmlFiles(t, dest) {
				if f != "404.html" && !isAlias(t, filepath.Join(dest, f)) {
					pages[fileURL(base, f)] = true
				}
			}
			listed := map[string]bool{}
			for _, u := range sm.URLs {
				if !pages[u.Loc] {
					t.Errorf("sitemap.xml: %q is not the absolute URL of a page under %s", u.Loc, base)
				}
				if listed[u.Loc] {
					t.Errorf("sitemap.xml: %s twice", u.Loc)
				}
				listed[u.Loc] = true
				if u.Lastmod != "" && !w3cDatetime(u.Lastmod) {
					t.Errorf("sitemap.xml: %s: lastmod %q is not a W3C datetime", u.Loc, u.Lastmod)
				}
				if tc.dated && u.Lastmod == "" {
					t.Errorf("sitemap.xml: %s has no lastmod", u.Loc)
				}
				if u.Loc == base+tc.lastmod[0] && u.Lastmod != tc.lastmod[1] {
					t.Errorf("sitemap.xml: %s: lastmod %q, want %q", u.Loc, u.Lastmod, tc.lastmod[1])
				}
			}
			for p := range pages {
				if !listed[p] {
					t.Errorf("sitemap.xml does not list %s", p)
				}
			}

			var feed atomFeed
			if err := xml.Unmarshal(read("index.xml"), &feed); err != nil {
				t.Fatalf("index.xml: %v", err)
			}
			rfc3339 := func(what, s string) {
				if _, err := time.Parse(time.RFC3339, s); err != nil {
					t.Errorf("index.xml: %s %q is not an RFC 3339 date: %v", what, s, err)
				}
			}
			if u, err := url.Parse(feed.ID); err != nil || !u.IsAbs() {
				t.Errorf("index.xml: feed id %q is not an absolute IRI", feed.ID)
			}
			if strings.TrimSpace(feed.Title) == "" {
				t.Error("index.xml: the feed has no title")
			}
			rfc3339("feed updated", feed.Updated)
			self := ""
			for _, l := range feed.Links {
				if l.Rel == "self" {
					self = l.Href
				}
			}
			if self != base+"index.xml" {
				t.Errorf("index.xml: link rel=self %q, want %sindex.xml", self, base)
			}
			feedAuthor := len(feed.Authors) > 0 && strings.TrimSpace(feed.Authors[0].Name) != ""
			if len(feed.Entries) != tc.feedCount {
				t.Errorf("index.xml: %d entries, want %d", len(feed.Entries), tc.feedCount)
			}
			ids := map[string]bool{}
			inFeed := map[string]bool{}
			for i, e := range feed.Entries {
				what := fmt.Sprintf("entry %d (%s)", i+1, e.Title)
				if u, err := url.Parse(e.ID); err != nil || !u.IsAbs() || ids[e.ID] {
					t.Errorf("index.xml: %s: id %q is not an absolute IRI of its own", what, e.ID)
				}
				ids[e.ID] = true
				if strings.TrimSpace(e.Title) == "" {
					t.Errorf("index.xml: %s has no title", what)
				}
				rfc3339(what+" updated", e.Updated)
				if !feedAuthor && (len(e.Authors) == 0 || e.Authors[0].Name == "") {
					t.Errorf("index.xml: %s has no author, and neither has the feed", what)
				}
				alternate := ""
				for _, l := range e.Links {
					if l.Rel == "" || l.Rel == "alternate" {
						alternate = l.Href
					}
				}
				if alternate == "" && e.Content == nil {
					t.Errorf("index.xml: %s has neither content nor a link rel=alternate", what)
				}
				if !pages[alternate] {
					t.Errorf("index.xml: %s links to %q, not a page of the site", what, alternate)
				}
				inFeed[alternate] = true
			}
			for p := range pages {
				if rest, ok := strings.CutPrefix(p, base+tc.inFeed); ok && rest != "" && !inFeed[p] {
					t.Errorf("index.xml has no entry for %s", p)
				}
			}

			if haveFile(filepath.Join(dest, "robots.txt")) {
				t.Errorf("robots.txt is written under %s, where crawlers never read it", base)
			}

			// At the root of a host, robots.txt names the sitemap.
			const root = "https://example.org/"
			robots, err := os.ReadFile(filepath.Join(builtSite(t, tc.src(t), root, tc.flags...), "robots.txt"))
			if err != nil {
				t.Fatalf("a site at the root of its host: %v", err)
			}
			if !regexp.MustCompile(`(?m)^Sitemap: ` + regexp.QuoteMeta(root+"sitemap.xml") + `$`).MatchString(string(robots)) {
				t.Errorf("robots.txt does not name %ssitemap.xml:\n%s", root, robots)
			}
		})
	}
}

// fingerprinted matches an asset's published name: its name, the first 16
// hex digits of the SHA-256 of its content, its extension.
var fingerprinted = regexp.MustCompile(`^(.+)\.([0-9a-f]{16})(\.[a-z0-9]+)$`)

// TestAssetsFingerprintedWithIntegrity checks that every asset of the
// default theme is published under a name that carries the hash of the
// bytes served, and that every stylesheet and script a page loads has an
// integrity value that is the base64 SHA-256 of the bytes the server sends.
func TestAssetsFingerprintedWithIntegrity(t *testing.T) {
	var sources []string
	err := filepath.WalkDir(filepath.Join(repoRoot, "assets"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Join(repoRoot, "assets"), p)
			sources = append(sources, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil || len(sources) == 0 {
		t.Fatalf("the theme's assets: %v", err)
	}
	for _, flags := range [][]string{nil, {"--minify"}} {
		t.Run(strings.Join(append([]string{"build"}, flags...), " "), func(t *testing.T) {
			dest, base := hostedSite(t, repoRoot, flags...)
			files := outputFiles(t, dest)
			for _, src := range sources {
				ext := path.Ext(src)
				var found []string
				for _, f := range files {
					m := fingerprinted.FindStringSubmatch(f)
					if m != nil && m[1] == strings.TrimSuffix(src, ext) && m[3] == ext {
						found = append(found, f)
					}
				}
				if len(found) != 1 {
					t.Errorf("assets/%s is published as %q, want one fingerprinted file", src, found)
					continue
				}
				b, err := os.ReadFile(filepath.Join(dest, found[0]))
				if err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(b)
				if got := fingerprinted.FindStringSubmatch(found[0])[2]; got != hex.EncodeToString(sum[:8]) {
					t.Errorf("%s: the name's hash %s is not that of its bytes, %x", found[0], got, sum[:8])
				}
				if haveFile(filepath.Join(dest, filepath.FromSlash(src))) {
					t.Errorf("assets/%s is also published under its own name", src)
				}
			}

			c := newCrawler(t, base)
			checked := 0
			for _, f := range htmlFiles(t, dest) {
				if isAlias(t, filepath.Join(dest, f)) {
					continue // sends the reader on at once, unstyled
				}
				b, err := os.ReadFile(filepath.Join(dest, f))
				if err != nil {
					t.Fatal(err)
				}
				facts := readFacts(t, f, b)
				if len(facts.styles) == 0 {
					t.Errorf("%s loads no stylesheet", f)
				}
				for _, a := range append(facts.styles, facts.scripts...) {
					ref := a["href"] + a["src"]
					if !fingerprinted.MatchString(path.Base(ref)) {
						t.Errorf("%s: %s has no fingerprint in its name", f, ref)
					}
					u, err := c.base.Parse(ref)
					if err != nil {
						t.Fatal(err)
					}
					r := c.fetch(t, u.String())
					if r.status != http.StatusOK {
						t.Errorf("%s: %s answers %d", f, ref, r.status)
						continue
					}
					sum := sha256.Sum256(r.body)
					want := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
					if a["integrity"] != want {
						t.Errorf("%s: %s has integrity %q; its bytes are %s", f, ref, a["integrity"], want)
					}
					checked++
				}
			}
			if checked == 0 {
				t.Error("no stylesheet or script was checked")
			}
		})
	}
}

// TestMinify builds the default site and the fixture with and without
// --minify: HTML, CSS, SVG, XML and JSON get smaller, pages keep the same
// text, and other files stay as they were.
func TestMinify(t *testing.T) {
	const base = "https://example.org/plan/"
	for _, site := range []struct {
		name string
		src  func(t *testing.T) string
	}{{"default site", func(*testing.T) string { return repoRoot }}, {"fixture", fixtureSite}} {
		t.Run(site.name, func(t *testing.T) {
			src := site.src(t)
			plain := builtSite(t, src, base)
			small := builtSite(t, src, base, "--minify")
			// Fingerprints differ with the bytes: match files by name.
			unhash := func(f string) string {
				if m := fingerprinted.FindStringSubmatch(f); m != nil {
					return m[1] + m[3]
				}
				return f
			}
			smallFiles := map[string]string{}
			for _, f := range outputFiles(t, small) {
				smallFiles[unhash(f)] = f
			}
			kinds := map[string]int{}
			for _, f := range outputFiles(t, plain) {
				g, ok := smallFiles[unhash(f)]
				if !ok {
					t.Errorf("%s is not in the minified build", f)
					continue
				}
				a, err := os.ReadFile(filepath.Join(plain, f))
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(small, g))
				if err != nil {
					t.Fatal(err)
				}
				switch ext := path.Ext(f); ext {
				case ".html", ".css", ".svg", ".xml", ".json":
					kinds[ext]++
					if len(b) >= len(a) {
						t.Errorf("%s: %d bytes minified, %d not", f, len(b), len(a))
					}
					if ext == ".html" && visibleText(a) != visibleText(b) {
						t.Errorf("%s: the text of the page changed:\n%s\n%s", f, visibleText(a), visibleText(b))
					}
					if ext == ".json" && !json.Valid(b) {
						t.Errorf("%s: minified JSON does not parse:\n%s", f, b)
					}
				case ".png", ".txt":
					if !bytes.Equal(a, b) {
						t.Errorf("%s changed with --minify", f)
					}
				}
			}
			for _, ext := range []string{".html", ".css", ".svg", ".xml"} {
				if kinds[ext] == 0 {
					t.Errorf("no %s file was compared", ext)
				}
			}
			if site.name == "fixture" {
				b, err := os.ReadFile(filepath.Join(small, "updates/figures.json"))
				if err != nil {
					t.Fatal(err)
				}
				if want := `{"months":["January","February","March"],"done":[1,2,3]}`; string(b) != want {
					t.Errorf("updates/figures.json minified is %s, want %s", b, want)
				}
			}
		})
	}
}

// TestHeadersFile checks _headers: every fingerprinted asset, by its path
// with the base URL's path, cached for a year as immutable, and nothing
// else so; a site's own rules kept ahead of them.
func TestHeadersFile(t *testing.T) {
	const base = "https://example.org/plan/"
	tests := []struct {
		name string
		src  func(t *testing.T) string
		own  string // the start of the site's own content/_headers
	}{
		{"default site", func(*testing.T) string { return repoRoot }, ""},
		{"fixture with its own _headers", fixtureSite, "/*\n  X-Content-Type-Options: nosniff\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dest := builtSite(t, tc.src(t), base)
			b, err := os.ReadFile(filepath.Join(dest, "_headers"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), tc.own) {
				t.Errorf("_headers does not start with the site's own rules %q:\n%s", tc.own, b)
			}
			// Netlify's and Cloudflare's format: a path, then its headers
			// indented below it.
			rules := map[string][]string{}
			current := ""
			for i, line := range strings.Split(string(b), "\n") {
				switch {
				case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
				case line[0] == ' ' || line[0] == '\t':
					if current == "" {
						t.Fatalf("_headers:%d: a header before any path: %q", i+1, line)
					}
					rules[current] = append(rules[current], strings.TrimSpace(line))
				default:
					current = line
				}
			}
			const immutable = "Cache-Control: public, max-age=31536000, immutable"
			want := map[string]bool{}
			for _, f := range outputFiles(t, dest) {
				if fingerprinted.MatchString(path.Base(f)) {
					want["/plan/"+f] = true
				}
			}
			if len(want) < 4 {
				t.Fatalf("only %d fingerprinted files: %v", len(want), want)
			}
			for p := range want {
				if !slices.Contains(rules[p], immutable) {
					t.Errorf("_headers does not make %s immutable: %q", p, rules[p])
				}
			}
			for p, hs := range rules {
				if slices.Contains(hs, immutable) && !want[p] {
					t.Errorf("_headers makes %s immutable, which is not a fingerprinted file", p)
				}
			}
		})
	}
}

// TestEditLinks builds a copy of the default site with editURL set: every
// page made from a Markdown file links to that file for editing, and the
// 404 page, made from none, does not. Without editURL no page has the link.
func TestEditLinks(t *testing.T) {
	const editURL = "https://git.example.org/plan/edit/main/"
	src := copyDefaultSite(t)
	toml, err := os.ReadFile(filepath.Join(src, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "site.toml"), "editURL = \""+editURL+"\"\n"+string(toml))

	edits := func(dest, f string) []string {
		b, err := os.ReadFile(filepath.Join(dest, f))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range readFacts(t, f, b).anchors {
			if a.text == "Edit this page" {
				out = append(out, a.href)
			}
		}
		return out
	}
	dest := builtSite(t, src, "https://example.org/plan/")
	sources := 0
	err = filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		page := strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), ".md")
		page = strings.TrimSuffix(page, "_index") + "/index.html"
		page = strings.TrimPrefix(strings.ReplaceAll(page, "//", "/"), "/")
		sources++
		if got, want := edits(dest, page), []string{editURL + rel}; !slices.Equal(got, want) {
			t.Errorf("%s: edit links %q, want %q", page, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sources < 20 {
		t.Fatalf("only %d Markdown files", sources)
	}
	if got := edits(dest, "404.html"); len(got) != 0 {
		t.Errorf("404.html: edit links %q, want none", got)
	}

	plain := builtSite(t, repoRoot, "https://example.org/plan/")
	for _, f := range htmlFiles(t, plain) {
		if got := edits(plain, f); len(got) != 0 {
			t.Errorf("without editURL, %s has edit links %q", f, got)
		}
	}
}

// copyDefaultSite copies the default site (its content, theme and
// site.toml) to a new folder.
func copyDefaultSite(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	for _, d := range []string{"content", "layouts", "assets"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join(repoRoot, d))); err != nil {
			t.Fatal(err)
		}
	}
	toml, err := os.ReadFile(filepath.Join(repoRoot, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "site.toml"), string(toml))
	return src
}

// treeOf reads every file of a folder, by slash path.
func treeOf(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range outputFiles(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	return out
}

// treeDiff lists how two trees differ.
func treeDiff(a, b map[string][]byte) []string {
	var out []string
	for f, x := range a {
		y, ok := b[f]
		switch {
		case !ok:
			out = append(out, "only in the first: "+f)
		case !bytes.Equal(x, y):
			out = append(out, "differs: "+f)
		}
	}
	for f := range b {
		if _, ok := a[f]; !ok {
			out = append(out, "only in the second: "+f)
		}
	}
	sort.Strings(out)
	return out
}

// TestDeterministicOutput builds the same input twice, into two folders,
// and compares every file.
func TestDeterministicOutput(t *testing.T) {
	const base = "https://example.org/plan/"
	for _, tc := range []struct {
		name  string
		src   func(t *testing.T) string
		flags []string
	}{
		{"default site", func(*testing.T) string { return repoRoot }, nil},
		{"default site minified", func(*testing.T) string { return repoRoot }, []string{"--minify"}},
		{"fixture", fixtureSite, nil},
		{"fixture minified", fixtureSite, []string{"--minify"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.src(t)
			first := treeOf(t, builtSite(t, src, base, tc.flags...))
			second := treeOf(t, builtSite(t, src, base, tc.flags...))
			if len(first) < 10 {
				t.Fatalf("only %d files", len(first))
			}
			for _, d := range treeDiff(first, second) {
				t.Error(d)
			}
		})
	}
}
