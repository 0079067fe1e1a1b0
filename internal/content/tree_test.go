package content

import "testing"

// TestUnclosedQuote checks that a quoted YAML value left open is reported
// in a writer's words, at the quote that opens it, rather than as YAML's
// "found unexpected end of stream" where the block ends, or as whatever
// the next value's quote, taken to close it, makes of the lines after.
func TestUnclosedQuote(t *testing.T) {
	const (
		dq = `: this quoted value has no closing " (add one at the end of the value)`
		sq = `: this quoted value has no closing ' (add one at the end of the value)`
	)
	tests := []struct{ name, src, want string }{
		{"double", "---\ntitle: \"The plan\n---\n", "2:8: title" + dq},
		{"single", "---\ntitle: 'The plan\n---\n", "2:8: title" + sq},
		{"before other fields", "---\ntitle: A\nsummary:   \"Some words\ndate: 2019-04-01\nweight: 2\n---\nBody\n", "3:12: summary" + dq},
		{"closed by the next value's quote", "---\ntitle: \"The plan\ndescription: \"Words\"\n---\n", "2:8: title" + dq},
		{"single, closed by the next value's quote", "---\ntitle: 'The plan\ndescription: 'Words'\n---\n", "2:8: title" + sq},
		{"escaped quote inside", "---\ntitle: \"A \\\"plan\\\" for all\n---\n", "2:8: title" + dq},
		{"doubled quote inside", "---\ntitle: 'The library''s plan\n---\n", "2:8: title" + sq},
		{"after quotes that close", "---\ntitle: \"A\"\nkeywords: ['a', 'b]\n---\n", "3:17: keywords" + sq},
		{"in a list", "---\nkeywords:\n  - \"a\n  - b\n---\n", "3:5: this quoted value has no closing \" (add one at the end of the value)"},
		{"in a record", "---\nactions:\n  - text: \"Do it\n    status: done\n---\n", "3:11: text" + dq},
		{"after a comment with a quote", "---\ntitle: A # the \"working\" title\nsummary: \"Words\n---\n", "3:10: summary" + dq},
		{"columns in characters", "---\nnaïve: \"x\n---\n", "2:8: naïve" + dq},
		{"after a block of text", "---\nsummary: >-\n  \"Words\n\n  more\ntitle: \"T\n---\n", "6:8: title" + dq},
		// Quotes in a block of text are text: the mistake is elsewhere.
		{"not in a block of text", "---\nsummary: |\n  \"Quoted\ntitle: [a\n---\n", "4:8: YAML: did not find expected ',' or ']' (a list opened with [ is not closed with ])"},
		{"after blank lines", "\n\n---\ntitle: \"T\n---\n", "4:8: title" + dq},
	}
	cfg := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("a.md", []byte(tt.src), cfg)
			if len(ds) != 1 || posOf(ds[0])+": "+ds[0].Message != tt.want {
				t.Errorf("got  %v\nwant %s", ds, tt.want)
			}
		})
	}
	// A quote inside a plain value, or a quoted value over two lines, is
	// fine YAML.
	for _, src := range []string{
		"---\ntitle: The \"plan\n---\n", "---\ntitle: \"The\n  plan\"\n---\n", "---\ntitle: It's a plan\n---\n",
	} {
		if _, ds := Parse("a.md", []byte(src), cfg); len(ds) > 0 {
			t.Errorf("%q: %v", src, ds)
		}
	}
}
