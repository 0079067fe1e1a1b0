package content

import (
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
