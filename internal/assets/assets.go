// Package assets publishes a theme's assets/ (stylesheets, scripts, images,
// fonts): each under a name that carries a hash of its content, so that a
// host can cache it for a year, with the integrity value browsers check.
package assets

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"plansite/internal/folders"
	"plansite/internal/theme"
)

// Asset is one published asset, as a template sees it.
type Asset struct {
	Name string // relative to assets/: "css/site.css"
	// Out is where it is written, relative to the output folder; RelPermalink
	// and Permalink are its URLs.
	Out          string
	RelPermalink string
	Permalink    string
	integrity    string
	Bytes        []byte
	// BuiltIn is true for an asset of the default theme, which a site
	// publishes only when it uses the default theme's layouts.
	BuiltIn bool
	set     *Set
}

// Integrity is the Subresource Integrity value: "sha256-…". The set notes
// that it was read, as it notes content: pages that show it change when the
// asset does.
func (a *Asset) Integrity() string {
	a.exposed()
	return a.integrity
}

// SameBytes reports whether two assets have the same content, without
// noting it as read.
func (a *Asset) SameBytes(b *Asset) bool { return a.integrity == b.integrity }

func (a *Asset) exposed() {
	if a.set != nil {
		a.set.exposed.Store(a.Name, true)
	}
}

// Data mirrors Hugo's resource .Data, so .Data.Integrity works as in Hugo.
func (a *Asset) Data() map[string]string { return map[string]string{"Integrity": a.Integrity()} }

// Content is the asset's text, for inlining. The set notes that it was read:
// a page that inlines an asset must be re-rendered when the asset changes,
// even when the asset's URL stays the same.
func (a *Asset) Content() string {
	a.exposed()
	return string(a.Bytes)
}

// MediaType is the asset's type by extension.
func (a *Asset) MediaType() string { return MediaType(a.Name) }

// Set is every asset of a site.
type Set struct {
	byName  map[string]*Asset
	All     []*Asset // sorted by name
	exposed sync.Map // names of assets whose content or integrity a template read
}

// Exposed reports whether a template has read the content or the integrity
// of the asset, so that pages show something that changes with its bytes.
func (s *Set) Exposed(name string) bool {
	_, ok := s.exposed.Load(name)
	return ok
}

// Options say how assets are published.
type Options struct {
	// Fingerprint puts a content hash in each asset's file name. The
	// preview server turns it off so that a stylesheet keeps its URL and can
	// be swapped in place.
	Fingerprint bool
	// Transform, when set, rewrites an asset's bytes before it is hashed
	// (minifying); it receives the media type.
	Transform func(mediaType string, b []byte) ([]byte, error)
}

// cssURL finds url(...) references in a stylesheet, so that a fingerprinted
// stylesheet can point at the fingerprinted images and fonts.
var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+?)['"]?\s*\)`)

// Load reads and publishes every asset. basePath is the base URL's path
// ("/plan/"), absBase the base URL.
func Load(th *theme.FS, basePath, absBase string, opts Options) (*Set, error) {
	names, err := th.Files(folders.Assets)
	if err != nil {
		return nil, err
	}
	s := &Set{byName: map[string]*Asset{}}
	origin := ""
	if u, err := url.Parse(absBase); err == nil && u.Host != "" {
		origin = u.Scheme + "://" + u.Host
	}
	// Stylesheets last, so the files they refer to are already named.
	sort.SliceStable(names, func(i, j int) bool {
		return !isCSS(names[i]) && isCSS(names[j])
	})
	for _, full := range names {
		b, err := th.ReadFile(full)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(full, folders.Assets+"/")
		if isCSS(name) {
			b = s.rewriteCSS(name, b)
		}
		if opts.Transform != nil {
			if b, err = opts.Transform(MediaType(name), b); err != nil {
				return nil, fmt.Errorf("%s: %w", th.Where(full), err)
			}
		}
		sum := sha256.Sum256(b)
		out := name
		if opts.Fingerprint {
			ext := path.Ext(name)
			out = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:8]) + ext
		}
		a := &Asset{
			Name:         name,
			Out:          out,
			RelPermalink: basePath + out,
			Permalink:    origin + basePath + out,
			integrity:    "sha256-" + base64.StdEncoding.EncodeToString(sum[:]),
			Bytes:        b,
			BuiltIn:      th.BuiltIn(full),
			set:          s,
		}
		s.byName[name] = a
		s.All = append(s.All, a)
	}
	sort.Slice(s.All, func(i, j int) bool { return s.All[i].Name < s.All[j].Name })
	return s, nil
}

// Inherit carries over from an earlier set which assets templates exposed,
// since pages rendered before still show them.
func (s *Set) Inherit(old *Set) {
	old.exposed.Range(func(k, v any) bool {
		s.exposed.Store(k, v)
		return true
	})
}

// Get finds an asset by its name relative to assets/.
func (s *Set) Get(name string) *Asset {
	if s == nil {
		return nil
	}
	return s.byName[strings.TrimPrefix(path.Clean("/"+name), "/")]
}

// rewriteCSS points relative url(...) references of a stylesheet at the
// published names of the assets they name.
func (s *Set) rewriteCSS(name string, b []byte) []byte {
	dir := path.Dir(name)
	return cssURL.ReplaceAllFunc(b, func(m []byte) []byte {
		ref := string(cssURL.FindSubmatch(m)[1])
		if strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") {
			return m
		}
		clean, suffix := ref, ""
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			clean, suffix = ref[:i], ref[i:]
		}
		target := s.byName[path.Join(dir, clean)]
		if target == nil {
			return m
		}
		rel := relPath(dir, target.Out)
		return []byte(`url("` + rel + suffix + `")`)
	})
}

// relPath is the relative path from folder dir to file target.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	up := strings.Count(dir, "/") + 1
	return strings.Repeat("../", up) + target
}

func isCSS(name string) bool { return strings.EqualFold(path.Ext(name), ".css") }

// MediaType is a file's media type by its extension.
func MediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "text/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".json", ".webmanifest":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".html", ".htm":
		return "text/html"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".avif":
		return "image/avif"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".pdf":
		return "application/pdf"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

// ContentType is a file's Content-Type header as a server gives it: its
// media type, with the character set for text.
func ContentType(name string) string {
	ct := MediaType(name)
	if strings.HasPrefix(ct, "text/") || ct == "application/json" || ct == "application/xml" || ct == "image/svg+xml" {
		ct += "; charset=utf-8"
	}
	return ct
}
