package cms

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
)

// A page saved through the CMS must pass plansite's checks, and what the
// CMS refuses plansite must refuse too: each field's widget, as the
// generated configuration sets it up, is made to give a value the way
// Decap's widget does, the page is written the way Decap writes YAML
// front matter (strings in quotes, ISO dates, keys in the order of the
// fields), and content.Parse, which plansite check uses, reads it.

// widgetValue is what a Decap widget, set up as f says, saves when a
// writer fills it in. choices are the file names of each collection's
// pages, which a relation saves.
func widgetValue(f map[string]any, choices map[string][]string) any {
	switch f["widget"] {
	case "string":
		return "A value: with a colon, ‘quotes’ and \"more\""
	case "text":
		return "Two lines,\nthe second #not a comment"
	case "markdown":
		return "Some *text*.\n"
	case "number":
		if f["value_type"] == "float" {
			return 1.5
		}
		return 2019
	case "boolean":
		return true
	case "datetime":
		// Saved in the field's format: a date without a time.
		if f["format"] != "YYYY-MM-DD" {
			panic(fmt.Sprintf("%s: a date saved as %v", f["name"], f["format"]))
		}
		return "2019-10-01"
	case "select":
		opts := f["options"].([]any)
		if f["multiple"] == true {
			return opts
		}
		return opts[len(opts)-1]
	case "relation":
		names := choices[f["collection"].(string)]
		if f["multiple"] == true {
			return names
		}
		return names[0]
	case "list":
		if sub, ok := f["fields"]; ok {
			rec := record{}
			for _, s := range sub.([]any) {
				sf := s.(map[string]any)
				rec = append(rec, kv{sf["name"].(string), widgetValue(sf, choices)})
			}
			return []any{rec}
		}
		// A list without fields: text split at commas.
		return []any{"reading", "health and wellbeing"}
	}
	panic(fmt.Sprintf("no value for the widget %v", f["widget"]))
}

// record is a page's data in the order of its fields, as Decap keeps it.
type record []kv

type kv struct {
	key string
	val any
}

// decapPage writes a page as Decap does: YAML front matter, its keys in
// the order of the fields, every string in double quotes (Decap's YAML
// library quotes what needs it, and quoting everything is the harder
// case: "2019" stays text), dates as plain ISO dates, then the body.
func decapPage(e record) string {
	var b strings.Builder
	b.WriteString("---\n")
	body := ""
	for _, p := range e {
		if p.key == "body" {
			body = p.val.(string)
			continue
		}
		writeYAML(&b, "", p.key, p.val)
	}
	b.WriteString("---\n")
	b.WriteString(body)
	return b.String()
}

func writeYAML(b *strings.Builder, indent, key string, v any) {
	switch x := v.(type) {
	case []any:
		fmt.Fprintf(b, "%s%s:\n", indent, key)
		for _, item := range x {
			if rec, ok := item.(record); ok {
				for i, p := range rec {
					lead := indent + "    "
					if i == 0 {
						lead = indent + "  - "
					}
					writeYAML(b, "", lead+p.key, p.val)
				}
				continue
			}
			fmt.Fprintf(b, "%s  - %s\n", indent, scalarText(item))
		}
	case []string:
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
		writeYAML(b, indent, key, items)
	default:
		fmt.Fprintf(b, "%s%s: %s\n", indent, key, scalarText(v))
	}
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		if _, err := strconv.Atoi(x[:min(len(x), 4)]); err == nil && strings.Count(x, "-") == 2 && len(x) == 10 {
			return x // an ISO date, written plain
		}
		return strconv.Quote(x)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

// fill makes a page's data from a list of fields: every field filled in,
// or, with change, one field set to a value of its own.
func fill(fields []any, choices map[string][]string, change map[string]any) record {
	var e record
	for _, f := range fields {
		m := f.(map[string]any)
		name := m["name"].(string)
		v, ok := change[name]
		if !ok {
			v = widgetValue(m, choices)
		}
		e = append(e, kv{name, v})
	}
	return e
}

func errorsOf(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if d.Severity == diag.Error {
			out = append(out, d.Error())
		}
	}
	return out
}

// TestRoundTrip saves one page of every collection, and a page of the
// files collection, as the CMS would, and checks them as plansite check
// does. Then a value outside a field's values: not among the CMS's
// options, and an error for plansite.
func TestRoundTrip(t *testing.T) {
	cfg := mustConfig(t, everyKind)
	doc := parseConfig(t, generate(t, Site{Config: cfg, Pages: everyKindPages}))
	choices := map[string][]string{"people": {"ann"}}
	for _, c := range doc["collections"].([]any) {
		col := c.(map[string]any)
		if col["folder"] != nil {
			rel := strings.TrimPrefix(col["folder"].(string), "content/") + "/saved.md"
			checkSaved(t, cfg, rel, decapPage(fill(col["fields"].([]any), choices, nil)), choices)
			continue
		}
		for _, f := range col["files"].([]any) {
			file := f.(map[string]any)
			rel := strings.TrimPrefix(file["file"].(string), "content/")
			checkSaved(t, cfg, rel, decapPage(fill(file["fields"].([]any), choices, nil)), choices)
		}
	}

	notes := collection(t, doc, "notes")
	fields, _ := fieldsByName(notes["fields"])
	if opts := fields["status"]["options"].([]any); equalList(opts, "doing") || strings.Contains(fmt.Sprint(opts), "doing") {
		t.Fatalf("the CMS offers %v", opts)
	}
	page := decapPage(fill(notes["fields"].([]any), choices, map[string]any{"status": "doing"}))
	_, ds := content.Parse("notes/doing.md", []byte(page), cfg)
	if got := errorsOf(ds); len(got) != 1 || !strings.Contains(got[0], `status: "doing" is not one of: planned, in progress, done`) {
		t.Errorf("a status the CMS does not offer, saved by hand:\n%s\ngives %v", page, got)
	}
}

func checkSaved(t *testing.T, cfg *config.Config, rel, page string, choices map[string][]string) {
	t.Helper()
	p, ds := content.Parse(rel, []byte(page), cfg)
	if got := errorsOf(ds); len(got) > 0 {
		t.Errorf("content/%s, saved by the CMS:\n%s\nfails plansite's checks:\n%s", rel, page, strings.Join(got, "\n"))
		return
	}
	for _, r := range p.Refs {
		if !strings.Contains(strings.Join(choices[r.Section], " "), r.Name) {
			t.Errorf("content/%s names %s %q, which is not a page's file name", rel, r.Section, r.Name)
		}
	}
}

// decapObjective is a page of the default site's objectives as Decap CMS
// 3 saved it: made by its front matter code (gray-matter with the yaml
// package, version 1, as decap-cms-core calls them) from an entry whose
// writer cleared the weight, an action's date and note, and its status.
// It shows Decap's own style: plain strings where YAML allows, quotes
// where not, "" for a number or date cleared, null for a select.
const decapObjective = `---
title: 'Skills: the workforce’s "need"'
date: 2019-04-01
lastmod: 2026-11-30
description: |-
  Objective 3.
  Two lines.
number: 3
actions:
  - text: Deliver the strategy
    status: in progress
    updated: 2019-10-01
    note: "Launched: 40 services"
  - text: "2019"
    status: null
    updated: ""
    note: ""
weight: ""
draft: false
---
The objective's *text*.
`

// TestDecapObjective checks that page against the default site's types.
func TestDecapObjective(t *testing.T) {
	cfg, err := config.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	p, ds := content.Parse("objectives/skills.md", []byte(decapObjective), cfg)
	if got := errorsOf(ds); len(got) > 0 {
		t.Fatalf("the page Decap saved fails plansite's checks:\n%s", strings.Join(got, "\n"))
	}
	actions := p.Params["actions"].([]map[string]any)
	_, status := actions[1]["status"]
	_, updated := actions[1]["updated"]
	if actions[0]["status"] != "in progress" || actions[1]["text"] != "2019" || status || updated {
		t.Errorf("actions read as %v", actions)
	}
	if _, ok := p.Params["weight"]; ok || p.Meta.Weight != 0 {
		t.Errorf("a cleared weight reads as %v", p.Params["weight"])
	}
}
