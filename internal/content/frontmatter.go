package content

import (
	"bytes"

	"github.com/adrg/frontmatter"

	"plansite/internal/diag"
)

// block is a front matter block as it stands in the file: its raw bytes,
// its format, and the line of the file where the block's first byte is.
type block struct {
	format string // "yaml", "toml" or "json"
	data   []byte
	line   int // 1-based line of data[0] in the file
	open   diag.Pos
	// unclosed is the closing delimiter that never came, when the block was
	// opened but not closed.
	unclosed string
}

// split separates a page's front matter from its Markdown body. adrg/frontmatter
// finds the delimiters; our unmarshal functions only capture the block, so that
// decoding can keep positions (which yaml.v2, adrg's default, throws away).
func split(raw []byte) (blk *block, body []byte, bodyOff int, err error) {
	var captured block
	capture := func(format string) frontmatter.UnmarshalFunc {
		return func(data []byte, v any) error {
			c := v.(*block)
			c.format, c.data = format, data
			return nil
		}
	}
	json := frontmatter.NewFormat("{", "}", capture("json"))
	json.UnmarshalDelims, json.RequiresNewLine = true, true
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		json,
	}
	body, err = frontmatter.Parse(bytes.NewReader(raw), &captured, formats...)
	if err != nil {
		return nil, nil, 0, err
	}
	bodyOff = len(raw) - len(body)

	// Where the opening delimiter stands: the first line that is not blank.
	openLine, first := 1, ""
	for rest := raw; len(rest) > 0; openLine++ {
		line := rest
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = nil
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			first = string(t)
			break
		}
	}

	if captured.data == nil {
		for _, f := range formats {
			if first == f.Start {
				return &block{open: diag.Pos{Line: openLine, Col: 1}, unclosed: f.End}, nil, 0, nil
			}
		}
		return nil, raw, 0, nil
	}
	captured.open = diag.Pos{Line: openLine, Col: 1}
	captured.line = openLine + 1
	if captured.format == "json" && first == "{" {
		captured.line = openLine
	}
	return &captured, body, bodyOff, nil
}
