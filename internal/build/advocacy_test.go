package build

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// advocacySite is a small site on the default theme with a page of every
// kind the built-in shortcodes name.
const advocacySite = `-- site.toml --
title = "Test plan"
baseURL = "https://example.org/plan/"
[params]
organisation = "Test Trust"
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"
[types.quotes.fields.quote]
kind = "text"
[types.quotes.fields.source]
[types.quotes.fields.year]
kind = "int"
-- content/objectives/skills.md --
---
title: Skills
number: 3
actions:
  - text: Train people
---
-- content/quotes/q3.md --
---
title: A quote
quote: Words that matter.
source: A report
year: 2019
objective: skills
---
-- content/offers/reading.md --
---
title: Reading
strapline: Read more
---
-- content/about.md --
---
title: About
---
`

// pngFile makes a PNG of w×h pixels with a diagonal, so that it is not
// one colour.
func pngFile(t testing.TB, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeFile(t testing.TB, dir, rel string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// buildDir builds a folder in memory, with the image cache in cache.
func buildDir(t testing.TB, dir, cache string) (*Builder, *Result) {
	t.Helper()
	b := New(Options{Src: dir, InMemory: true, ImageCache: cache})
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b, res
}

// TestShortcodesRender checks each built-in shortcode's HTML, positional
// and named arguments, {{% %}} inner Markdown with its links resolved, the
// writer's raw HTML still off inside it, and a site's own shortcode
// replacing a built-in one.
func TestShortcodesRender(t *testing.T) {
	s := buildSite(t, advocacySite+`-- content/campaign.md --
---
title: Campaign
---
## Why

{{< quote q3 >}}

{{< objective id="skills" level=3 >}}

{{< offer reading >}}

{{% callout important %}}
See [the plan](objectives/skills.md). <script>alert(1)</script>
{{% /callout %}}

{{% details "More" %}}
Inside *it*.
{{% /details %}}

Go: {{< button "about.md" "Read about us" >}}

{{< video id="abc123" service="vimeo" title="A talk" transcript="about.md" >}}

{{< box >}}{{< /box >}} and {{</* quote q3 */>}}

{{% details "Nested" %}}
{{< box />}}
{{% /details %}}
-- layouts/_shortcodes/box.html --
<span class="mine">{{ .Name }} {{ .Position }} {{ with .Parent }}{{ .Name }}{{ end }}</span>
`)
	got := s.file("campaign/index.html")
	for _, want := range []string{
		`<figure class="quote">`, `<p>Words that matter.</p>`, `<cite>A report</cite>, 2019`,
		`<h3 class="objective-heading"><span class="objective-number" aria-hidden="true">3</span> <a href="/plan/objectives/skills/">`,
		`<li class="action">Train people</li>`,
		`<h2 class="card-title"><a href="/plan/offers/reading/">Reading</a></h2>`, `<p class="card-text">Read more</p>`,
		`<div class="callout callout-important" role="note">`, `<p class="callout-label">Important</p>`,
		`See <a href="/plan/objectives/skills/">the plan</a>. <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted -->`,
		"<details class=\"sc-details\">\n<summary>More</summary>\n<p>Inside <em>it</em>.</p>\n</details>",
		`<p>Go: <a class="button" href="/plan/about/">Read about us</a>`,
		`https://player.vimeo.com/video/abc123?autoplay=1&amp;dnt=1`, `<iframe title="Video: A talk" srcdoc=`,
		`<a href="/plan/about/">Read the transcript of the video</a>`,
		`<span class="mine">box &#34;content/campaign.md:24:1&#34; </span>`,
		`<span class="mine">box &#34;content/campaign.md:27:1&#34; details</span>`, `{{&lt; quote q3 &gt;}}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("campaign/index.html lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<p><figure") || strings.Contains(got, "<p><div") {
		t.Errorf("a shortcode alone on its line is wrapped in <p>:\n%s", got)
	}
	if strings.Contains(got, "youtube") || strings.Contains(got, "<iframe title=\"Video: A talk\" src=") {
		t.Error("the video loads something before the reader asks for it")
	}
}

// TestShortcodeErrors checks that check reports every mistake in a
// shortcode at its file, line and column in the Markdown.
func TestShortcodeErrors(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	s := buildSiteWithErrors(t, advocacySite+`-- content/bad.md --
---
title: Bad
---
{{< quot q3 >}}
{{< quote q9 >}}
{{< objective skills lvl=2 >}}
{{< objective skills level=two >}}
{{< button >}}
{{% details "Open" %}}
never closed
{{< callout >}}x{{< /callout >}}
{{< fails >}}
{{< box v="`+big+`" >}}
{{< count n=many >}}
`+strings.Repeat("{{% details x %}}", 40)+`
-- layouts/_shortcodes/count.html --
{{/* plansite:shortcode
[args.n]
kind = "int"
*/}}{{ .Get "n" }}
-- layouts/_shortcodes/fails.html --
{{ index .Params 5 }}
`)
	msgs := s.messages()
	for _, want := range []string{
		`content/bad.md:4:5: unknown shortcode "quot" (did you mean "quote"?): add layouts/_shortcodes/quot.html`,
		`content/bad.md:5:11: id "q9" does not exist (did you mean "q3"?)`,
		`content/bad.md:6:22: shortcode "objective" has no argument "lvl" (did you mean "level"?); it takes: id, level`,
		`content/bad.md:7:22: level = "two" is not one of: 2, 3, 4`,
		`content/bad.md:14:11: n must be a whole number, not "many"`,
		`content/bad.md:8:5: shortcode "button" needs its argument "url"`,
		`content/bad.md:9:1: shortcode "details" is never closed`,
		`content/bad.md:11:1: the inner text of shortcode "callout" is Markdown: write {{% callout %}}…{{% /callout %}}`,
		`content/bad.md:12:1: shortcode "fails" failed: layouts/_shortcodes/fails.html:1:4: executing "layouts/_shortcodes/fails.html" at <index .Params 5>: error calling index`,
		`content/bad.md:13:11: this argument is 10.0 MB long; a shortcode's argument may be at most 64 KiB`,
		`content/bad.md:15:`, `nested more than 32 deep`,
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("no message with %q in:\n%s", want, msgs)
		}
	}
}

// TestShortcodeWarningKeepsInner checks that a {{% %}} shortcode whose
// template warns and changes .Inner shows the inner text, changed, as
// one that does not warn does, and that its warning is said once.
func TestShortcodeWarningKeepsInner(t *testing.T) {
	s := buildSite(t, advocacySite+`-- content/a.md --
---
title: A
---
{{% shout %}}
quiet words
{{% /shout %}}
-- layouts/_shortcodes/shout.html --
{{ warnf "shouting" }}{{ .Inner | upper }}
`)
	got := s.file("a/index.html")
	if !strings.Contains(got, "<p>QUIET WORDS</p>") || strings.ContainsAny(got, "\uE002\uE003") {
		t.Errorf("a/index.html lacks the inner text, changed:\n%s", got)
	}
	if n := strings.Count(s.messages(), "shouting"); n != 1 {
		t.Errorf("the warning is said %d times, want once:\n%s", n, s.messages())
	}
}

// TestShortcodeCannotShowContent checks that a shortcode that shows a
// page's content, which is being made, fails with a message saying so
// rather than racing the conversion.
func TestShortcodeCannotShowContent(t *testing.T) {
	s := buildSiteWithErrors(t, advocacySite+`-- content/a.md --
---
title: A
---
{{< summary >}}
-- layouts/_shortcodes/summary.html --
{{ (.Page.GetPage "about").Content }}
`)
	if want := `content/a.md:4:1: shortcode "summary" failed`; !strings.Contains(s.messages(), want) || !strings.Contains(s.messages(), "cannot show a page's .Content") {
		t.Errorf("messages:\n%s\nwant %q and why", s.messages(), want)
	}
}

// TestImages checks width and height on every local raster image, a
// srcset of smaller copies (never larger than the original, in its
// format, with fingerprinted names) for one wider than the column, lazy
// loading but for the first, EXIF orientation, SVG left alone, and the
// same bytes from a second build that reads the copies from the cache.
func TestImages(t *testing.T) {
	dir := writeSite(t, advocacySite+`-- content/pics.md --
---
title: Pictures
image: wide.png
imageAlt: A wide picture
---
![A small chart](small.png)

![A wide chart](wide.png)

{{< figure src="photo.jpg" alt="A photograph" caption="*Taken* here" credit="A. Person" >}}

![A drawing](drawing.svg)
-- content/drawing.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>
`)
	writeFile(t, dir, "content/small.png", pngFile(t, 300, 200))
	writeFile(t, dir, "content/wide.png", pngFile(t, 2000, 1000))
	writeFile(t, dir, "content/photo.jpg", rotatedJPEG(t, 1000, 600))
	cache := t.TempDir()
	b, res := buildDir(t, dir, cache)
	if res.Failed() {
		t.Fatal(diagText(res.Diagnostics))
	}
	page := string(b.Output()["pics/index.html"])
	for _, want := range []string{
		`<img src="/plan/small.png" alt="A small chart" width="300" height="200">`,
		`<img src="/plan/wide-1600w.`, `alt="A wide chart" width="2000" height="1000" srcset="/plan/wide-400w.`,
		`sizes="(min-width: 46rem) 42rem, calc(100vw - 2rem)" loading="lazy" decoding="async">`,
		// Turned a quarter by its EXIF orientation: 600 wide, 1000 high.
		`alt="A photograph" width="600" height="1000" loading="lazy" decoding="async">`,
		`<figcaption><em>Taken</em> here <span class="credit">Credit: A. Person</span></figcaption>`,
		`<img src="/plan/drawing.svg" alt="A drawing">`,
		`<meta property="og:image:width" content="2000">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("pics/index.html lacks %q:\n%s", want, page)
		}
	}
	copies := regexp.MustCompile(`wide-(\d+)w\.[0-9a-f]{10}\.png`).FindAllStringSubmatch(page, -1)
	widths := map[string]bool{}
	for _, c := range copies {
		widths[c[1]] = true
		img, format, err := image.DecodeConfig(bytes.NewReader(b.Output()[c[0]]))
		if err != nil || format != "png" || fmt.Sprint(img.Width) != c[1] {
			t.Errorf("%s: %v %s %d wide", c[0], err, format, img.Width)
		}
	}
	if fmt.Sprint(len(widths)) != "4" || widths["2000"] {
		t.Errorf("copies of the wide image: %v, want 400, 800, 1200 and 1600", widths)
	}
	again, _ := buildDir(t, dir, cache)
	compareOutputs(t, "a build from the cache", again.Output(), b.Output())
	// An entry changed on disk is made again, never published.
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		os.WriteFile(filepath.Join(cache, e.Name()), []byte("corrupt"), 0o644)
	}
	third, _ := buildDir(t, dir, cache)
	compareOutputs(t, "a build from a spoilt cache", third.Output(), b.Output())
}

// TestShortcodeRunAgainSizesOnce checks that a {{% %}} shortcode whose
// template is run a second time, with its inner text, shows the page's
// first image without lazy loading, as a shortcode run once does, and
// warns of its alt text once.
func TestShortcodeRunAgainSizesOnce(t *testing.T) {
	dir := writeSite(t, advocacySite+`-- content/pic.md --
---
title: Pic
---
{{% framed src="photo.png" alt="photo.png" %}}
loud words
{{% /framed %}}
-- layouts/_shortcodes/framed.html --
{{/* plansite:shortcode
inner = "markdown"
[args.src]
kind = "image"
[args.alt]
*/}}{{ with .Image "src" }}<img src="{{ .RelPermalink }}"{{ if .Lazy }} loading="lazy"{{ end }}>{{ end }}
{{ .Inner | upper }}
`)
	writeFile(t, dir, "content/photo.png", pngFile(t, 300, 200))
	b, res := buildDir(t, dir, t.TempDir())
	page := string(b.Output()["pic/index.html"])
	if !strings.Contains(page, `<img src="/plan/photo.png">`) || !strings.Contains(page, "LOUD WORDS") {
		t.Errorf("pic/index.html lacks the first image, not lazy, and the inner text:\n%s", page)
	}
	if n := strings.Count(diagText(res.Diagnostics), `alt text "photo.png"`); n != 1 {
		t.Errorf("the alt text is warned of %d times, want once:\n%s", n, diagText(res.Diagnostics))
	}
}

// TestRebuildSeesChangedImage checks that a rebuild after an image
// changed sizes it again, for the page that shows it and for the share
// image of the page whose front matter names it, as a full build does:
// the builder keeps what it made of each file while the file stays as it
// was.
func TestRebuildSeesChangedImage(t *testing.T) {
	dir := writeSite(t, advocacySite+`-- content/pics.md --
---
title: Pictures
image: wide.png
---
![A wide chart](wide.png)
`)
	writeFile(t, dir, "content/wide.png", pngFile(t, 2000, 1000))
	cache := t.TempDir()
	b := New(Options{Src: dir, InMemory: true, Incremental: true, ImageCache: cache})
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{1000, 500}, {600, 300}, {2000, 1000}} {
		writeFile(t, dir, "content/wide.png", pngFile(t, size[0], size[1]))
		res, err := b.Rebuild(context.Background(), []string{"content/wide.png"})
		if err != nil || res.Failed() {
			t.Fatal(err, res.Diagnostics)
		}
		page := string(b.Output()["pics/index.html"])
		for _, want := range []string{
			fmt.Sprintf(`alt="A wide chart" width="%d" height="%d"`, size[0], size[1]),
			fmt.Sprintf(`<meta property="og:image:width" content="%d">`, size[0]),
		} {
			if !strings.Contains(page, want) {
				t.Errorf("after wide.png became %d×%d, pics/index.html lacks %q:\n%s", size[0], size[1], want, page)
			}
		}
		full, _ := buildDir(t, dir, cache)
		compareOutputs(t, fmt.Sprintf("wide.png of %d×%d", size[0], size[1]), b.Output(), full.Output())
	}
}

// TestShareImageMakesNoCopies checks that a page whose front matter names
// an image wider than the column, which no page shows, gives its size to
// the head without the copies made for pages that show it.
func TestShareImageMakesNoCopies(t *testing.T) {
	dir := writeSite(t, advocacySite+"-- content/pics.md --\n---\ntitle: Pictures\nimage: wide.png\n---\nText.\n")
	writeFile(t, dir, "content/wide.png", pngFile(t, 2000, 1000))
	cache := t.TempDir()
	b, res := buildDir(t, dir, cache)
	if res.Failed() {
		t.Fatal(diagText(res.Diagnostics))
	}
	page := string(b.Output()["pics/index.html"])
	for _, want := range []string{`<meta property="og:image:width" content="2000">`, `<meta property="og:image:height" content="1000">`, `<meta property="og:image:type" content="image/png">`} {
		if !strings.Contains(page, want) {
			t.Errorf("pics/index.html lacks %q:\n%s", want, page)
		}
	}
	entries, _ := os.ReadDir(cache)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "card-") { // the other pages' share cards
			t.Errorf("the build made a copy of an image only the head names: %s", e.Name())
		}
	}
}

// rotatedJPEG is a JPEG of w×h pixels whose EXIF orientation (6) turns it
// a quarter clockwise.
func rotatedJPEG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := append([]byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	data := b.Bytes()
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// TestBadImages checks that an image plansite cannot use is an error at the
// line that shows it, soon and in little memory: corrupt, cut short, of 40
// megapixels, a PNG bomb (huge dimensions in a small file), or outside
// the site; and that check warns of an image too heavy and of alt text
// that is a file's name.
func TestBadImages(t *testing.T) {
	dir := writeSite(t, advocacySite+`-- content/bad.md --
---
title: Bad
---
![Corrupt](corrupt.png)
![Cut short](truncated.png)
![Huge](huge.png)
![Bomb](bomb.png)
![Outside](../../../etc/passwd.png)
![IMG_2041.jpg](heavy.png)
{{< figure src="bomb.png" alt="x" >}}
-- content/corrupt.png --
not an image at all
`)
	full := pngFile(t, 50, 50)
	writeFile(t, dir, "content/truncated.png", full[:len(full)/2])
	writeFile(t, dir, "content/huge.png", pngHeader(8000, 5000))
	writeFile(t, dir, "content/bomb.png", pngHeader(100000, 100000))
	writeFile(t, dir, "content/heavy.png", noisyPNG(t, 700, 500))
	_, res := buildDir(t, dir, t.TempDir())
	msgs := diagText(res.Diagnostics)
	for _, want := range []string{
		`content/bad.md:4:1: image "corrupt.png": content/corrupt.png: the file is not a PNG, JPEG, GIF or WebP image`,
		`content/bad.md:5:1: image "truncated.png": content/truncated.png: the image is cut short`,
		`content/bad.md:6:1: image "huge.png": content/huge.png: the image is 8000×5000 pixels (40.0 megapixels), more than the 25 megapixels`,
		`content/bad.md:7:1: image "bomb.png": content/bomb.png: the image is 100000×100000 pixels`,
		`content/bad.md:8:1: image "../../../etc/passwd.png": there is no image at /etc/passwd.png`,
		`content/bad.md:9:1: warning: image "heavy.png": its alt text "IMG_2041.jpg" is a file's name`,
		`content/bad.md:9:1: warning: image heavy.png is`,
		`content/bad.md:10:12: src "bomb.png": the image is 100000×100000 pixels`,
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("no message with %q in:\n%s", want, msgs)
		}
	}
}

// pngHeader is the start of a PNG that says it is w×h: enough for its
// dimensions to be read, and nothing behind them.
func pngHeader(w, h int) []byte {
	full := pngFileBytes(1, 1)
	out := append([]byte{}, full...)
	// IHDR's width and height follow the signature and the chunk's header.
	put := func(at, v int) {
		out[at], out[at+1], out[at+2], out[at+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(16, w)
	put(20, h)
	put(29, int(crc32.ChecksumIEEE(out[12:29])))
	return out
}

func pngFileBytes(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h)))
	return b.Bytes()
}

// noisyPNG is a PNG that compresses badly: over 500 KB at 700×500.
func noisyPNG(t testing.TB, w, h int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = byte(seed >> 24)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestRedirects checks _redirects: the site's own lines first, then a 301
// for each alias under the base path, the alias pages kept; and an error
// for a line of the site's whose target is not a page.
func TestRedirects(t *testing.T) {
	s := buildSiteWithErrors(t, advocacySite+`-- content/new.md --
---
title: New
aliases: [/old/, older]
---
-- content/_redirects --
/plan/news/ /plan/about/ 301
/plan/gone/ /plan/abot/ 301
/plan/away https://example.com/ 302
/plan/docs/* /plan/about/:splat 301
/plan/abot/old/ /plan/abot/ 301
`)
	// The column is the target's, even where the source has the same text.
	want := `content/_redirects:2:13: the redirect's target /plan/abot/ is not a page of the site (did you mean /plan/about/?)
content/_redirects:5:17: the redirect's target /plan/abot/ is not a page of the site (did you mean /plan/about/?)`
	if got := s.messages(); got != want+"\n" {
		t.Errorf("messages:\n%s\nwant:\n%s", got, want)
	}
	s = buildSite(t, advocacySite+`-- content/new.md --
---
title: New
aliases: [/old/, older]
---
-- content/_redirects --
/plan/news/ /plan/about/ 301
`)
	wantFile := "/plan/news/ /plan/about/ 301\n\n# Written by plansite: the pages' old addresses (aliases).\n/plan/old/ /plan/new/ 301\n/plan/older/ /plan/new/ 301\n"
	if got := s.file("_redirects"); got != wantFile {
		t.Errorf("_redirects = %q, want %q", got, wantFile)
	}
	if !s.has("old/index.html") || !s.has("older/index.html") {
		t.Error("the alias pages are gone")
	}
}

// TestBadInputIsBounded builds a site of every input meant to exhaust a
// build (a PNG bomb, a 40-megapixel image, an image cut short, a shortcode
// nested in itself 40 deep, one whose template calls itself forever, a 10
// MB argument) and checks that each is an error at its file and line, and
// that the build allocates a bounded amount of memory in all: decoding
// the bomb alone would take 40 GB, the 40-megapixel image 160 MB.
func TestBadInputIsBounded(t *testing.T) {
	nested := strings.Repeat("{{< box >}}", 40) + "x" + strings.Repeat("{{< /box >}}", 40)
	dir := writeSite(t, advocacySite+`-- content/bad.md --
---
title: Bad
---
![Bomb](bomb.png)
![Huge](huge.png)
![Cut short](truncated.png)
`+nested+`
-- content/forever.md --
---
title: Forever
---
{{< forever >}}
-- content/big.md --
---
title: Big
---
{{< box v="`+strings.Repeat("y", 10<<20)+`" />}}
-- layouts/_shortcodes/box.html --
<div>{{ .Inner }}</div>
-- layouts/_shortcodes/forever.html --
{{ partial "again.html" . }}
-- layouts/_partials/again.html --
{{ partial "again.html" . }}
`)
	writeFile(t, dir, "content/bomb.png", pngHeader(100000, 100000))
	writeFile(t, dir, "content/huge.png", pngHeader(8000, 5000))
	full := pngFile(t, 50, 50)
	writeFile(t, dir, "content/truncated.png", full[:len(full)-20])
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, res := buildDir(t, dir, t.TempDir())
	runtime.ReadMemStats(&after)
	msgs := diagText(res.Diagnostics)
	if strings.Contains(msgs, "never closed") {
		t.Errorf("calls the page was not read past are said to be never closed:\n%s", msgs)
	}
	for _, want := range []string{
		`content/bad.md:4:1: image "bomb.png": content/bomb.png: the image is 100000×100000 pixels`,
		`content/bad.md:5:1: image "huge.png": content/huge.png: the image is 8000×5000 pixels (40.0 megapixels)`,
		`content/bad.md:6:1: image "truncated.png": content/truncated.png: the image is cut short`,
		`content/bad.md:7:`, `nested more than 32 deep`,
		`content/forever.md:4:1: shortcode "forever" failed`,
		`content/big.md:4:11: this argument is 10.0 MB long; a shortcode's argument may be at most 64 KiB`,
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("no message with %q in:\n%s", want, msgs)
		}
	}
	const limit = 256 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("the build allocated %d MB, more than %d MB", got>>20, limit>>20)
	} else {
		t.Logf("the build allocated %d MB", got>>20)
	}
}
