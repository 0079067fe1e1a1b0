package feed

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	"plansite/internal/diag"
	"plansite/internal/site"
)

// RedirectsName is the file that Netlify and Cloudflare Pages read for
// redirects; other hosts ignore it.
const RedirectsName = "_redirects"

// Redirects writes the _redirects file: the site's own lines, if it has a
// content/_redirects, then a permanent redirect (301) from each page's old
// address to its address, base path included. Such a host answers an old
// address with the redirect itself, which search engines follow better
// than the alias page the build writes there too, for other hosts. nil
// when there is nothing to write.
func Redirects(own []byte, s *site.Site) []byte {
	if len(s.Aliases) == 0 {
		return own
	}
	var b bytes.Buffer
	writeOwn(&b, own)
	b.WriteString("# Written by plansite: the pages' old addresses (aliases).\n")
	for _, a := range s.Aliases {
		b.WriteString(a.URL + " " + a.Page.URL + " 301\n")
	}
	return b.Bytes()
}

// CheckRedirects reports each line of a site's content/_redirects whose
// target is not a page or file of the site: a redirect to nowhere. Targets
// on other sites, and those with a placeholder or splat, are not checked.
func CheckRedirects(file string, own []byte, s *site.Site) []diag.Diagnostic {
	var out []diag.Diagnostic
	for i, line := range strings.Split(string(own), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		to := fields[1]
		// The target is the first match after the source, which may
		// hold the same text ("/docs/x /x 301").
		after := strings.Index(line, fields[0]) + len(fields[0])
		col := 1 + utf8.RuneCountInString(line[:after+strings.Index(line[after:], to)])
		if problem := redirectTarget(to, s); problem != "" {
			out = append(out, diag.Errorf(file, i+1, col, "%s", problem))
		}
	}
	return out
}

// redirectTarget says what is wrong with a redirect's target, or "".
func redirectTarget(to string, s *site.Site) string {
	u, err := url.Parse(to)
	if err != nil {
		return "the redirect's target " + to + " is not a valid address"
	}
	p := u.Path
	if u.Host != "" {
		own, ok := s.OwnPath(u)
		if !ok {
			return "" // another site's
		}
		p = s.BasePath + strings.TrimPrefix(own, "/")
	}
	if strings.ContainsAny(p, ":*") {
		return "" // a placeholder or a splat: the host fills it in
	}
	if !strings.HasPrefix(p, s.BasePath) {
		return "the redirect's target " + to + " is outside the site, whose addresses start with " + s.BasePath
	}
	rel := strings.TrimPrefix(p, s.BasePath)
	if s.ByURLPath(rel) != nil || (!strings.HasSuffix(rel, "/") && s.ByURLPath(rel+"/") != nil) {
		return ""
	}
	for f, fu := range s.FileURL {
		if fu == p || f == rel {
			return ""
		}
	}
	return "the redirect's target " + to + " is not a page of the site" + hintPage(rel, s)
}

func hintPage(rel string, s *site.Site) string {
	var paths []string
	for _, p := range s.All {
		paths = append(paths, p.Path)
	}
	if c, ok := diag.Closest(rel, paths); ok {
		return " (did you mean " + s.BasePath + c + "?)"
	}
	return ""
}
