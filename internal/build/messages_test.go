package build

import (
	"strings"
	"testing"
)

// messagesConfig declares a type with no fields, a required field, a
// reference and records, for the messages below.
const messagesConfig = `-- site.toml --
title = "Test site"
baseURL = "https://example.org/"
[types.news]
[types.quotes.fields.quote]
kind = "text"
required = true
[types.quotes.fields.objective]
kind = "ref"
section = "objectives"
[types.quotes.fields.offer]
kind = "ref"
section = "offers"
[types.objectives.fields.actions]
kind = "records"
[types.objectives.fields.actions.fields.text]
required = true
-- content/objectives/skills.md --
---
title: Skills
---
-- content/objectives/reading.md --
---
title: Reading
---
`

// TestMessagesSayWhatToDo checks messages that used to leave the writer
// guessing, or point at the wrong place: each names the fix, at the value
// or key it concerns.
func TestMessagesSayWhatToDo(t *testing.T) {
	tests := []struct{ name, files, want string }{
		{"a type without fields", "-- content/news/n.md --\n---\ntitle: N\ncolour: red\n---\n",
			`content/news/n.md:3:1: unknown field "colour"; site.toml declares no fields for pages of news, so they take only the built-in ones (title, description, date…)`},
		{"one record without its list, YAML", "-- content/objectives/o.md --\n---\nactions:\n  text: Do it\n---\n",
			`content/objectives/o.md:3:3: actions must be a list of records, not one set of fields: start each record with "- " on a line of its own`},
		{"one record without its list, TOML", "-- content/objectives/o.md --\n+++\n[actions]\ntext = \"Do it\"\n+++\n",
			`content/objectives/o.md:2:1: actions must be a list of records, not one set of fields: write each record under [[actions]]`},
		{"one record without its list, JSON", "-- content/objectives/o.md --\n{\n  \"actions\": {\"text\": \"Do it\"}\n}\n\n",
			`content/objectives/o.md:2:14: actions must be a list of records, not one set of fields: put the records between [ and ], each between { and }`},
		{"a required field left empty", "-- content/quotes/q.md --\n---\nquote:\n---\n",
			`content/quotes/q.md:2:7: quote is empty: pages of quotes need it`},
		{"a required field of a record left empty", "-- content/objectives/o.md --\n---\nactions:\n  - text:\n---\n",
			`content/objectives/o.md:3:10: actions[1].text is empty: each record needs it`},
		{"true in quotes", "-- content/a.md --\n---\ntitle: A\ndraft: \"true\"\n---\n",
			`content/a.md:3:8: draft must be true or false, not the text "true" (write true or false without quotes)`},
		{"a reference with no near miss", "-- content/quotes/q.md --\n---\nquote: Q\nobjective: libraries\n---\n",
			`content/quotes/q.md:3:12: objective "libraries" does not exist: name a page of content/objectives/ by its file's name without .md, such as "reading"`},
		{"a reference to an empty section", "-- content/quotes/q.md --\n---\nquote: Q\noffer: reading\n---\n",
			`content/quotes/q.md:3:8: offer "reading" does not exist: there are no pages in content/offers/`},
		{"a type's near miss", "-- content/notes/q.md --\n---\ntitle: Q\ntype: quote\n---\n",
			`content/notes/q.md:3:7: warning: type "quote" has no content type in site.toml, so the page's fields are not checked (did you mean "quotes"?)`},
		// The second entry's page, not the first's.
		{"a menu page with no near miss", "-- site.toml --\n[[menus.main]]\nname = \"Objectives\"\npage = \"objectives\"\n[[menus.main]]\nname = \"About\"\npage   = \"who-we-are\"\n",
			`site.toml:22:10: menu entry "About": page "who-we-are" does not exist: page names a file of content/ without .md, such as "about" or "objectives/skills", or a section, such as "objectives"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := messagesConfig + plainLayouts
			if rest, ok := strings.CutPrefix(tt.files, "-- site.toml --\n"); ok {
				// More of site.toml: it goes on from messagesConfig's.
				site = strings.Replace(site, "-- content/objectives/skills.md --", rest+"-- content/objectives/skills.md --", 1)
			} else {
				site += tt.files
			}
			s := buildSiteWithErrors(t, site)
			if got := strings.TrimSpace(s.messages()); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
