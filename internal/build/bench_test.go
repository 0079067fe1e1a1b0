package build

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"plansite/internal/output"
	"plansite/internal/parallel"
	"plansite/internal/render"
	"strings"
	"testing"
)

// benchSite is the site the benchmarks build: PLANSITE_BENCH_SITE, or a
// generated one of 1000 pages.
func benchSite(b *testing.B) string {
	if s := os.Getenv("PLANSITE_BENCH_SITE"); s != "" {
		return s
	}
	archive := minimalConfig + plainLayouts
	para := strings.Repeat("Libraries change lives with reading, digital skills and culture. ", 12)
	for i := 0; i < 1000; i++ {
		archive += fmt.Sprintf("-- content/section-%02d/page-%05d.md --\n---\ntitle: Page %d\ndate: 2019-04-01\nweight: %d\n---\n\n## Part one\n\n%s\n\n## Part two\n\n%s\n", i%10, i, i, i+1, para, para)
	}
	return writeSite(b, archive)
}

// BenchmarkBuild is a full build, in memory and to disk.
func BenchmarkBuild(b *testing.B) {
	site := benchSite(b)
	for _, mem := range []bool{true, false} {
		b.Run(fmt.Sprintf("inMemory=%v", mem), func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "out")
			for i := 0; i < b.N; i++ {
				bl := New(Options{Src: site, Dest: dest, InMemory: mem})
				res, err := bl.Build(context.Background())
				if err != nil || res.Failed() {
					b.Fatal(err, res.Diagnostics)
				}
				bl.Close() // the next build takes DEST
			}
		})
	}
}

// BenchmarkRebuildOnePage is the preview's rebuild after a writer edits one
// page's text.
func BenchmarkRebuildOnePage(b *testing.B) {
	site := benchSite(b)
	pages, _ := filepath.Glob(filepath.Join(site, "content", "*", "*.md"))
	target := pages[len(pages)/2]
	if strings.HasSuffix(target, "_index.md") {
		target = pages[len(pages)/2+1]
	}
	original, err := os.ReadFile(target)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(target, original, 0o644) })
	rel, _ := filepath.Rel(site, target)
	bl := New(Options{Src: site, InMemory: true, Server: true, Incremental: true})
	if _, err := bl.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		edited := strings.Replace(string(original), "\n---\n", fmt.Sprintf("\n---\n\nEdit %d.\n", i), 1)
		if err := os.WriteFile(target, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := bl.Rebuild(context.Background(), []string{filepath.ToSlash(rel)})
		if err != nil || res.Failed() {
			b.Fatal(err, res.Diagnostics)
		}
	}
}

// BenchmarkStages times each stage of a full build on its own, so that a
// regression shows where it is: load (read and parse front matter),
// markdown (goldmark), render (templates) and write (the output folder).
func BenchmarkStages(b *testing.B) {
	site := benchSite(b)
	ctx := context.Background()
	bl := New(Options{Src: site, InMemory: true})
	if res, err := bl.Build(ctx); err != nil || res.Failed() {
		b.Fatal(err, res.Diagnostics)
	}
	paths := make([]string, 0, len(bl.src.pages))
	for p := range bl.src.pages {
		paths = append(paths, p)
	}
	b.Run("load", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			err := parallel.Do(ctx, bl.opts.Workers, len(paths), func(j int) error {
				_, err := bl.src.load(paths[j])
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("markdown", func(b *testing.B) {
		bodies := make([][]byte, len(paths))
		for j, p := range paths {
			st, err := bl.src.load(p)
			if err != nil {
				b.Fatal(err)
			}
			bodies[j] = st.src.Body
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			err := parallel.Do(ctx, bl.opts.Workers, len(bodies), func(j int) error {
				_, err := bl.in.md.Convert(bodies[j], nil)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("render", func(b *testing.B) {
		r := render.New(bl.in.tpls, bl.site)
		for i := 0; i < b.N; i++ {
			err := parallel.Each(ctx, bl.opts.Workers, len(bl.site.All), func(w, j int) error {
				var buf bytes.Buffer
				_, err := r.RenderTo(ctx, w, &buf, bl.site.All[j], render.NewLayoutDeps())
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write", func(b *testing.B) {
		out := bl.Output()
		names := make([]string, 0, len(out))
		for n := range out {
			names = append(names, n)
		}
		for i := 0; i < b.N; i++ {
			dest := filepath.Join(b.TempDir(), "out")
			st := output.New(output.Options{Src: site, Dest: dest, Workers: bl.opts.Workers})
			if err := st.Stage(true); err != nil {
				b.Fatal(err)
			}
			// As a build writes: from as many workers as it renders with.
			err := parallel.Do(ctx, bl.opts.Workers, len(names), func(j int) error {
				return st.Put(names[j], out[names[j]], false)
			})
			if err != nil {
				b.Fatal(err)
			}
			if err := st.Publish(); err != nil {
				b.Fatal(err)
			}
			st.Close()
		}
	})
}

// BenchmarkImages builds a site of 200 pages on the default theme, each
// with a front matter image (the share image its head shows) and a
// Markdown image wider than the column, and a photograph of some weight:
// every page sizes the same images. The copies come from a cache folder after the first build.
func BenchmarkImages(b *testing.B) {
	archive := advocacySite
	for i := 0; i < 200; i++ {
		archive += fmt.Sprintf("-- content/notes/n%03d.md --\n---\ntitle: Note %d\nimage: /notes/wide.png\nimageAlt: A chart\n---\nText %d.\n\n![A chart](wide.png)\n\n![A photo](photo.jpg)\n", i, i, i)
	}
	site := writeSite(b, archive)
	writeFile(b, site, "content/notes/wide.png", pngFile(b, 2000, 1000))
	writeFile(b, site, "content/notes/photo.jpg", noisyJPEG(b, 1600, 1200))
	cache := b.TempDir()
	if _, err := New(Options{Src: site, InMemory: true, ImageCache: cache}).Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			bl := New(Options{Src: site, InMemory: true, ImageCache: cache})
			if res, err := bl.Build(context.Background()); err != nil || res.Failed() {
				b.Fatal(err, res.Diagnostics)
			}
		}
	})
	b.Run("rebuild", func(b *testing.B) {
		target := filepath.Join(site, "content", "notes", "n100.md")
		original, err := os.ReadFile(target)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.WriteFile(target, original, 0o644) })
		bl := New(Options{Src: site, InMemory: true, Server: true, Incremental: true, ImageCache: cache})
		if _, err := bl.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			edited := strings.Replace(string(original), "Text", fmt.Sprintf("Edit %d.", i), 1)
			if err := os.WriteFile(target, []byte(edited), 0o644); err != nil {
				b.Fatal(err)
			}
			if res, err := bl.Rebuild(context.Background(), []string{"content/notes/n100.md"}); err != nil || res.Failed() {
				b.Fatal(err, res.Diagnostics)
			}
		}
	})
}

// noisyJPEG is a JPEG of w×h pixels of noise, which weighs what a
// photograph does.
func noisyJPEG(tb testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.Uint32())
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
