package content

import (
	"slices"
	"strings"
	"testing"

	"plansite/internal/config"
)

// newConfig reads a site.toml of content types for the tests of new pages.
func newConfig(t *testing.T, types string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n" + types))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestFromTypeRecords checks that a page made from a type with records,
// however deep, reads back as the records it sets out: each record's
// lines indented under its "- ", so that the page passes its own checks.
func TestFromTypeRecords(t *testing.T) {
	tests := []struct{ name, types string }{
		{"records", `
[types.plans.fields.steps]
kind = "records"
[types.plans.fields.steps.fields.what]
kind = "string"
[types.plans.fields.steps.fields.status]
kind = "string"
values = ["planned", "done"]
default = "planned"
[types.plans.fields.steps.fields.tags]
kind = "list"
`},
		{"records in a record, first", `
[types.plans.fields.steps]
kind = "records"
[types.plans.fields.steps.fields.parts]
kind = "records"
[types.plans.fields.steps.fields.parts.fields.who]
kind = "string"
[types.plans.fields.steps.fields.parts.fields.when]
kind = "date"
[types.plans.fields.steps.fields.what]
kind = "string"
[types.plans.fields.steps.fields.done]
kind = "bool"
`},
		{"records in a record, last", `
[types.plans.fields.number]
kind = "int"
[types.plans.fields.steps]
kind = "records"
[types.plans.fields.steps.fields.what]
kind = "string"
[types.plans.fields.steps.fields.parts]
kind = "records"
[types.plans.fields.steps.fields.parts.fields.who]
kind = "string"
[types.plans.fields.steps.fields.parts.fields.share]
kind = "float"
[types.plans.fields.weight]
kind = "int"
`},
		{"three deep", `
[types.plans.fields.steps]
kind = "records"
[types.plans.fields.steps.fields.parts]
kind = "records"
[types.plans.fields.steps.fields.parts.fields.tasks]
kind = "records"
[types.plans.fields.steps.fields.parts.fields.tasks.fields.what]
kind = "string"
[types.plans.fields.steps.fields.parts.fields.tasks.fields.who]
kind = "string"
[types.plans.fields.steps.fields.parts.fields.name]
kind = "string"
[types.plans.fields.steps.fields.what]
kind = "string"
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := newConfig(t, tt.types)
			page := FromType(cfg.Types["plans"], ArchetypeData{Title: "A plan", Name: "a-plan", Section: "plans", Date: "2019-04-01"}, nil)
			p, ds := Parse("plans/a-plan.md", page, cfg)
			if len(ds) > 0 {
				t.Fatalf("the new page fails its own checks: %v\n%s", ds, page)
			}
			steps, ok := p.Params["steps"].([]map[string]any)
			if !ok || len(steps) != 1 {
				t.Fatalf("steps = %#v, want one record\n%s", p.Params["steps"], page)
			}
		})
	}
}

// requiredConfig declares required fields of each kind, none with a
// default, beside fields that are not required.
const requiredConfig = `
[types.objectives]
[types.quotes.fields.quote]
kind = "text"
required = true
description = "the quotation"
[types.quotes.fields.source]
kind = "string"
required = true
[types.quotes.fields.year]
kind = "int"
required = true
[types.quotes.fields.share]
kind = "float"
required = true
[types.quotes.fields.checked]
kind = "bool"
required = true
[types.quotes.fields.said]
kind = "date"
required = true
[types.quotes.fields.tags]
kind = "list"
required = true
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"
required = true
[types.quotes.fields.offers]
kind = "refs"
section = "objectives"
required = true
[types.quotes.fields.actions]
kind = "records"
required = true
[types.quotes.fields.actions.fields.text]
kind = "string"
required = true
[types.quotes.fields.actions.fields.note]
kind = "string"
[types.quotes.fields.note]
kind = "string"
[types.quotes.fields.count]
kind = "int"
[types.quotes.fields.when]
kind = "date"
[types.quotes.fields.seen]
kind = "bool"
[types.quotes.fields.about]
kind = "ref"
section = "objectives"
[types.quotes.fields.labels]
kind = "list"
default = ["a", "b c"]
[types.quotes.fields.since]
kind = "date"
default = 2019-04-01
`

// TestFromTypeRequired checks that a new page leaves each required field
// without a default empty, so that its checks say it is needed until the
// writer fills it in: a placeholder (0, "", a date in year 1) would pass
// them and be published. Fields that are not required pass as written.
func TestFromTypeRequired(t *testing.T) {
	cfg := newConfig(t, requiredConfig)
	page := FromType(cfg.Types["quotes"], ArchetypeData{Title: "Q", Name: "q", Section: "quotes", Date: "2019-04-01"}, nil)
	p, ds := Parse("quotes/q.md", page, cfg)
	want := map[string]bool{
		"quote": true, "source": true, "year": true, "share": true, "checked": true, "said": true,
		"tags": true, "objective": true, "offers": true, "actions[1].text": true,
	}
	lines := strings.Split(string(page), "\n")
	for _, d := range ds {
		field, _, _ := strings.Cut(d.Message, " is empty")
		if !want[field] {
			t.Errorf("unexpected: %v", d)
			continue
		}
		delete(want, field)
		// At the field's own line.
		name := field[strings.LastIndexByte(field, '.')+1:]
		if l := strings.TrimLeft(lines[d.Line-1], " -"); !strings.HasPrefix(l, name+":") {
			t.Errorf("%v: reported on line %q", d, l)
		}
	}
	for f := range want {
		t.Errorf("the new page passes without %s", f)
	}
	if got, _ := p.Params["labels"].([]string); !slices.Equal(got, []string{"a", "b c"}) {
		t.Errorf("labels = %#v, want the default", got)
	}
	if t.Failed() {
		t.Logf("the page:\n%s", page)
	}
}
