package pdf

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// Heading is a heading of the printed page as the outline should name it:
// Shown is its text as printed (without text only screen readers get),
// Heard its name as a screen reader says it (with that text, without what
// is aria-hidden), which becomes the bookmark's title.
type Heading struct {
	Shown string `json:"shown"`
	Heard string `json:"heard"`
}

// headingsJS lists the page's headings, in the order of the document.
const headingsJS = `Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => {
	const clipped = e => {
		for (; e && e !== h.parentElement; e = e.parentElement) {
			const s = getComputedStyle(e);
			if (s.position === 'absolute' && (s.clip !== 'auto' || parseFloat(s.width) <= 1)) return true;
		}
		return false;
	};
	const muted = e => { const m = e.closest('[aria-hidden="true"]'); return m !== null && h.contains(m); };
	let shown = '', heard = '';
	const w = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
	for (let n; (n = w.nextNode());) {
		if (!clipped(n.parentElement)) shown += n.data;
		if (!muted(n.parentElement)) heard += n.data;
	}
	return { shown, heard: h.getAttribute('aria-label') || heard };
})`

// outlineTitle is an outline item's title as Skia writes it: the first
// entry of its dictionary, before its /Dest or /Parent.
var outlineTitle = regexp.MustCompile(`(?s)\n<</Title (\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f]*>)\n/(?:Dest|Parent)`)

// Outline names the PDF's bookmarks as a screen reader names the
// headings they stand for. Chromium titles a bookmark with the lines of
// its heading as laid out, joined without the spaces where they broke
// ("at the heartof communities"), and with text hidden from screen
// readers (an objective's number) but without text only they get
// ("Objective 1: "). A bookmark whose text is not a heading's, ignoring
// white space, is left as it is. The offsets the file lists are moved
// to match.
func Outline(pdf []byte, headings []Heading) ([]byte, error) {
	names := map[string][]string{}
	for _, h := range headings {
		k := squeeze(h.Shown)
		names[k] = append(names[k], strings.Join(strings.Fields(h.Heard), " "))
	}
	type edit struct {
		at, end int
		with    []byte
	}
	var edits []edit
	for _, m := range outlineTitle.FindAllSubmatchIndex(pdf, -1) {
		title, ok := decodeString(pdf[m[2]:m[3]])
		k := squeeze(title)
		if !ok || len(names[k]) == 0 {
			continue
		}
		name := names[k][0]
		names[k] = names[k][1:]
		if name != title && name != "" {
			edits = append(edits, edit{m[2], m[3], encodeString(name)})
		}
	}
	if len(edits) == 0 {
		return pdf, nil
	}
	xrefAt, err := startXref(pdf)
	if err != nil {
		return nil, err
	}
	// moved is where a byte at offset old of the printed file is now.
	moved := func(old int) int {
		n := old
		for _, e := range edits {
			if e.at < old {
				n += len(e.with) - (e.end - e.at)
			}
		}
		return n
	}
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.end > xrefAt {
			return nil, errors.New("an outline title after the cross-reference table")
		}
		out.Write(pdf[last:e.at])
		out.Write(e.with)
		last = e.end
	}
	out.Write(pdf[last:])
	b := out.Bytes()
	if err := moveXref(b, moved(xrefAt), moved); err != nil {
		return nil, err
	}
	return setStartXref(b, moved(xrefAt))
}

// squeeze is text without white space, as Chromium's bookmarks and the
// headings they stand for can be compared.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// decodeString reads a PDF string: literal, with its escapes, or hex,
// UTF-16 with a byte order mark or else one byte a character.
func decodeString(s []byte) (string, bool) {
	var raw []byte
	if s[0] == '<' {
		var err error
		if raw, err = hex.DecodeString(string(s[1 : len(s)-1])); err != nil {
			return "", false
		}
	} else {
		s = s[1 : len(s)-1]
		for i := 0; i < len(s); i++ {
			if s[i] != '\\' || i+1 == len(s) {
				raw = append(raw, s[i])
				continue
			}
			i++
			switch c := s[i]; {
			case c >= '0' && c <= '7':
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(string(s[i:j]), 8, 8)
				raw = append(raw, byte(v))
				i = j - 1
			case c == 'n':
				raw = append(raw, '\n')
			case c == 'r':
				raw = append(raw, '\r')
			case c == 't':
				raw = append(raw, '\t')
			default:
				raw = append(raw, c)
			}
		}
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		u := make([]uint16, 0, len(raw)/2)
		for i := 2; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u)), true
	}
	r := make([]rune, len(raw))
	for i, c := range raw {
		r[i] = rune(c)
	}
	return string(r), true
}

// encodeString writes text as a PDF string: UTF-16 with a byte order
// mark, in hex, which holds any text.
func encodeString(s string) []byte {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return []byte(b.String())
}

var startxrefRe = regexp.MustCompile(`startxref\s+([0-9]+)\s+%%EOF\s*$`)

// startXref is the offset of the file's cross-reference table.
func startXref(pdf []byte) (int, error) {
	m := startxrefRe.FindSubmatchIndex(pdf)
	if m == nil {
		return 0, errors.New("the PDF does not end with startxref")
	}
	n, err := strconv.Atoi(string(pdf[m[2]:m[3]]))
	if err != nil || n >= len(pdf) || !bytes.HasPrefix(pdf[n:], []byte("xref")) {
		return 0, errors.New("the PDF's startxref does not point to its cross-reference table")
	}
	return n, nil
}

// setStartXref points the file's startxref to offset at.
func setStartXref(pdf []byte, at int) ([]byte, error) {
	m := startxrefRe.FindSubmatchIndex(pdf)
	if m == nil {
		return nil, errors.New("the PDF does not end with startxref")
	}
	return append(append(append([]byte(nil), pdf[:m[2]]...), strconv.Itoa(at)...), pdf[m[3]:]...), nil
}

// moveXref rewrites the offsets of the cross-reference table at xref in
// place: each is 10 digits, in entries of 20 bytes.
func moveXref(pdf []byte, xref int, moved func(int) int) error {
	rest := pdf[xref+len("xref"):]
	i := 0
	for {
		for i < len(rest) && (rest[i] == '\n' || rest[i] == '\r' || rest[i] == ' ') {
			i++
		}
		if bytes.HasPrefix(rest[i:], []byte("trailer")) {
			return nil
		}
		// A subsection: "first count", then count entries.
		eol := bytes.IndexAny(rest[i:], "\r\n")
		if eol < 0 {
			return errors.New("the PDF's cross-reference table has no end")
		}
		var first, count int
		if _, err := fmt.Sscanf(string(rest[i:i+eol]), "%d %d", &first, &count); err != nil {
			return fmt.Errorf("the PDF's cross-reference table: %w", err)
		}
		i += eol
		for i < len(rest) && (rest[i] == '\n' || rest[i] == '\r') {
			i++
		}
		for range count {
			if i+20 > len(rest) {
				return errors.New("the PDF's cross-reference table is cut short")
			}
			if rest[i+17] == 'n' {
				old, err := strconv.Atoi(string(rest[i : i+10]))
				if err != nil {
					return fmt.Errorf("the PDF's cross-reference table: %w", err)
				}
				copy(rest[i:i+10], fmt.Sprintf("%010d", moved(old)))
			}
			i += 20
		}
	}
}
