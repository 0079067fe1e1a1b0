package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/theme"
)

// newPage writes a new page for a section, from the section's archetype
// (layouts/_archetypes/SECTION.md) or, without one, from its content type.
func (a *App) newPage(args []string) int {
	fs := a.flags("new", `SECTION "Title" [-s SRC] [--force]  or  plansite new SECTION NAME --lang LANG [-s SRC]`)
	src := fs.String("s", ".", "the site `folder`")
	fs.StringVar(src, "source", ".", "the site `folder` (same as -s)")
	force := fs.Bool("force", false, "start a new section: make the page in a section the site does not have yet")
	lang := fs.String("lang", "", "write the translation into `LANG` of the page NAME of SECTION (. for content/ itself), from its front matter")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 2 {
		fs.Usage()
		return ExitUsage
	}
	if *lang != "" {
		return a.newTranslation(*src, *lang, pos[0], pos[1])
	}
	section, title := strings.Trim(pos[0], "/"), strings.TrimSpace(pos[1])
	if section == "" || strings.Contains(section, "..") || !filepath.IsLocal(filepath.FromSlash(section)) {
		fmt.Fprintf(a.Stderr, "plansite new: %q is not a section name\n", pos[0])
		return ExitUsage
	}
	slug := content.Slug(title)
	if slug == "" {
		fmt.Fprintf(a.Stderr, "plansite new: the title %q has no letters or digits to make a file name from\n", title)
		return ExitUsage
	}
	cfg, err := config.Load(*src)
	if err != nil {
		fmt.Fprintf(a.Stderr, "plansite new: %v\n", err)
		return ExitSite
	}
	th := theme.New(*src)
	if !*force {
		// A slip of a letter ("quote" for "quotes") would otherwise start
		// a section of its own, whose page no type checks or layout lists.
		if ok, sections := hasSection(*src, cfg, th, section); !ok {
			fmt.Fprintf(a.Stderr, "plansite new: no section %q%s\n", section, noSectionHint(section, sections))
			return ExitSite
		}
	}
	data := content.ArchetypeData{Title: title, Name: slug, Section: section, Date: time.Now().Format("2006-01-02")}
	var page []byte
	if tmpl, err := th.ReadFile(archetypes + "/" + section + ".md"); err == nil {
		if page, err = content.FromArchetype(tmpl, data); err != nil {
			fmt.Fprintf(a.Stderr, "plansite new: %s: %v\n", th.Where(archetypes+"/"+section+".md"), err)
			return ExitSite
		}
	} else {
		page = content.FromType(cfg.Types[section], data, pageNames(*src, cfg))
	}

	rel := filepath.Join(folders.Content, filepath.FromSlash(section), slug+".md")
	full := filepath.Join(*src, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintf(a.Stderr, "plansite new: %v\n", err)
		return ExitSite
	}
	if err := createNew(full, page); err != nil {
		if errors.Is(err, iofs.ErrExist) {
			fmt.Fprintf(a.Stderr, "plansite new: %s already exists; it was left as it was (choose another title, or edit it)\n", filepath.ToSlash(rel))
		} else {
			fmt.Fprintf(a.Stderr, "plansite new: %v\n", err)
		}
		return ExitSite
	}
	fmt.Fprintf(a.Stdout, "created %s\n", filepath.ToSlash(rel))
	return ExitOK
}

// hasSection reports whether the site has a section: a folder of content/,
// a content type in site.toml or an archetype (the site's or the built-in
// theme's). Without it, it lists the sections there are, for the message.
func hasSection(src string, cfg *config.Config, th *theme.FS, section string) (bool, []string) {
	if fi, err := os.Stat(filepath.Join(src, folders.Content, filepath.FromSlash(section))); err == nil && fi.IsDir() {
		return true, nil
	}
	if cfg.Types[section] != nil || th.Exists(archetypes+"/"+section+".md") {
		return true, nil
	}
	seen := map[string]bool{}
	for name := range cfg.Types {
		seen[name] = true
	}
	if entries, err := os.ReadDir(filepath.Join(src, folders.Content)); err == nil {
		for _, e := range entries {
			if e.IsDir() && !folders.Ignored(e.Name()) {
				seen[e.Name()] = true
			}
		}
	}
	if files, err := th.Files(archetypes); err == nil {
		for _, f := range files {
			if name, ok := strings.CutSuffix(path.Base(f), ".md"); ok {
				seen[name] = true
			}
		}
	}
	sections := make([]string, 0, len(seen))
	for name := range seen {
		sections = append(sections, name)
	}
	sort.Strings(sections)
	return false, sections
}

// archetypes is the theme's folder of archetypes, one per section.
const archetypes = folders.Layouts + "/_archetypes"

// noSectionHint says which section was meant, or which there are, and how
// to start a new one.
func noSectionHint(section string, sections []string) string {
	hint := diag.Hint(section, sections)
	if hint == "" && len(sections) > 0 {
		hint = "; the sections are: " + strings.Join(sections, ", ")
	}
	return hint + "; to start a new section, add --force"
}

// pageNames lists each section's page names, to show the choices for
// references in a new page's comments.
func pageNames(src string, cfg *config.Config) map[string][]string {
	pages, _, _, err := content.Files(src)
	if err != nil {
		return nil
	}
	out := map[string][]string{}
	for _, p := range pages {
		if _, lang := content.SplitLang(p, cfg); lang != cfg.DefaultLanguage().Lang {
			continue // a translation: references name its original
		}
		dir, base := filepath.Split(filepath.FromSlash(p))
		if dir == "" || strings.HasPrefix(base, "_index") {
			continue
		}
		section := strings.SplitN(p, "/", 2)[0]
		out[section] = append(out[section], content.PageName(p))
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}
