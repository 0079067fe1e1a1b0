package render

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"strings"

	"plansite/internal/assets"
	"plansite/internal/htmltext"
	"plansite/internal/markdown"
	"plansite/internal/site"
	"plansite/internal/tplfuncs"
)

// funcMap is the functions templates may call: tplfuncs', and those that
// know pages, the site, its assets and the render in progress, with Hugo's
// names and meanings, and plansite's asset.
func (s *set) funcMap() template.FuncMap {
	t := s.t
	m := tplfuncs.Map()
	for name, f := range map[string]any{
		"partial":       s.partial,
		"partialCached": func(name string, data any, _ ...any) (template.HTML, error) { return s.partial(name, data) },
		"warnf":         s.warnf,
		"seq":           s.seq,
		"hugo":          func() hugoInfo { return hugoInfo{server: t.opts.Server} },
		"relURL":        t.relURL,
		"absURL":        t.absURL,
		"relLangURL":    s.relLangURL,
		"absLangURL":    s.absLangURL,
		"relref":        relref,
		"ref":           absref,
		"markdownify":   t.markdownify,
		"asset":         t.asset,
		"resources":     func() resources { return resources{t: t} },
		"fingerprint":   func(a ...any) (*assets.Asset, error) { return lastAsset(a) },
		"minify":        func(a *assets.Asset) *assets.Asset { return a },
		"plainify":      func(s any) string { return htmltext.Plain(tplfuncs.ToString(s)) },
		"countwords":    func(s any) int { return len(strings.Fields(htmltext.Plain(tplfuncs.ToString(s)))) },
		"urlize":        func(s any) string { return site.Urlize(strings.TrimSpace(tplfuncs.ToString(s))) },
		"anchorize":     func(s any) string { return markdown.Anchorize(tplfuncs.ToString(s)) },
	} {
		m[name] = f
	}
	if t.opts.Strings != nil {
		for name, f := range t.opts.Strings.Funcs(s.lang) {
			m[name] = f
		}
	}
	return m
}

// hugoInfo answers the hugo.* questions themes ask.
// In the preview the environment is "development", as under hugo server.
type hugoInfo struct{ server bool }

func (h hugoInfo) IsServer() bool      { return h.server }
func (h hugoInfo) IsProduction() bool  { return !h.server }
func (h hugoInfo) IsDevelopment() bool { return h.server }
func (h hugoInfo) Environment() string {
	if h.server {
		return "development"
	}
	return "production"
}
func (hugoInfo) Generator() template.HTML {
	return `<meta name="generator" content="plansite">`
}

func (t *Templates) basePath() string { return t.cfg.BasePath() }

// relURL makes a link relative to the host, with the base URL's path: "css/x.css"
// and "/css/x.css" both become "/plan/css/x.css" under https://example.org/plan/.
func (t *Templates) relURL(s any) string {
	u := tplfuncs.ToString(s)
	if isAbsoluteURL(u) {
		return u
	}
	base := t.basePath()
	if strings.HasPrefix(u, base) && base != "/" {
		return u
	}
	return base + strings.TrimPrefix(u, "/")
}

// absURL makes an absolute URL from a site path.
func (t *Templates) absURL(s any) string {
	u := tplfuncs.ToString(s)
	if isAbsoluteURL(u) {
		return u
	}
	rel := t.relURL(u)
	base := strings.TrimSuffix(t.cfg.BaseURL, t.basePath())
	if !strings.Contains(base, "://") {
		return rel
	}
	return base + rel
}

func isAbsoluteURL(u string) bool {
	return strings.Contains(u, "://") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "mailto:") ||
		strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "#")
}

// relref finds a page by name from a page context and returns its link.
func relref(ctx any, ref string) (string, error) {
	v, ok := ctx.(Page)
	if !ok {
		return "", errors.New("relref needs a page as its first argument: relref . \"about\"")
	}
	ref = strings.TrimSuffix(ref, ".md")
	name, frag, _ := strings.Cut(ref, "#")
	p := v.site().PageByRef(name)
	if p == nil {
		return "", fmt.Errorf("relref: page %q does not exist", ref)
	}
	v.x.deps.addPage(p)
	if frag != "" {
		return p.URL + "#" + frag, nil
	}
	return p.URL, nil
}

func absref(ctx any, ref string) (string, error) {
	rel, err := relref(ctx, ref)
	if err != nil {
		return "", err
	}
	v := ctx.(Page)
	base := strings.TrimSuffix(v.x.site.Config.BaseURL, v.x.site.BasePath)
	if !strings.Contains(base, "://") {
		return rel, nil
	}
	return base + rel, nil
}

// markdownify renders a short Markdown string, without the paragraph around
// it when it is one paragraph, as Hugo's markdownify.
func (t *Templates) markdownify(s any) (template.HTML, error) {
	res, err := t.md.Convert([]byte(tplfuncs.ToString(s)), nil)
	if err != nil {
		return "", err
	}
	return template.HTML(markdown.TrimParagraph(res.HTML)), nil
}

// asset finds a published asset by its name under assets/.
func (t *Templates) asset(name string) (*assets.Asset, error) {
	a := t.assets.Get(name)
	if a == nil {
		return nil, fmt.Errorf("asset %q does not exist: add assets/%s", name, name)
	}
	return a, nil
}

// resources is Hugo's resources namespace, enough for resources.Get.
type resources struct{ t *Templates }

// Get finds an asset, or nil, as Hugo's resources.Get.
func (r resources) Get(name string) *assets.Asset { return r.t.assets.Get(name) }

func lastAsset(args []any) (*assets.Asset, error) {
	if len(args) == 0 {
		return nil, errors.New("fingerprint needs an asset")
	}
	a, ok := args[len(args)-1].(*assets.Asset)
	if !ok || a == nil {
		return nil, errors.New("fingerprint needs an asset from resources.Get or asset")
	}
	return a, nil
}

// toc renders headings from level lo to hi as nested lists, as Hugo's
// .TableOfContents.
func toc(hs []markdown.Heading, lo, hi int) template.HTML {
	var b strings.Builder
	depth := 0
	open := []bool{}
	for _, h := range hs {
		if h.Level < lo || h.Level > hi {
			continue
		}
		level := h.Level - lo + 1
		for depth < level {
			b.WriteString("<ul>")
			depth++
			open = append(open, false)
		}
		for depth > level {
			if open[depth-1] {
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
			open = open[:depth-1]
			depth--
		}
		if open[depth-1] {
			b.WriteString("</li>")
		}
		fmt.Fprintf(&b, `<li><a href="#%s">%s</a>`, html.EscapeString(h.ID), html.EscapeString(h.Text))
		open[depth-1] = true
	}
	for depth > 0 {
		if open[depth-1] {
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
		depth--
	}
	if b.Len() == 0 {
		return ""
	}
	return template.HTML(`<nav id="TableOfContents">` + b.String() + `</nav>`)
}

func plain(p *site.Page) string { return p.Plain() }
