package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// advocacySite is the default site with the fixture advocacy page of
// testdata/advocacy/campaign.txtar, which uses every built-in shortcode,
// and its three large images.
func advocacySite(t *testing.T) string {
	t.Helper()
	src := copyDefaultSite(t)
	if haveFile(filepath.Join(repoRoot, "data")) {
		if err := os.CopyFS(filepath.Join(src, "data"), os.DirFS(filepath.Join(repoRoot, "data"))); err != nil {
			t.Fatal(err)
		}
	}
	ar, err := txtar.ParseFile("testdata/advocacy/campaign.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(src, filepath.FromSlash(f.Name)), string(f.Data))
	}
	writeFile(t, filepath.Join(src, "content/pattern-1.png"), string(stripes(t, 2400, 1200, "png")))
	writeFile(t, filepath.Join(src, "content/pattern-2.jpg"), string(stripes(t, 2000, 1500, "jpeg")))
	writeFile(t, filepath.Join(src, "content/pattern-3.png"), string(stripes(t, 1800, 1200, "png")))
	return src
}

// stripes is an image of w×h pixels of diagonal stripes in the theme's
// aubergine and marigold.
func stripes(t *testing.T, w, h int, format string) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{0x4d, 0x1d, 0x4a, 0xff}
			if (x+y)/60%2 == 0 {
				c = color.NRGBA{0xf2, 0xb5, 0x44, 0xff}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// slowImages serves dest under /plan/ as a host does, every image a while
// after it is asked for and never from the browser's cache, so that the
// page is laid out before its images arrive, as on a slow phone
// connection; the rest may be cached.
func slowImages(t *testing.T, dest string) string {
	t.Helper()
	host := hostHandler(dest, "/plan/")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ext := path.Ext(r.URL.Path); ext == ".png" || ext == ".jpg" {
			time.Sleep(400 * time.Millisecond)
			w.Header().Set("Cache-Control", "no-store")
		} else {
			w.Header().Set("Cache-Control", "max-age=3600")
		}
		host.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/plan/"
}

var (
	imgTag    = regexp.MustCompile(`<img [^>]*>`)
	attrRe    = regexp.MustCompile(`([a-z]+)="([^"]*)"`)
	copyWidth = regexp.MustCompile(`-(\d+)w\.[0-9a-f]+\.(png|jpg)$`)
	ogImage   = regexp.MustCompile(`<meta property="og:image" content="[^"]*/(og/[0-9a-f]+\.png)">`)
)

// TestAdvocacyPage builds the fixture advocacy page on the default site
// with the real binary and checks what every shortcode made, each image's
// size, copies and loading, and its share card; then, in Chromium, that
// it breaks no axe-core rule at 390 and 1280 px and does not scroll
// sideways at 320, that its layout does not shift while its three large
// images arrive (CLS 0) and that a phone fetches a small copy; and that
// the W3C Nu validator finds no error in it.
func TestAdvocacyPage(t *testing.T) {
	// The image cache goes to a folder of the test's, once the binary is
	// built: go build keeps its own cache under XDG_CACHE_HOME too.
	if _, err := buildBinary(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	src := advocacySite(t)
	dest := filepath.Join(t.TempDir(), "public")
	base := slowImages(t, dest)
	plansite(t, "build", "-s", src, "-d", dest, "--base-url", base)
	page, err := os.ReadFile(filepath.Join(dest, "campaign/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)

	for _, want := range []string{
		`<figure class="sc-figure">`, `<figcaption>The first <em>test pattern</em> <span class="credit">Credit: plansite&#39;s tests</span></figcaption>`,
		`<a class="button" href="/plan/objectives/">Read our five strategic objectives</a>`,
		`<div class="callout callout-note" role="note">`, `<p class="callout-label">Note</p>`,
		`<div class="callout callout-important" role="note">`, `<p class="callout-label">Important</p>`,
		`<figure class="quote">`, `<div class="sc-card objective-card">`, `<div class="sc-card card offer-card">`,
		`<details class="sc-details">` + "\n<summary>What we do</summary>",
		`<iframe title="Video: A stand-in video of the tests" srcdoc=`, `<a href="/plan/about/">Read the transcript of the video</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("campaign/index.html lacks %q", want)
		}
	}
	imgs := imgTag.FindAllString(html, -1)
	if len(imgs) != 3 {
		t.Fatalf("%d images on the page, want 3:\n%q", len(imgs), imgs)
	}
	for i, tag := range imgs {
		a := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
			a[m[1]] = m[2]
		}
		if a["width"] == "" || a["height"] == "" || a["srcset"] == "" || a["sizes"] == "" {
			t.Errorf("image %d lacks its size or its copies: %s", i+1, tag)
		}
		if lazy := a["loading"] == "lazy" && a["decoding"] == "async"; lazy != (i > 0) {
			t.Errorf("image %d: loading %q decoding %q; only the first image loads at once", i+1, a["loading"], a["decoding"])
		}
		for _, c := range strings.Split(a["srcset"], ", ") {
			if rel, ok := strings.CutPrefix(strings.Fields(c)[0], "/plan/"); !ok || !haveFile(filepath.Join(dest, filepath.FromSlash(rel))) {
				t.Errorf("image %d: the copy %s is not in the output", i+1, c)
			}
		}
	}
	m := ogImage.FindStringSubmatch(html)
	if m == nil {
		t.Fatal("the page has no share card of its own")
	}
	card, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(card)); err != nil || format != "png" || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("the share card %s: %v, %s %d×%d, want a PNG of 1200×630", m[1], err, format, cfg.Width, cfg.Height)
	}
	if want := `<meta property="og:image:alt" content="The power of libraries to change lives. Libraries Connected.">`; !strings.Contains(html, want) {
		t.Errorf("campaign/index.html lacks %s", want)
	}

	t.Run("browser", func(t *testing.T) {
		requireTool(t, "Chromium (/usr/bin/chromium)", haveFile("/usr/bin/chromium") || os.Getenv("CHROMIUM") != "")
		requireTool(t, "Node.js", haveCommand("node"))
		requireTool(t, "cmd/plansite/testdata/browser/node_modules (npm ci in that folder)", haveFile(filepath.Join(nodeModules, "playwright-core")) && haveFile(filepath.Join(nodeModules, "axe-core/axe.min.js")))
		url := base + "campaign/"
		var res browserResults
		runNode(t, "check.js", map[string]any{"urls": []string{url}, "widths": []int{390, 1280}, "phone": 390, "narrow": 320}, &res)
		for _, v := range res.Axe {
			t.Errorf("axe %s (%s) at %dpx, %s scheme: %s", v.ID, v.Impact, v.Width, v.Scheme, v.Help)
			for _, n := range v.Nodes {
				t.Logf("    %s: %s\n      %s", n.Target, n.HTML, n.Summary)
			}
		}
		for _, o := range res.Overflow {
			t.Errorf("the page scrolls sideways at 320px: %dpx of content in %dpx", o.ScrollWidth, o.ClientWidth)
		}
		for _, p := range res.Pages {
			for i := 1; i < len(p.Headings); i++ {
				if p.Headings[i] > p.Headings[i-1]+1 {
					t.Errorf("headings skip from h%d to h%d", p.Headings[i-1], p.Headings[i])
				}
			}
			if len(p.Scripts) != 0 {
				t.Errorf("scripts %q; the page needs none", p.Scripts)
			}
		}

		cfg := map[string]any{"urls": []string{url}, "widths": []int{390, 1280}}
		if dir := os.Getenv("PLANSITE_SCREENSHOTS"); dir != "" {
			cfg["screenshots"] = dir
		}
		var layout []struct {
			Width  int
			CLS    float64
			Shifts int
			Moved  []string
			Images []struct {
				Src, Current, Loading string
				Natural               int
				Drawn                 float64
			}
		}
		runNode(t, "layout.js", cfg, &layout)
		if len(layout) != 2 {
			t.Fatalf("layouts at %d widths, want 2", len(layout))
		}
		for _, l := range layout {
			if l.CLS != 0 || l.Shifts != 0 {
				t.Errorf("at %dpx the layout shifted %d times while the images arrived, moving %q: a cumulative layout shift of %.4f, want 0", l.Width, l.Shifts, l.Moved, l.CLS)
			}
			if len(l.Images) != 3 {
				t.Fatalf("at %dpx, %d images, want 3", l.Width, len(l.Images))
			}
			for _, im := range l.Images {
				if im.Natural == 0 {
					t.Errorf("at %dpx %s did not load", l.Width, im.Src)
				}
				// On a phone (at one device pixel per CSS pixel) the
				// smallest copy wider than the column is fetched.
				if m := copyWidth.FindStringSubmatch(im.Current); l.Width == 390 && (m == nil || m[1] != "400" || im.Drawn > 400) {
					t.Errorf("at 390px %s fetched %s to draw it %.0fpx wide, want its 400w copy", im.Src, im.Current, im.Drawn)
				}
			}
		}
	})

	t.Run("vnu", func(t *testing.T) {
		jar, _ := filepath.Abs(filepath.Join(nodeModules, "vnu-jar/build/dist/vnu.jar"))
		requireTool(t, "Java", haveCommand("java"))
		requireTool(t, "the W3C Nu validator (vnu-jar, from npm ci in cmd/plansite/testdata/browser)", haveFile(jar))
		// The page and its stylesheets; TestValidHTML validates the rest.
		css, _ := filepath.Glob(filepath.Join(dest, "css", "*.css"))
		validateFiles(t, jar, dest, append([]string{filepath.Join(dest, "campaign", "index.html")}, css...)...)
	})
}

// runNode runs a script of testdata/browser with cfg as its config file,
// and reads its JSON output into out.
func runNode(t *testing.T, script string, cfg, out any) {
	t.Helper()
	b, _ := json.Marshal(cfg)
	file := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "testdata/browser/"+script, file)
	cmd.Stderr = os.Stderr
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s failed: %v", script, err)
	}
	if err := json.Unmarshal(res, out); err != nil {
		t.Fatalf("reading what %s found: %v\n%s", script, err, res)
	}
}
