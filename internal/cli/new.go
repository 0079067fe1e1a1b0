package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/theme"
)

// newPage writes a new page for a section, from the section's archetype
// (layouts/_archetypes/SECTION.md) or, without one, from its content type.
func (a *App) newPage(args []string) int {
	fs := a.flags("new", `SECTION "Title" [-s SRC]`)
	src := fs.String("s", ".", "the site `folder`")
	fs.StringVar(src, "source", ".", "the site `folder` (same as -s)")
	pos, err := parse(fs, args)
	if err != nil {
		return usageStatus(err)
	}
	if len(pos) != 2 {
		fs.Usage()
		return ExitUsage
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
	data := content.ArchetypeData{Title: title, Name: slug, Section: section, Date: time.Now().Format("2006-01-02")}
	th := theme.New(*src)
	var page []byte
	if tmpl, err := th.ReadFile("layouts/_archetypes/" + section + ".md"); err == nil {
		if page, err = content.FromArchetype(tmpl, data); err != nil {
			fmt.Fprintf(a.Stderr, "plansite new: %s: %v\n", th.Origin("layouts/_archetypes/"+section+".md"), err)
			return ExitSite
		}
	} else {
		page = content.FromType(cfg.Types[section], data, pageNames(*src))
	}

	rel := filepath.Join(content.Dir, filepath.FromSlash(section), slug+".md")
	full := filepath.Join(*src, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintf(a.Stderr, "plansite new: %v\n", err)
		return ExitSite
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, iofs.ErrExist) {
			fmt.Fprintf(a.Stderr, "plansite new: %s already exists; it was left as it was (choose another title, or edit it)\n", filepath.ToSlash(rel))
		} else {
			fmt.Fprintf(a.Stderr, "plansite new: %v\n", err)
		}
		return ExitSite
	}
	_, werr := f.Write(page)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		fmt.Fprintf(a.Stderr, "plansite new: %v\n", werr)
		return ExitSite
	}
	fmt.Fprintf(a.Stdout, "created %s\n", filepath.ToSlash(rel))
	return ExitOK
}

// pageNames lists each section's page names, to show the choices for
// references in a new page's comments.
func pageNames(src string) map[string][]string {
	pages, _, _, err := content.Files(src)
	if err != nil {
		return nil
	}
	out := map[string][]string{}
	for _, p := range pages {
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
