package content

import (
	"strconv"
	"testing"
)

// TestRequiredBlank checks that a required field needs a value a reader
// can see: text of nothing but spaces, or a list with nothing in it, is
// as empty as no value at all, and is reported at the value. Zero is a
// number a reader sees, and a field that is not required may be blank.
func TestRequiredBlank(t *testing.T) {
	const types = `
[types.quotes.fields.quote]
kind = "text"
required = true
description = "the quotation"
[types.quotes.fields.year]
kind = "int"
required = true
[types.quotes.fields.tags]
kind = "list"
required = true
[types.quotes.fields.objective]
kind = "ref"
section = "quotes"
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
`
	// Each source sets the field under test; filled gives the others.
	const filled = "quote: Q\nyear: 2019\ntags: [a]\nobjective: q\nactions:\n  - text: T\n"
	tests := []struct{ name, src, want string }{
		{"empty text", "---\nquote: \"\"\n" + filled[len("quote: Q\n"):] + "---\n",
			"2:8: quote is empty: pages of quotes need it (the quotation)"},
		{"text of spaces", "---\nquote: '   '\n" + filled[len("quote: Q\n"):] + "---\n",
			"2:8: quote is empty: pages of quotes need it (the quotation)"},
		{"left empty", "---\nquote:\n" + filled[len("quote: Q\n"):] + "---\n",
			"2:7: quote is empty: pages of quotes need it (the quotation)"},
		{"left empty with a comment", "---\nquote: # the quotation\n" + filled[len("quote: Q\n"):] + "---\n",
			"2:7: quote is empty: pages of quotes need it (the quotation)"},
		{"empty number", "---\nyear: \"\"\nquote: Q\ntags: [a]\nobjective: q\nactions:\n  - text: T\n---\n",
			"2:7: year is empty: pages of quotes need it"},
		{"empty list", "---\ntags: []\nquote: Q\nyear: 2019\nobjective: q\nactions:\n  - text: T\n---\n",
			"2:7: tags is empty: pages of quotes need it"},
		{"empty reference", "---\nobjective: \" \"\nquote: Q\nyear: 2019\ntags: [a]\nactions:\n  - text: T\n---\n",
			"2:12: objective is empty: pages of quotes need it (the name of a page of quotes)"},
		{"no records", "---\nactions: []\nquote: Q\nyear: 2019\ntags: [a]\nobjective: q\n---\n",
			"2:10: actions is empty: pages of quotes need it"},
		{"empty text in a record", "---\nquote: Q\nyear: 2019\ntags: [a]\nobjective: q\nactions:\n  - text: \"\"\n---\n",
			"7:11: actions[1].text is empty: each record needs it"},
		{"TOML", "+++\nquote = \"\"\nyear = 2019\ntags = [\"a\"]\nobjective = \"q\"\n[[actions]]\ntext = \"T\"\n+++\n",
			"2:9: quote is empty: pages of quotes need it (the quotation)"},
		{"JSON", "{\n\"quote\": \"\\t\",\n\"year\": 2019, \"tags\": [\"a\"], \"objective\": \"q\", \"actions\": [{\"text\": \"T\"}]\n}\n\n",
			"2:10: quote is empty: pages of quotes need it (the quotation)"},
		{"zero", "---\n" + filled[:len("quote: Q\n")] + "year: 0\n" + filled[len("quote: Q\nyear: 2019\n"):] + "---\n", ""},
		{"blank, not required", "---\n" + filled + "note: \"\"\n---\n", ""},
		{"blank in a record, not required", "---\n" + filled + "    note: \"\"\n---\n", ""},
	}
	cfg := newConfig(t, types)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("quotes/q.md", []byte(tt.src), cfg)
			var got string
			for _, d := range ds {
				got += posOf(d) + ": " + d.Message
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestValuesHint checks that a value outside a field's allowed values is
// answered with the list of them, and with a guess only for a plain typo:
// another case, a letter or two wrong, missing, extra or swapped, spaces
// or hyphens. A guess of another word ("doing" is two letters from
// "done") would tell the writer the work is finished.
func TestValuesHint(t *testing.T) {
	cfg := newConfig(t, `
[types.objectives.fields.status]
kind = "string"
values = ["planned", "in progress", "done"]
`)
	const list = " is not one of: planned, in progress, done"
	tests := []struct{ value, hint string }{
		{"doing", ""},
		{"don't", ""},
		{"plan", ""},
		{"planning", ""},
		{"progress", ""},
		{"finished", ""},
		{"Done", "done"},
		{"DONE", "done"},
		{"don", "done"},
		{"dnoe", "done"},
		{"doen", "done"},
		{"planed", "planned"},
		{"plannd", "planned"},
		{"Planned.", "planned"},
		{"in progres", "in progress"},
		{"inprogress", "in progress"},
		{"In Progress", "in progress"},
		{"in-progress", "in progress"},
		{"in_progress", "in progress"},
		{"in progess", "in progress"},
		{"im progrss", "in progress"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			_, ds := Parse("objectives/o.md", []byte("---\nstatus: \""+tt.value+"\"\n---\n"), cfg)
			want := "2:9: status: " + strconv.Quote(tt.value) + list
			if tt.hint != "" {
				want += " (did you mean " + strconv.Quote(tt.hint) + "?)"
			}
			if len(ds) != 1 || posOf(ds[0])+": "+ds[0].Message != want {
				t.Errorf("got  %v\nwant %s", ds, want)
			}
		})
	}
}
