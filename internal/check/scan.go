// Package check examines a built site the way its readers meet it: every
// link and #anchor, written in Markdown or in a layout, must lead somewhere
// (links to other sites too, with check --external); a page's IDs are
// unique; and what a writer controls keeps the rules of an accessible page
// (headings that start at h2 and skip no level, images with alt text,
// links whose text says where they go).
package check

import (
	"bytes"
	"html"
	"strings"
)

// Doc is what a scan of one HTML page found: the URLs it links to or
// loads (a, link, img, script…), in order, and its elements' IDs.
type Doc struct {
	Links []string
	IDs   []string
}

// Scan reads the elements of an HTML page that checks need. The pages are
// ones plansite wrote, through html/template and goldmark, so attribute
// values are quoted and text is escaped; Scan still copes with unquoted
// values and skips comments, scripts and styles.
func Scan(b []byte) Doc {
	var d Doc
	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			break
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
		name, attrs, next := readTag(b, i)
		i = next
		if name == "" {
			if i == start {
				i++
			}
			continue
		}
		if name[0] == '/' {
			continue
		}
		if id, ok := attrs.get("id"); ok {
			d.IDs = append(d.IDs, id)
		}
		switch name {
		case "a", "link", "area":
			if href, ok := attrs.get("href"); ok {
				d.Links = append(d.Links, href)
			}
		case "img", "script", "source", "iframe", "audio", "video", "track", "embed":
			if src, ok := attrs.get("src"); ok {
				d.Links = append(d.Links, src)
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
	}
	return d
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
	kv [3][2]string
}

var wanted = [...]string{"id", "href", "src"}

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
