//go:build unix

package content

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tree makes files (name → text) and symbolic links (name → "-> target")
// below root.
func tree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(text, "-> "); ok {
			err = os.Symlink(filepath.FromSlash(target), p)
		} else {
			err = os.WriteFile(p, []byte(text), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestFilesLinks checks which symbolic links of content/ are listed: those
// to files inside the site folder, however they get there, and no other,
// each left out with a warning that names it.
func TestFilesLinks(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	tree(t, root, map[string]string{
		"outside/secret.txt": "secret",
		"outside/notes.md":   "---\ntitle: Private\n---\n",
		"outside/back.txt":   "-> ../site/content/real.txt",

		"site/site.toml":          "",
		"site/assets/logo.png":    "png",
		"site/content/real.md":    "---\ntitle: Real\n---\n",
		"site/content/real.txt":   "text",
		"site/content/alias.md":   "-> real.md",
		"site/content/logo.png":   "-> ../assets/logo.png",
		"site/content/via.txt":    "-> ../../outside/back.txt", // out and back in
		"site/content/secret.txt": "-> " + filepath.Join(root, "outside/secret.txt"),
		"site/content/secret.md":  "-> ../../outside/notes.md",
		"site/content/away":       "-> ../../outside",
		"site/content/sub/up":     "-> ..",
		"site/content/sub/self":   "-> self",
		"site/content/gone.png":   "-> nothing.png",
	})
	pages, others, skipped, err := Files(site)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(pages, " "), "alias.md real.md"; got != want {
		t.Errorf("pages: %s, want %s", got, want)
	}
	if got, want := strings.Join(others, " "), "logo.png real.txt via.txt"; got != want {
		t.Errorf("other files: %s, want %s", got, want)
	}
	var got []string
	for _, d := range skipped {
		got = append(got, d.Error())
	}
	want := []string{
		"content/away: warning: a link to a folder outside the site folder; it is not published",
		"content/gone.png: warning: a link that leads nowhere (its target is missing, or the link loops); it is not published",
		"content/secret.md: warning: a link to a file outside the site folder; it is not published",
		"content/secret.txt: warning: a link to a file outside the site folder; it is not published",
		"content/sub/self: warning: a link that leads nowhere (its target is missing, or the link loops); it is not published",
		"content/sub/up: warning: a link to a folder, and plansite does not follow those: move the folder into content/ instead; it is not published",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	for rel, want := range map[string]string{
		"alias.md": "", "real.md": "", "via.txt": "", "secret.txt": "a link to a file outside the site folder", "sub/self": "a link that leads nowhere (its target is missing, or the link loops)",
	} {
		if got := Skip(site, rel); got != want {
			t.Errorf("Skip(%s) = %q, want %q", rel, got, want)
		}
	}
}

// TestFilesThroughLinkedFolders checks that a site reached through a
// symbolic link, or whose content/ is one, is listed in full: the bounds
// are where the folders really are.
func TestFilesThroughLinkedFolders(t *testing.T) {
	root := t.TempDir()
	tree(t, root, map[string]string{
		"real/site/site.toml":      "",
		"real/site/content/a.md":   "",
		"real/site/content/b.md":   "-> a.md",
		"real/site/content/up.txt": "-> ../site.toml",
		"link":                     "-> real/site",
		"other/site.toml":          "",
		"other/content":            "-> ../shared",
		"shared/c.md":              "",
		"shared/d.md":              "-> c.md",
	})
	for _, tt := range []struct{ dir, pages, others string }{
		{filepath.Join(root, "link"), "a.md b.md", "up.txt"},
		{filepath.Join(root, "other"), "c.md d.md", ""},
	} {
		pages, others, skipped, err := Files(tt.dir)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(pages, " ") != tt.pages || strings.Join(others, " ") != tt.others || len(skipped) > 0 {
			t.Errorf("%s: pages %q, others %q, skipped %v", tt.dir, pages, others, skipped)
		}
	}
}

// TestFilesSkipsPipes checks that a named pipe in content/, which a build
// would wait on for ever, is left out with a warning.
func TestFilesSkipsPipes(t *testing.T) {
	site := t.TempDir()
	tree(t, site, map[string]string{"content/a.md": "", "content/link": "-> pipe"})
	if err := syscall.Mkfifo(filepath.Join(site, "content", "pipe"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	pages, others, skipped, err := Files(site)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(others) != 0 || len(skipped) != 2 {
		t.Fatalf("pages %q, others %q, skipped %v", pages, others, skipped)
	}
	if got, want := skipped[0].Error(), "content/link: warning: a link to something that is not a regular file (a pipe, socket or device); it is not published"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if got, want := skipped[1].Error(), "content/pipe: warning: not a regular file (a pipe, socket or device); it is not published"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	for rel, want := range map[string]string{
		"a.md": "", "pipe": "not a regular file (a pipe, socket or device)", "link": "a link to something that is not a regular file (a pipe, socket or device)", "gone.md": "",
	} {
		if got := Skip(site, rel); got != want {
			t.Errorf("Skip(%s) = %q, want %q", rel, got, want)
		}
	}
}
