package cli

import (
	"bytes"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"plansite/internal/config"
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
	if section == "." || section == "/" {
		dir = folders.Content
	}
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
	page := asDraft(raw[:bodyOff], blk.Format)
	f, err := os.OpenFile(filepath.Join(src, filepath.FromSlash(twin)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, iofs.ErrExist) {
			return fail("%s already exists; it was left as it was", twin)
		}
		return fail("%v", err)
	}
	_, werr := f.Write(page)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fail("%v", werr)
	}
	fmt.Fprintf(a.Stdout, "created %s from %s's front matter, as a draft: translate its title, fields and text into %s, then take out draft\n", twin, orig, l.EnglishName())
	return ExitOK
}

// asDraft is a front matter block with draft set, so that the new
// translation, in the original's words until a translator writes its own,
// is not published: YAML and TOML get a line after their opening one,
// unless they set draft already; JSON is left as it is.
func asDraft(block []byte, format string) []byte {
	var line string
	switch format {
	case "yaml":
		line = "draft: true\n"
	case "toml":
		line = "draft = true\n"
	}
	out := bytes.Clone(block)
	for _, l := range strings.Split(string(block), "\n") {
		if strings.HasPrefix(l, "draft:") || strings.HasPrefix(l, "draft ") || strings.HasPrefix(l, "draft=") {
			line = ""
		}
	}
	if line != "" {
		if i := bytes.IndexByte(out, '\n'); i >= 0 {
			out = append(out[:i+1:i+1], append([]byte(line), out[i+1:]...)...)
		}
	}
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out
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
		if ext := path.Ext(n); ext == "" || cfg.LanguageOf(ext[1:]) == nil {
			out = append(out, n)
		}
	}
	return out
}
