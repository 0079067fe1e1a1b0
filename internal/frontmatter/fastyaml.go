package frontmatter

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"plansite/internal/diag"
)

// simpleYAML reads the front matter most pages have, lines of
// `key: value` with plain, quoted or empty values, without yaml.v3, which
// spends more time setting up than such a block takes to read. Anything
// else (lists, nested fields, escapes, comments, numbers that are not
// plain integers, anything yaml.v3 might read otherwise) is left to
// yaml.v3: ok is false. A fuzz test checks that whatever it reads, it reads
// as yaml.v3 does.
func simpleYAML(data []byte, firstLine int) (n *Node, ok bool) {
	root := &Node{Kind: Map}
	line := firstLine - 1
	for rest := data; len(rest) > 0; {
		line++
		var l []byte
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			l, rest = rest[:nl], rest[nl+1:]
		} else {
			l, rest = rest, nil
		}
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(bytes.TrimSpace(l)) == 0 {
			if len(l) > 0 {
				return nil, false // whitespace-only lines: leave them to yaml.v3
			}
			continue
		}
		colon := bytes.Index(l, []byte(": "))
		if colon < 0 && bytes.HasSuffix(l, []byte(":")) {
			colon = len(l) - 1
		}
		if colon <= 0 || !simpleKey(l[:colon]) {
			return nil, false
		}
		key := string(l[:colon])
		v := &Node{Kind: Scalar, KeyPos: diag.Pos{Line: line, Col: 1}}
		raw := l[min(colon+2, len(l)):]
		v.Pos = diag.Pos{Line: line, Col: colon + 3}
		if len(raw) == 0 {
			if len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '-') {
				return nil, false // a nested block or a list follows
			}
			// An empty value: yaml.v3 places it after the key.
			v.Pos = diag.Pos{Line: line, Col: colon + 2}
			v.Val = nil
		} else if val, quoted, good := simpleScalar(raw); good {
			v.Val, v.Quoted = val, quoted
		} else {
			return nil, false
		}
		if len(root.Keys) == 0 {
			root.Pos = v.KeyPos
		}
		if len(root.Keys)+1 >= maxNodes {
			return nil, false // yaml.v3 reports the bound
		}
		root.Keys = append(root.Keys, key)
		root.Items = append(root.Items, v)
	}
	if len(root.Keys) == 0 {
		return nil, false
	}
	return root, true
}

// simpleKey reports whether a key is a short plain word: letters, digits, _ and -.
func simpleKey(k []byte) bool {
	if len(k) > 100 {
		return false // YAML limits implicit keys to 1024 characters; long keys are rare
	}
	for i, c := range k {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// simpleScalar reads a value yaml.v3 would read the same way: a quoted
// string without escapes, a plain integer, a date, true or false, or plain
// text made of letters, digits, spaces and harmless punctuation.
func simpleScalar(raw []byte) (any, bool, bool) {
	s := string(raw)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		inner := s[1 : len(s)-1]
		if strings.ContainsAny(inner, "\"\\") || !plainRunes(inner) {
			return nil, false, false
		}
		return inner, true, true
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		inner := s[1 : len(s)-1]
		if strings.ContainsRune(inner, '\'') || !plainRunes(inner) {
			return nil, false, false
		}
		return inner, true, true
	}
	switch s {
	case "true":
		return true, false, true
	case "false":
		return false, false, true
	}
	if plainInt(s) {
		i, err := strconv.ParseInt(s, 10, 64)
		return i, false, err == nil
	}
	if t, ok := simpleDate(s); ok {
		return t, false, true
	}
	if !plainText(s) {
		return nil, false, false
	}
	return s, false, true
}

// plainInt is an integer written the one way every YAML reads alike.
func plainInt(s string) bool {
	d := strings.TrimPrefix(s, "-")
	if d == "" || len(d) > 18 || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for _, c := range []byte(d) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// simpleDate reads the two date forms front matter mostly has, which
// yaml.v3 reads as timestamps.
func simpleDate(s string) (time.Time, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		// Only the exact forms: the value itself is ParseDate's, as for
		// any other date.
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			d, err := ParseDate(s)
			return d, err == nil
		}
	}
	return time.Time{}, false
}

// plainText is text YAML reads as itself: it starts with a letter and holds
// only letters, digits, spaces and punctuation that means nothing to YAML
// there, and does not look like a word YAML gives another meaning.
func plainText(s string) bool {
	if s != strings.TrimSpace(s) {
		return false
	}
	first := s[0]
	if !(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ' ':
		case strings.IndexByte(".,;()/_-!?", c) >= 0:
		default:
			return false // '#', ':', quotes, brackets, non-ASCII and the rest: yaml.v3 decides
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf":
		return false
	}
	return true
}

// plainRunes reports whether quoted text holds only printable characters
// that YAML takes as they are: no control characters, no byte-order mark,
// none of the characters YAML 1.1 counts as line breaks, valid UTF-8.
func plainRunes(s string) bool {
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r == '\ufeff', r == '\u0085', r == '\u2028', r == '\u2029':
			return false
		case r == '\t':
		case !unicode.IsPrint(r):
			return false
		}
	}
	return true
}
