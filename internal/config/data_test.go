package config

import (
	"strings"
	"testing"
)

// objectives is a content type with records the tracker can report on.
const objectives = base + `
[types.objectives.fields.actions]
kind = "records"
[types.objectives.fields.actions.fields.text]
required = true
[types.objectives.fields.actions.fields.status]
values = ["planned", "in progress", "done"]
default = "planned"
[types.objectives.fields.actions.fields.updated]
kind = "date"
[types.objectives.fields.actions.fields.note]
kind = "string"
`

// TestDataTypes checks that a data file's type is declared as a content
// type is, under [data.NAME], with the same kinds and checks.
func TestDataTypes(t *testing.T) {
	c, err := Parse([]byte(objectives + `
[data.people.fields.name]
required = true
[data.people.fields.objective]
kind = "ref"
section = "objectives"
[data."team/leads".fields.since]
kind = "date"
`))
	if err != nil {
		t.Fatal(err)
	}
	people := c.Data["people"]
	if people == nil || strings.Join(Names(people.Fields), " ") != "name objective" || !people.Fields[0].Required || people.Fields[1].Section != "objectives" {
		t.Fatalf("data.people: %+v", people)
	}
	if people.Pos.Line != 16 {
		t.Errorf("data.people at %v, want line 16", people.Pos)
	}
	if leads := c.Data["team/leads"]; leads == nil || leads.Fields[0].Kind != Date {
		t.Errorf("data.\"team/leads\": %+v", leads)
	}
	if c.Tracker != nil || c.TrackerType() != nil {
		t.Errorf("a tracker without [tracker]: %+v", c.Tracker)
	}
}

// TestTracker checks [tracker]: the default site's names when it gives
// none, and the type its file is checked against, made from the records'
// fields that are not required, with no defaults.
func TestTracker(t *testing.T) {
	c, err := Parse([]byte(objectives + "[tracker]\n"))
	if err != nil {
		t.Fatal(err)
	}
	tr := c.Tracker
	if got := strings.Join([]string{tr.Data, tr.Section, tr.Records, tr.PageColumn, tr.NumberColumn}, " "); got != "progress objectives actions objective action" {
		t.Errorf("defaults: %s", got)
	}
	typ := c.TrackerType()
	if got := strings.Join(Names(typ.Fields), " "); got != "objective action status updated note" {
		t.Fatalf("the tracker's columns: %s", got)
	}
	obj, num, status := typ.Fields[0], typ.Fields[1], typ.Fields[2]
	if obj.Kind != Ref || obj.Section != "objectives" || !obj.Required || num.Kind != Int || !num.Required {
		t.Errorf("the key columns: %+v, %+v", obj, num)
	}
	if status.Default != nil || status.Required || len(status.Values) != 3 {
		t.Errorf("status: %+v; want its values, and no default, so that a blank cell reports nothing", status)
	}
	if d := c.Types["objectives"].Fields[0].Fields[1].Default; d != "planned" {
		t.Errorf("the content type's own default became %v: TrackerType must copy the fields", d)
	}

	c, err = Parse([]byte(objectives + "[tracker]\ndata = \"reports.csv\"\npageColumn = \"page\"\nnumberColumn = \"step\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tr := c.Tracker; tr.Data != "reports" || tr.PageColumn != "page" || tr.NumberColumn != "step" {
		t.Errorf("settings given: %+v", tr)
	}
}

// TestDataProblems checks the messages for mistakes in [data] and [tracker].
func TestDataProblems(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown setting of a data type", base + "[data.progress]\nfeilds = 3\n",
			`site.toml:4:1: unknown setting "data.progress.feilds" (did you mean "fields"?)`},
		{"unknown kind", base + "[data.progress.fields.action]\nkind = \"number\"\n",
			`site.toml:4:8: field "action": unknown kind "number" (did you mean "float"?); the kinds are string, text, int, float, bool, date, list, records, ref, refs`},
		{"ref to a section with a typo", objectives + "[data.people.fields.objective]\nkind = \"ref\"\nsection = \"objectivs\"\n",
			`site.toml:17:11: field "objective" refers to section "objectivs", which has no type (did you mean "objectives"?)`},
		{"a data type named with its extension", base + "[data.\"progress.csv\".fields.status]\n",
			`site.toml:3:1: data type "progress.csv": name the file without its extension, as templates do (.Site.Data.progress): [data.progress]`},
		{"tracker on a section without a type", base + "[types.objectivs.fields.x]\n[tracker]\n",
			`site.toml:4:1: tracker: section "objectives" has no content type (did you mean "objectivs"?): declare the field it reports on, under [types.objectives.fields.actions] with kind = "records"`},
		{"tracker on a field that is not there", objectives + "[tracker]\nrecords = \"action\"\n",
			`site.toml:16:11: tracker: pages of objectives have no field "action" (did you mean "actions"?); their records fields are: actions`},
		{"tracker on a field that is not records", objectives + "[types.objectives.fields.number]\nkind = \"int\"\n[tracker]\nrecords = \"number\"\n",
			`site.toml:18:11: tracker: pages of objectives have no records field "number"; their records fields are: actions`},
		{"tracker's file typed too", objectives + "[data.progress.fields.x]\n[tracker]\n",
			`site.toml:15:1: data.progress is the tracker's file: its columns are the fields of objectives' actions, so it takes no type of its own: remove [data.progress]`},
		{"a column named as a field", objectives + "[tracker]\nnumberColumn = \"status\"\n",
			`site.toml:16:16: tracker.numberColumn "status" is also the name of a field of objectives' actions: give the column another name`},
		{"the two columns named alike", objectives + "[tracker]\nnumberColumn = \"Objective\"\n",
			`site.toml:16:16: tracker.numberColumn "Objective" is the column naming the page too: give the two columns names of their own`},
		{"tracker settings of the wrong kind", objectives + "[tracker]\nsection = 3\n",
			`site.toml:16:11: tracker.section must be text in quotes, such as section = "objectives", not the number 3`},
		{"unknown tracker setting", objectives + "[tracker]\ncolumn = \"x\"\n",
			`site.toml:16:1: unknown setting "tracker.column"; [tracker] takes: data, numberColumn, pageColumn, records, section`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
