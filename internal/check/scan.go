// Package check examines a built site the way its readers meet it: every
// internal link and #anchor must lead somewhere, and the HTML must keep the
// rules of an accessible page (one h1, no skipped heading levels, images
// with alt text, links with meaningful text, no duplicate IDs).
package check

import (
	"bytes"
	"html"
	"strings"
)

// Doc is what a scan of one HTML page found.
type Doc struct {
	Links    []Link
	IDs      []string
	Headings []Heading
	Images   []Image
	Lang     string
}

// Link is a link or reference to another resource (a, link, img, script…).
type Link struct {
	Tag, Attr, URL string
	Text           string // the link's text, for <a>
	Label          bool   // the link has an aria-label or a title
	Offset         int
}

// Heading is an h1–h6 of a page.
type Heading struct {
	Level  int
	Text   string
	Offset int
}

// Image is an img of a page.
type Image struct {
	Src    string
	Alt    string
	HasAlt bool
	Offset int
}

// Scan reads the elements of an HTML page that checks need. The pages are
// ones plansite wrote, through html/template and goldmark, so attribute
// values are quoted and text is escaped; Scan still copes with unquoted
// values and skips comments, scripts and styles.
func Scan(b []byte) Doc {
	var d Doc
	var openA *Link
	var aText strings.Builder
	var openH *Heading
	var hText strings.Builder
	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			break
		}
		text := b[i : i+lt]
		if openA != nil {
			aText.Write(text)
		}
		if openH != nil {
			hText.Write(text)
		}
		i += lt
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				break
			}
			i += 4 + end + 3
			continue
		}
		start := i
		tag, attrs, next := readTag(b, i)
		i = next
		if tag == "" {
			if i == start {
				i++
			}
			continue
		}
		closing := strings.HasPrefix(tag, "/")
		name := strings.TrimPrefix(tag, "/")
		if closing {
			switch {
			case name == "a" && openA != nil:
				openA.Text = normalizeSpace(html.UnescapeString(aText.String()))
				d.Links = append(d.Links, *openA)
				openA = nil
			case isHeading(name) && openH != nil:
				openH.Text = normalizeSpace(html.UnescapeString(hText.String()))
				d.Headings = append(d.Headings, *openH)
				openH = nil
			}
			continue
		}
		if id, ok := attrs.get("id"); ok {
			d.IDs = append(d.IDs, id)
		}
		if name == "html" {
			d.Lang, _ = attrs.get("lang")
		}
		if openA != nil && name == "img" {
			// An image inside a link names it by its alt text.
			alt, _ := attrs.get("alt")
			aText.WriteString(" " + alt + " ")
		}
		switch name {
		case "a":
			if href, ok := attrs.get("href"); ok {
				_, label := attrs.get("aria-label")
				if !label {
					_, label = attrs.get("aria-labelledby")
				}
				openA = &Link{Tag: "a", Attr: "href", URL: href, Label: label, Offset: start}
				aText.Reset()
			}
		case "link", "area":
			if href, ok := attrs.get("href"); ok {
				d.Links = append(d.Links, Link{Tag: name, Attr: "href", URL: href, Offset: start})
			}
		case "img", "script", "source", "iframe", "audio", "video", "track", "embed":
			if src, ok := attrs.get("src"); ok {
				d.Links = append(d.Links, Link{Tag: name, Attr: "src", URL: src, Offset: start})
			}
			if name == "img" {
				alt, has := attrs.get("alt")
				src, _ := attrs.get("src")
				d.Images = append(d.Images, Image{Src: src, Alt: alt, HasAlt: has, Offset: start})
			}
		}
		switch name {
		case "script", "style", "textarea", "title":
			// Raw text: its content holds no elements.
			end := bytes.Index(b[i:], []byte("</"+name))
			if end < 0 {
				i = len(b)
			} else {
				i += end
			}
		}
		if isHeading(name) {
			openH = &Heading{Level: int(name[1] - '0'), Offset: start}
			hText.Reset()
		}
	}
	return d
}

func isHeading(name string) bool {
	return len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'
}

// readTag reads the tag at b[i] ('<'), returning its lower-case name (with
// a leading / for an end tag), its attributes, and the offset after it.
func readTag(b []byte, i int) (string, attrs, int) {
	j := i + 1
	for j < len(b) && (isNameByte(b[j]) || (j == i+1 && b[j] == '/')) {
		j++
	}
	name := strings.ToLower(string(b[i+1 : j]))
	if name == "" || name == "/" || name[0] == '!' {
		end := bytes.IndexByte(b[i:], '>')
		if end < 0 {
			return "", attrs{}, len(b)
		}
		return "", attrs{}, i + end + 1
	}
	var as attrs
	for j < len(b) {
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j >= len(b) {
			break
		}
		if b[j] == '>' {
			return name, as, j + 1
		}
		if b[j] == '/' {
			j++
			continue
		}
		k := j
		for j < len(b) && !isSpace(b[j]) && b[j] != '=' && b[j] != '>' && b[j] != '/' {
			j++
		}
		key := b[k:j]
		var val []byte
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == '=' {
			j++
			for j < len(b) && isSpace(b[j]) {
				j++
			}
			if j < len(b) && (b[j] == '"' || b[j] == '\'') {
				q := b[j]
				end := bytes.IndexByte(b[j+1:], q)
				if end < 0 {
					return name, as, len(b)
				}
				val = b[j+1 : j+1+end]
				j += end + 2
			} else {
				k := j
				for j < len(b) && !isSpace(b[j]) && b[j] != '>' {
					j++
				}
				val = b[k:j]
			}
		}
		as.add(key, val)
	}
	return name, as, len(b)
}

// attrs are the attributes of a tag that checks look at. A page has
// thousands of tags: keeping only these, in a small array, spares a map
// and a string for every attribute of every tag.
type attrs struct {
	n  int
	kv [7][2]string
}

var wanted = [...]string{"id", "href", "src", "alt", "lang", "aria-label", "aria-labelledby"}

func (a *attrs) add(key, val []byte) {
	if a.n == len(a.kv) || len(key) == 0 {
		return
	}
	for _, w := range wanted {
		if bytes.EqualFold(key, []byte(w)) {
			if _, dup := a.get(w); !dup {
				a.kv[a.n] = [2]string{w, html.UnescapeString(string(val))}
				a.n++
			}
			return
		}
	}
}

func (a attrs) get(key string) (string, bool) {
	for i := 0; i < a.n; i++ {
		if a.kv[i][0] == key {
			return a.kv[i][1], true
		}
	}
	return "", false
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '!'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Line is the 1-based line of an offset in b.
func Line(b []byte, off int) int {
	if off > len(b) {
		off = len(b)
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}
