package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/frontmatter"
)

// newTranslation writes a page's translation into a language of the site
// (plansite new --lang cy objectives skills): the same file with the
// language before its extension (skills.cy.md), starting from the
// original's front matter, which references and content types need the
// same, as a draft with no text. Its title and text are for a translator
// to write: nothing is translated here. An existing file is never
// overwritten.
func (a *App) newTranslation(src, lang, section, name string) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(a.Stderr, "plansite new: "+format+"\n", args...)
		return ExitSite
	}
	cfg, err := config.Load(src)
	if err != nil {
		return fail("%v", err)
	}
	l := cfg.LanguageOf(lang)
	switch {
	case !cfg.DeclaresLanguages:
		return fail("the site declares no languages: add [languages.%s] (and one for the default language) to %s", lang, folders.Config)
	case l == nil:
		var keys []string
		for _, l := range cfg.Languages {
			keys = append(keys, l.Lang)
		}
		return fail("the site has no language %q%s; its languages are: %s", lang, diag.Hint(lang, keys), strings.Join(keys, ", "))
	case l.IsDefault():
		return fail("%s is the default language, which the originals are in: name another language", lang)
	}
	if !filepath.IsLocal(filepath.FromSlash(path.Join(strings.Trim(section, "/"), name))) || strings.Contains(name, "/") {
		fmt.Fprintf(a.Stderr, "plansite new: %q in %q is not a page name\n", name, section)
		return ExitUsage
	}
	dir := path.Join(folders.Content, strings.Trim(section, "/"))
	name = strings.TrimSuffix(name, ".md")
	orig, twin := path.Join(dir, name+".md"), path.Join(dir, name+"."+lang+".md")
	raw, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(orig)))
	if errors.Is(err, iofs.ErrNotExist) {
		// A bundle: objectives/skills/index.md.
		bundle := path.Join(dir, name, "index.md")
		if raw, err = os.ReadFile(filepath.Join(src, filepath.FromSlash(bundle))); err == nil {
			orig, twin = bundle, path.Join(dir, name, "index."+lang+".md")
		} else if errors.Is(err, iofs.ErrNotExist) {
			return fail("there is no %s to translate%s", orig, diag.Hint(name, originals(src, dir, cfg)))
		}
	}
	if err != nil {
		return fail("%v", err)
	}
	blk, _, bodyOff, err := frontmatter.Split(raw)
	if err != nil || blk == nil {
		return fail("%s: its front matter cannot be read, so there is nothing to start the translation from", orig)
	}
	page, err := asDraft(raw[:bodyOff], blk)
	if err != nil {
		return fail("%s: its front matter cannot be read (%v), so there is nothing to start the translation from", orig, err)
	}
	if err := createNew(filepath.Join(src, filepath.FromSlash(twin)), page); err != nil {
		if errors.Is(err, iofs.ErrExist) {
			return fail("%s already exists; it was left as it was", twin)
		}
		return fail("%v", err)
	}
	fmt.Fprintf(a.Stdout, "created %s from %s's front matter, as a draft: translate its title, fields and text into %s, then take out draft\n", twin, orig, l.EnglishName())
	return ExitOK
}

// asDraft is the front matter (head, the file up to its body) with draft
// set, so that the new translation, in the original's words until a
// translator writes its own, is not published. In YAML and TOML the
// page's own draft key, as the build reads it (any case, not one inside
// params), becomes draft: true; without one, that line goes after the
// opening one. JSON is left as it is.
func asDraft(head []byte, blk *frontmatter.Block) ([]byte, error) {
	var line string
	switch blk.Format {
	case "yaml":
		line = "draft: true"
	case "toml":
		line = "draft = true"
	}
	lines := strings.SplitAfter(string(head), "\n")
	if line != "" {
		root, _, err := frontmatter.Parse(blk)
		if err != nil {
			return nil, err
		}
		if n, ok := root.Get("draft"); ok {
			lines[n.KeyPos.Line-1] = line + "\n"
		} else if len(lines) > 1 {
			lines = slices.Insert(lines, 1, line+"\n")
		}
	}
	out := strings.Join(lines, "")
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return []byte(out), nil
}

// createNew writes a new file, never one that exists: its error is then
// iofs.ErrExist.
func createNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// originals are the names of the pages in a folder of content/ that are
// in the default language, for a hint.
func originals(src, dir string, cfg *config.Config) []string {
	entries, err := os.ReadDir(filepath.Join(src, filepath.FromSlash(dir)))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := strings.TrimSuffix(e.Name(), ".md")
		if n == e.Name() || strings.HasPrefix(n, "_index") {
			if e.IsDir() {
				out = append(out, e.Name())
			}
			continue
		}
		if _, lang := content.SplitLang(e.Name(), cfg); lang == cfg.DefaultLanguage().Lang {
			out = append(out, n)
		}
	}
	return out
}
