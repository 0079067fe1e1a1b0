package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"plansite/internal/diag"
)

// The bounds of a front matter block, the same whatever its format. A
// page's fields need a few levels and a few values; without bounds, a few
// lines of YAML aliases expand to billions of values, and TOML nested a
// few thousand levels deep takes its decoder seconds and hundreds of MB.
const (
	maxDepth = 64      // levels of fields and lists inside one another
	maxNodes = 100000  // values, counting the block itself
	maxSize  = 1 << 20 // bytes
)

var (
	errDeep        = fmt.Errorf("front matter is nested too deeply (more than %d levels)", maxDepth)
	errMany        = fmt.Errorf("front matter has too many values (more than %d)", maxNodes)
	errManyAliases = fmt.Errorf("front matter has too many values (more than %d, counting those its YAML aliases repeat)", maxNodes)
	errLarge       = errors.New("front matter is larger than 1 MiB: move long text into the page's body")
)

// posError is an error at a position of the Markdown file.
type posError struct {
	at  diag.Pos
	err error
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

// deepFlow finds the bracket of YAML's flow style ([ or {) that nests
// deeper than maxDepth, for yaml.v3's own bound, whose message has no
// position. Its position counts lines in the block.
func deepFlow(data []byte) (diag.Pos, bool) {
	flow := 0
	var quote byte
	for i, line := range bytes.Split(data, []byte("\n")) {
		for j := 0; j < len(line); j++ {
			c := line[j]
			switch {
			case quote == '"' && c == '\\':
				j++
			case quote != 0 && c == quote:
				quote = 0
			case quote != 0:
			case c == '#' && (j == 0 || line[j-1] == ' ' || line[j-1] == '\t'):
				j = len(line)
			case (c == '"' || c == '\'') && startsValue(line[:j], flow):
				quote = c
			case c == '[' || c == '{':
				if flow++; flow > maxDepth {
					return diag.Pos{Line: i + 1, Col: utf8.RuneCount(line[:j]) + 1}, true
				}
			case (c == ']' || c == '}') && flow > 0:
				flow--
			}
		}
	}
	return diag.Pos{}, false
}
