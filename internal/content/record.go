package content

import (
	"strings"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/frontmatter"
)

// CheckRecord checks one record of a data file (a row of a CSV file, an
// item of a YAML or JSON list) against its type's fields, with the checks
// and messages front matter gets, so that a value is as wrong, and said to
// be wrong in the same words, in a page or a spreadsheet. whose names the
// records in messages ("rows of data/people.csv"). It returns the
// record's values, keys in lower case as a page's records have them, the
// references it makes, for the site to check once it is linked, and its
// problems.
func CheckRecord(file string, n *frontmatter.Node, fields []*config.Field, whose string) (map[string]any, []Ref, []diag.Diagnostic) {
	c := &checker{file: file, open: n.Pos}
	rec := map[string]any{}
	for i, key := range n.Keys {
		v := n.Items[i]
		f := config.Lookup(fields, key)
		switch {
		case f == nil:
			names := config.Names(fields)
			c.errorf(v.KeyPos, "unknown field %q%s; %s take: %s", key, diag.Hint(key, names), whose, strings.Join(names, ", "))
		case missing(f, v):
			// As good as not given: see defaults.
		default:
			if val, ok := c.value(f, v, f.Name); ok {
				rec[strings.ToLower(f.Name)] = val
			}
		}
	}
	c.defaults(n, fields, rec, "", whose)
	return rec, c.refs, c.diags
}
