// Package frontmatter splits a page's front matter from its Markdown, and
// decodes YAML, TOML or JSON into one tree of values that keeps the position
// of every key and value, so that a message can point at the field itself.
package frontmatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	adrg "github.com/adrg/frontmatter"

	"plansite/internal/diag"
)

// Block is a front matter block as it stands in the file: its raw bytes,
// its format, and the line of the file where the block's first byte is.
type Block struct {
	Format string // "yaml", "toml" or "json"
	data   []byte
	line   int // 1-based line of data[0] in the file
	// Open is where the block opens.
	Open diag.Pos
	// Unclosed is the closing delimiter that never came, when the block
	// was opened but not closed.
	Unclosed string
}

// Split separates a page's front matter from its Markdown body. adrg/frontmatter
// finds the delimiters; our unmarshal functions only capture the Block, so that
// decoding can keep positions (which yaml.v2, adrg's default, throws away).
func Split(raw []byte) (blk *Block, body []byte, bodyOff int, err error) {
	openLine, first, firstOff := opening(raw)
	if strings.HasPrefix(first, "{") && first != "{" {
		if blk, body, bodyOff, ok := inlineJSON(raw, firstOff, openLine); ok {
			return blk, body, bodyOff, nil
		}
	}

	var captured Block
	formats := delimiters()
	body, err = adrg.Parse(bytes.NewReader(raw), &captured, formats...)
	// Only JSON opens with "{", and then its block is a bare object whose
	// braces are its delimiters, not lines of their own.
	bare := first == "{"
	switch {
	case err == errFound:
		if bodyOff, err = captured.locate(raw, firstOff, bare); err != nil {
			return nil, nil, 0, err
		}
		body = raw[bodyOff:]
	case err != nil:
		return nil, nil, 0, err
	default:
		bodyOff = len(raw) - len(body)
	}

	if captured.data == nil {
		for _, f := range formats {
			if first == f.Start {
				return &Block{Open: diag.Pos{Line: openLine, Col: 1}, Unclosed: f.End}, nil, 0, nil
			}
		}
		return nil, raw, 0, nil
	}
	captured.Open = diag.Pos{Line: openLine, Col: 1}
	captured.line = openLine + 1
	if bare {
		captured.line = openLine
	}
	return &captured, body, bodyOff, nil
}

// delimiters are the front matter formats Hugo reads, each with an
// unmarshal function that only captures the block: once it is found, adrg
// need not read (and copy) the rest of the file, as the body is the rest
// of raw, as it stands.
func delimiters() []*adrg.Format {
	capture := func(format string) adrg.UnmarshalFunc {
		return func(data []byte, v any) error {
			c := v.(*Block)
			c.Format, c.data = format, data
			return errFound
		}
	}
	object := adrg.NewFormat("{", "}", capture("json"))
	object.UnmarshalDelims, object.RequiresNewLine = true, true
	return []*adrg.Format{
		adrg.NewFormat("---", "---", capture("yaml")),
		adrg.NewFormat("---yaml", "---", capture("yaml")),
		adrg.NewFormat("+++", "+++", capture("toml")),
		adrg.NewFormat("---toml", "---", capture("toml")),
		adrg.NewFormat(";;;", ";;;", capture("json")),
		adrg.NewFormat("---json", "---", capture("json")),
		object,
	}
}

// opening finds where an opening delimiter would stand: the first line
// that is not blank, as adrg skips blank lines before it. It returns the
// line's number, its text without the spaces around it, and the offset in
// raw where that text starts.
func opening(raw []byte) (line int, first string, off int) {
	line = 1
	for rest := raw; len(rest) > 0; line++ {
		text, textOff := rest, len(raw)-len(rest)
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			text, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = nil
		}
		if t := bytes.TrimSpace(text); len(t) > 0 {
			return line, string(t), textOff + bytes.Index(text, t)
		}
	}
	return line, "", 0
}

// locate finds in raw the block adrg captured, whose opening delimiter's
// text starts at firstOff, so that the block's bytes are raw's, which
// positions count in, and returns the offset where the body starts. The
// block runs from the line after the opening delimiter (from the delimiter
// itself for a bare { … } object); the body starts after the closing line,
// which a bare object's block includes with the blank line it needs after
// it.
func (b *Block) locate(raw []byte, firstOff int, bare bool) (bodyOff int, err error) {
	openStart := bytes.LastIndexByte(raw[:firstOff], '\n') + 1
	start := openStart
	if !bare {
		start = lineEnd(raw, openStart)
	}
	end := start + len(b.data)
	if end > len(raw) || !bytes.Equal(raw[start:end], b.data) {
		return 0, errors.New("front matter: could not find the block in the file")
	}
	b.data = raw[start:end]
	bodyOff = end
	if !bare {
		bodyOff = lineEnd(raw, end)
	}
	return bodyOff, nil
}

// errFound stops adrg/frontmatter once it has found the block.
var errFound = errors.New("front matter found")

// lineEnd is the offset just after the line that starts at off.
func lineEnd(raw []byte, off int) int {
	if nl := bytes.IndexByte(raw[off:], '\n'); nl >= 0 {
		return off + nl + 1
	}
	return len(raw)
}

// inlineJSON reads JSON front matter that does not stand on lines of its
// own ({"title": "A"} on the first line), which Hugo accepts and adrg's
// line-based delimiters miss, so that it is not published as text. A page
// whose first line only looks like JSON is left to the other formats.
func inlineJSON(raw []byte, off, line int) (*Block, []byte, int, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw[off:]))
	var obj map[string]json.RawMessage
	if err := dec.Decode(&obj); err != nil {
		return nil, nil, 0, false
	}
	end := off + int(dec.InputOffset())
	// The body starts on the line after the closing brace.
	bodyOff := lineEnd(raw, end)
	if len(bytes.TrimSpace(raw[end:bodyOff])) > 0 {
		return nil, nil, 0, false // text after the object: not front matter
	}
	// From the start of its line, so that columns count from there.
	start := bytes.LastIndexByte(raw[:off], '\n') + 1
	return &Block{Format: "json", data: raw[start:end], line: line, Open: diag.Pos{Line: line, Col: 1}}, raw[bodyOff:], bodyOff, true
}
