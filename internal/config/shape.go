package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
	"plansite/internal/folders"
	"plansite/internal/tomlpos"
)

// setting is what a key of site.toml holds. The TOML decoder reports a
// value of the wrong type as Go's types, without a column, and ignores some
// (types = 3) altogether, so site.toml is checked against this first.
type setting struct {
	kind    string              // "text", "int", "bool", "list", "any", "table" or "tables"
	example string              // how a value is written, for messages
	keys    map[string]*setting // a table's keys; nil with each for a table of any keys
	each    *setting            // the value of each key of a table of any keys
	about   string              // what the table is, for messages: "a field"
}

// settings is the shape of site.toml.
func settings() *setting {
	text := func(ex string) *setting { return &setting{kind: "text", example: ex} }
	field := &setting{kind: "table", about: "a field", keys: map[string]*setting{
		"kind": text(`"string"`), "required": {kind: "bool", example: "true"}, "default": {kind: "any"},
		"values": {kind: "list", example: `["planned", "done"]`}, "section": text(`"objectives"`),
		"description": text(`"What the field holds"`),
	}}
	field.keys["fields"] = &setting{kind: "table", each: field}
	menu := &setting{kind: "tables", about: "a menu entry", keys: map[string]*setting{
		"name": text(`"About"`), "url": text(`"/about/"`), "page": text(`"about"`),
		"identifier": text(`"about"`), "weight": {kind: "int", example: "10"},
	}}
	return &setting{kind: "table", keys: map[string]*setting{
		"title": text(`"Our plan"`), "baseURL": text(`"https://example.org/"`),
		"languageCode": text(`"en-GB"`), "languageName": text(`"English"`),
		"editURL": text(`"https://github.com/ORG/REPO/edit/main/"`), "copyright": text(`"© Us"`),
		"summaryLength": {kind: "int", example: "70"}, "feedLimit": {kind: "int", example: "100"},
		"params": {kind: "table", each: &setting{kind: "any"}},
		"menus":  {kind: "table", example: "[[menus.main]]", each: menu},
		"markup": {kind: "table", about: "[markup]", keys: map[string]*setting{"unsafe": {kind: "bool", example: "true"}}},
		"types": {kind: "table", example: "[types.quotes.fields.year]", each: &setting{kind: "table", about: "a content type", keys: map[string]*setting{
			"fields": {kind: "table", each: field},
		}}},
		"data": {kind: "table", example: "[data.progress.fields.status]", each: &setting{kind: "table", about: "a data file's type", keys: map[string]*setting{
			"fields": {kind: "table", each: field},
		}}},
		"tracker": {kind: "table", about: "[tracker]", keys: map[string]*setting{
			"data": text(`"progress"`), "section": text(`"objectives"`), "records": text(`"actions"`),
			"pageColumn": text(`"objective"`), "numberColumn": text(`"action"`),
		}},
		"cms": {kind: "table", about: "[cms]", keys: map[string]*setting{
			"backend": text(`"github"`), "repo": text(`"ORG/REPO"`), "branch": text(`"main"`),
			"authURL": text(`"https://auth.example.org"`), "authEndpoint": text(`"auth"`),
			"mediaFolder": text(`"content/images"`), "script": text(`"/admin/decap-cms.js"`),
		}},
	}}
}

// shapeChecker checks decoded TOML against settings, reporting each
// problem at its key or value, and removes what it reports from the value,
// so that what is left decodes.
type shapeChecker struct {
	keys, vals tomlpos.Positions
	errs       diag.Errors
	// reported are the keys whose values were reported and removed, so
	// that they are not reported again as missing: each with the line its
	// table starts from, which tells the entries of a list of tables apart.
	reported map[reportedKey]bool
}

type reportedKey struct {
	key  string
	from int
}

// wasReported says whether the value of key, in the table that starts from
// line from (0 for the top), was reported.
func (c *shapeChecker) wasReported(key string, from int) bool {
	return c.reported[reportedKey{key, from}]
}

func (c *shapeChecker) errorf(p diag.Pos, format string, args ...any) {
	c.errs = append(c.errs, diag.Errorf(folders.Config, p.Line, p.Col, format, args...))
}

// nth finds the occurrence of a repeated key (a key of an array of tables)
// that stands after the header of the element at line from.
func nth(ps tomlpos.Positions, key string, from int) diag.Pos {
	for _, p := range ps[key] {
		if p.Line >= from {
			return p
		}
	}
	return diag.Pos{}
}

// table checks the keys of a table at path, whose header or key is on line
// from or later, deleting those it reports.
func (c *shapeChecker) table(m map[string]any, s *setting, path toml.Key, from int) {
	for _, k := range sortedKeys(m) {
		key := append(append(toml.Key{}, path...), k)
		child := s.each
		if s.keys != nil {
			child = s.keys[k]
		}
		if child == nil {
			c.errorf(nth(c.keys, key.String(), from), "unknown setting %q%s", key.String(), c.unknownHint(k, s, path))
			continue // left for the decoder, which ignores it
		}
		if !c.value(m[k], child, key, from) {
			delete(m, k)
			if c.reported == nil {
				c.reported = map[reportedKey]bool{}
			}
			c.reported[reportedKey{key.String(), from}] = true
		}
	}
}

// unknownHint says what a table takes instead of an unknown key.
func (c *shapeChecker) unknownHint(k string, s *setting, path toml.Key) string {
	known := sortedKeys(s.keys)
	if h := diag.Hint(k, known); h != "" {
		return h
	}
	if len(path) == 0 {
		return ": put settings of your own under [params], where templates find them as .Site.Params"
	}
	return fmt.Sprintf("; %s takes: %s", s.about, strings.Join(known, ", "))
}

// value checks one value, reporting it when it is not what s says, which
// the result then says too.
func (c *shapeChecker) value(v any, s *setting, key toml.Key, from int) bool {
	at := nth(c.vals, key.String(), from)
	bad := func(want string) bool {
		c.errorf(at, "%s must be %s, not %s", key.String(), want, describe(v))
		return false
	}
	switch s.kind {
	case "text":
		if _, ok := v.(string); !ok {
			return bad(fmt.Sprintf("text in quotes, such as %s = %s", key[len(key)-1], s.example))
		}
	case "int":
		if _, ok := v.(int64); !ok {
			return bad(fmt.Sprintf("a whole number, such as %s = %s", key[len(key)-1], s.example))
		}
	case "bool":
		if _, ok := v.(bool); !ok {
			return bad(fmt.Sprintf("true or false, such as %s = %s", key[len(key)-1], s.example))
		}
	case "list":
		if _, ok := textList(v); !ok {
			return bad(fmt.Sprintf("a list of text, such as %s = %s", key[len(key)-1], s.example))
		}
	case "table":
		m, ok := v.(map[string]any)
		if !ok {
			ex := s.example
			if ex == "" {
				ex = "[" + key.String() + "]"
			}
			return bad("a table, such as " + ex)
		}
		c.table(m, s, key, max(from, nth(c.keys, key.String(), from).Line))
	case "tables":
		var list []map[string]any
		switch l := v.(type) {
		case []map[string]any:
			list = l
		case []any:
			for _, e := range l {
				m, ok := e.(map[string]any)
				if !ok {
					return bad(fmt.Sprintf("a list of tables, each under [[%s]]", key.String()))
				}
				list = append(list, m)
			}
		default:
			return bad(fmt.Sprintf("a list of tables, each under [[%s]]", key.String()))
		}
		for i, m := range list {
			c.table(m, s, key, c.keys.Nth(key.String(), i).Line)
		}
	}
	return true
}

// describe names a TOML value's kind the way a writer would.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", x)
	case int64:
		return fmt.Sprintf("the number %d", x)
	case float64:
		return fmt.Sprintf("the number %g", x)
	case bool:
		return fmt.Sprintf("%t", x)
	case time.Time:
		return "a date"
	case map[string]any:
		return "a table"
	case []map[string]any, []any:
		return "a list"
	}
	return "a value"
}
