package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plansite/internal/diag"
)

// TestOverlay checks what the overlay and the warnings panel say of each
// diagnostic: its place, its message with the page being rendered, and,
// for a file of the site, the lines around it with the column marked.
func TestOverlay(t *testing.T) {
	src := t.TempDir()
	page := "---\ntitle: T\nweight: heavy\n---\nBody.\n"
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content/p.md"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	layout := diag.Errorf("layouts/page.html", 4, 2, "no such function")
	layout.Origin, layout.Page, layout.Others = diag.BuiltIn, "content/p.md", 2
	ds := []diag.Diagnostic{
		diag.Errorf("content/p.md", 3, 9, "weight must be a whole number"),
		layout,
		diag.Warnf("content/p.md", 5, 1, "image has no alt text"),
	}
	got := string(Overlay(src, ds, true))
	for _, want := range []string{
		"The site has 2 errors", "The preview shows the last good build.",
		`<p class="plansite-where">content/p.md:3:9</p>`, "<p>weight must be a whole number</p>",
		`<span class="plansite-line plansite-at"><span class="plansite-no">3</span><span>weight: <mark>h</mark>eavy</span></span>`,
		`<span class="plansite-line"><span class="plansite-no">5</span><span>Body.</span></span>`,
		`<p class="plansite-where">layouts/page.html (built-in theme):4:2</p>`,
		"<p>no such function (rendering content/p.md and 2 more pages)</p>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the overlay lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "alt text") || strings.Count(got, "<pre>") != 1 {
		t.Errorf("the overlay shows a warning, or the built-in theme's source:\n%s", got)
	}
	panel := string(Warnings(ds))
	for _, want := range []string{"1 warning", `<span class="plansite-where">content/p.md:5:1</span> image has no alt text`} {
		if !strings.Contains(panel, want) {
			t.Errorf("the warnings panel lacks %s:\n%s", want, panel)
		}
	}
	if Warnings(ds[:2]) != nil || Overlay(src, ds[2:], true) != nil {
		t.Error("a panel with nothing to say")
	}
}
