// Package content loads the pages of a site's content/ folder: it lists the
// files, reads each page's front matter (with frontmatter), checks its fields
// against the section's content type from site.toml, and writes new pages
// for plansite new.
package content

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/frontmatter"
)

// Page is one Markdown file of content/, loaded and checked.
type Page struct {
	Path string // relative to content/, slash-separated: "objectives/skills.md"
	File string // relative to the site, for messages: "content/objectives/skills.md"
	// Lang is the page's language ("cy" for skills.cy.md, the default
	// language's for a file without one), and Logical its path without
	// the language ("objectives/skills.md"): what its translations share.
	Lang, Logical string
	Kind          Kind // Home, Section or Regular
	// Section is the top-level folder the page is in ("" at the root);
	// Dir is the folder it lists when it is a section ("objectives/").
	Section string
	Dir     string
	Meta    Meta
	Params  map[string]any
	Refs    []Ref
	Body    []byte
	// BodyLine is the line of the file on which Body starts, so that a
	// position in the body can be reported as a position in the file.
	BodyLine int
	Format   string // "yaml", "toml", "json" or "" without front matter
}

// Kind is what a page is, as Hugo's .Kind names it.
type Kind string

// The kinds of page. A content file is the home page, a section or a
// regular page; the site adds the 404 page, which has no file.
const (
	Home     Kind = "home"
	Section  Kind = "section"
	Regular  Kind = "page"
	NotFound Kind = "404"
)

// Meta is the built-in front matter every page may have.
type Meta struct {
	Title, LinkTitle, Description, Summary string
	Slug, URL, Layout, Type, Image         string
	Date, Lastmod, PublishDate, ExpiryDate time.Time
	Draft, TOC                             bool
	Weight                                 int
	Aliases, Keywords, Images              []string
	// URLPos and SlugPos are where url and slug are written, for messages
	// about the address they give the page; LastmodPos where lastmod is,
	// for a translation older than its original.
	URLPos, SlugPos, LastmodPos diag.Pos
	// AliasPos are where each of Aliases is written.
	AliasPos []diag.Pos
}

// Ref is a reference from a field of this page to a page of another section,
// resolved once every page is loaded.
type Ref struct {
	Field   string // "objective", or "actions[2].offer" inside records
	Section string
	Name    string // the page's file name without extension: "skills"
	Pos     diag.Pos
}

// IsMarkdown reports whether name is a Markdown file.
func IsMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// Files lists content/ below dir: Markdown pages and the other files (images,
// PDFs) that are published beside them, each slash-separated and relative to
// content/, sorted. What content/ holds that must not be published is left
// out, with a warning naming it: a symbolic link that leads outside the site
// folder (content/secret.txt -> /etc/passwd would put the file on the web),
// a link to a folder (not followed, so a link loop cannot hang a build), a
// link that leads nowhere, and anything that is not a regular file (reading
// a named pipe would never end).
func Files(dir string) (pages, others []string, skipped []diag.Diagnostic, err error) {
	root := filepath.Join(dir, folders.Content)
	// A content/ that is itself a link is the site's own choice: follow it.
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	sk := skipper{dir: dir}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if p != root && folders.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if why := sk.why(p, d.Type()); why != "" {
			skipped = append(skipped, diag.Warnf(folders.Content+"/"+rel, 0, 0, "%s; it is not published", why))
			return nil
		}
		if IsMarkdown(rel) {
			pages = append(pages, rel)
		} else {
			others = append(others, rel)
		}
		return nil
	})
	sort.Strings(pages)
	sort.Strings(others)
	return pages, others, skipped, err
}

// Skip says why the file of content/ at rel (slash-separated) is not
// published, by the rules of Files, or "" when it may be (or is a folder,
// or is gone).
func Skip(dir, rel string) string {
	p := filepath.Join(dir, folders.Content, filepath.FromSlash(rel))
	fi, err := os.Lstat(p)
	if err != nil || fi.IsDir() {
		return ""
	}
	return (&skipper{dir: dir}).why(p, fi.Mode().Type())
}

// skipper applies the rules of what of content/ is not published: links
// that leave the site or lead to folders, and anything that is not a
// regular file, which a build would wait on for ever (a named pipe).
type skipper struct {
	dir string
	b   *bounds // made at the first link
}

// why says why the file at p, of type t, is not published, or "".
func (s *skipper) why(p string, t fs.FileMode) string {
	switch {
	case t&fs.ModeSymlink != 0:
		if s.b == nil {
			s.b = newBounds(s.dir)
		}
		return s.b.check(p)
	case !t.IsRegular():
		return "not a regular file (a pipe, socket or device)"
	}
	return ""
}

// bounds are the folders a symbolic link of content/ may lead into: the site
// folder, and content/ itself wherever it really is.
type bounds struct{ site, content string }

func newBounds(dir string) *bounds {
	b := &bounds{site: dir, content: filepath.Join(dir, folders.Content)}
	if r, err := filepath.EvalSymlinks(b.site); err == nil {
		b.site = r
	}
	if r, err := filepath.EvalSymlinks(b.content); err == nil {
		b.content = r
	}
	if a, err := filepath.Abs(b.site); err == nil {
		b.site = a
	}
	if a, err := filepath.Abs(b.content); err == nil {
		b.content = a
	}
	return b
}

// check says why the link at p may not be published, or "".
func (b *bounds) check(p string) string {
	target, err := filepath.EvalSymlinks(p)
	if err == nil {
		target, err = filepath.Abs(target)
	}
	var fi os.FileInfo
	if err == nil {
		fi, err = os.Stat(target)
	}
	if err != nil {
		return "a link that leads nowhere (its target is missing, or the link loops)"
	}
	inside := folders.Within(target, b.site) || folders.Within(target, b.content)
	switch {
	case !inside && fi.IsDir():
		return "a link to a folder outside the site folder"
	case !inside:
		return "a link to a file outside the site folder"
	case fi.IsDir():
		return "a link to a folder, and plansite does not follow those: move the folder into content/ instead"
	case !fi.Mode().IsRegular():
		return "a link to something that is not a regular file (a pipe, socket or device)"
	}
	return ""
}

// Parse loads one page from its bytes. rel is the page's path relative to
// content/. It returns the page even when there are diagnostics, so that the
// rest of the site can still be checked.
func Parse(rel string, raw []byte, cfg *config.Config) (*Page, []diag.Diagnostic) {
	p := &Page{Path: rel, File: folders.Content + "/" + rel}
	p.Logical, p.Lang = SplitLang(rel, cfg)
	p.Kind, p.Section, p.Dir = classify(p.Logical)
	if cfg.LanguageOf(p.Lang) == nil {
		return p, []diag.Diagnostic{undeclared(p, cfg)}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))

	c := &checker{file: p.File, open: diag.Pos{Line: 1, Col: 1}}
	raw = c.validUTF8(raw)
	blk, body, bodyOff, err := frontmatter.Split(raw)
	if err != nil {
		c.errorf(diag.Pos{Line: 1, Col: 1}, "reading front matter: %v", err)
		return p, c.diags
	}
	var root *frontmatter.Node
	switch {
	case blk == nil:
		p.Body, p.BodyLine = raw, 1
	case blk.Unclosed != "":
		c.errorf(blk.Open, "front matter is never closed: add a line %s after its last field", blk.Unclosed)
		return p, c.diags
	default:
		p.Format = blk.Format
		p.Body = body
		p.BodyLine = diag.PosAt(raw, bodyOff).Line
		c.open = blk.Open
		n, at, err := frontmatter.Parse(blk)
		if err != nil {
			c.errorf(*at, "%v", err)
			return p, c.diags
		}
		c.duplicates(n)
		root = n
	}

	c.format = p.Format
	var typ *config.Type
	typeName := p.Section
	if p.Kind == Regular {
		// The type's fields apply to a section's regular pages, not to the
		// section's own _index.md. A page may change its type with type:.
		if n, ok := root.Get("type"); ok {
			if s, ok := scalarString(n); ok && s != "" {
				typeName = s
				if cfg.Types[s] == nil {
					// A type may only choose layouts; a near miss of a
					// declared one is more likely a typo.
					if h := diag.Hint(s, slices.Sorted(maps.Keys(cfg.Types))); h != "" {
						c.diags = append(c.diags, diag.Warnf(p.File, n.Pos.Line, n.Pos.Col, "type %q has no content type in site.toml, so the page's fields are not checked%s", s, h))
					}
				}
			}
		}
		typ = cfg.Types[typeName]
	}
	p.Params = c.page(root, typ, typeName, &p.Meta)
	p.Refs = c.refs
	if p.Meta.Type == "" {
		p.Meta.Type = typeName
	}
	return p, c.diags
}

// validUTF8 returns raw with each byte that is not UTF-8 replaced by
// U+FFFD, and warns of the first. A page declares UTF-8, so such a byte
// (from a file saved as Latin-1, say) shows as whatever a browser makes of
// it, while the feed, whose XML must be UTF-8, replaced it: now every
// output says the same, and front matter values are read as the body is.
// Byte by byte, unlike bytes.ToValidUTF8, which replaces a run with one
// U+FFFD, so that columns after a replacement stay those of the file (as
// diag.PosAt counts each such byte as one).
func (c *checker) validUTF8(raw []byte) []byte {
	if utf8.Valid(raw) {
		return raw
	}
	bad := 0
	for bad < len(raw) {
		r, n := utf8.DecodeRune(raw[bad:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		bad += n
	}
	at := diag.PosAt(raw, bad)
	c.diags = append(c.diags, diag.Warnf(c.file, at.Line, at.Col, "this file is not UTF-8 text (this byte is the first that is not): save it as UTF-8 in your editor; until then each such byte is published as \uFFFD"))
	out := make([]byte, bad, len(raw)+64)
	copy(out, raw)
	for rest := raw[bad:]; len(rest) > 0; {
		r, n := utf8.DecodeRune(rest)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, rest[:n]...)
		}
		rest = rest[n:]
	}
	return out
}

// undeclared warns of a page in a language the site does not declare,
// which is not published: it is not the page of its file name without
// the language (skills.fr.md is not /skills.fr/), and the site has no
// place for it.
func undeclared(p *Page, cfg *config.Config) diag.Diagnostic {
	var keys []string
	for _, l := range cfg.Languages {
		keys = append(keys, l.Lang)
	}
	name := (&config.Language{Lang: p.Lang}).EnglishName()
	return diag.Warnf(p.File, 1, 1, "this page is in %q (%s), which is not one of the site's languages (%s), so it is not published: add [languages.%s] to %s, or rename the file",
		p.Lang, name, strings.Join(keys, ", "), p.Lang, folders.Config)
}

// classify works out a page's kind, section and listed folder from its path.
func classify(rel string) (kind Kind, section, dir string) {
	d, base := path.Split(rel)
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		section = rel[:i]
	}
	if strings.TrimSuffix(base, path.Ext(base)) == "_index" {
		if d == "" {
			return Home, "", ""
		}
		return Section, section, d
	}
	return Regular, section, ""
}

// Name is the page's name for references: its file name without extension,
// or its folder's name for an index.md bundle ("about/index.md" is "about").
func (p *Page) Name() string { return PageName(p.Logical) }

// PageName is the name references give the page at rel, a slash path
// relative to content/, by the rule of Page.Name.
func PageName(rel string) string {
	d, base := path.Split(rel)
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "index" && d != "" {
		return path.Base(strings.TrimSuffix(d, "/"))
	}
	return name
}
