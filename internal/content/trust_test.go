package content

import (
	"fmt"
	"strings"
	"testing"
)

// TestDuplicateKeys checks that a key given twice is an error at the
// second, in every format, at any depth, with keys compared as Hugo reads
// them (Title is title): YAML and JSON let the last one win in silence.
func TestDuplicateKeys(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"YAML", "---\ntitle: A\ntags: [a]\ntitle: B\n---\n",
			"content/a.md:4:1: title is given twice (first on line 2): keep one"},
		{"YAML, plain lines", "---\ntitle: A\ntitle: B\n---\n",
			"content/a.md:3:1: title is given twice (first on line 2): keep one"},
		{"YAML, another case", "---\ntitle: A\nTitle: B\n---\n",
			"content/a.md:3:1: Title is given twice (first on line 2, as title): keep one"},
		{"YAML, flow", "---\nparams: {colour: red, Colour: blue}\n---\n",
			"content/a.md:2:23: params.Colour is given twice (first at column 10, as colour): keep one"},
		{"YAML, in a record", "---\nactions:\n  - text: A\n  - text: B\n    status: done\n    text: C\n---\n",
			"content/a.md:6:5: actions[2].text is given twice (first on line 4): keep one"},
		{"YAML, every one", "---\ntitle: A\nweight: 1\ntitle: B\nweight: 2\n---\n",
			"content/a.md:4:1: title is given twice (first on line 2): keep one\n" +
				"content/a.md:5:1: weight is given twice (first on line 3): keep one"},
		{"JSON", "{\n  \"title\": \"A\",\n  \"title\": \"B\"\n}\n\n",
			"content/a.md:3:3: title is given twice (first on line 2): keep one"},
		{"JSON, on one line", "{\"title\": \"A\", \"Title\": \"B\"}\n",
			"content/a.md:1:16: Title is given twice (first at column 2, as title): keep one"},
		{"JSON, in a record", "{\n  \"actions\": [{\"text\": \"A\",\n    \"TEXT\": \"B\"}]\n}\n\n",
			"content/a.md:3:5: actions[1].TEXT is given twice (first on line 2, as text): keep one"},
		{"TOML, another case", "+++\ntitle = \"A\"\nTitle = \"B\"\n+++\n",
			"content/a.md:3:1: Title is given twice (first on line 2, as title): keep one"},
		{"TOML, in a record", "+++\n[[actions]]\ntext = \"A\"\n[[actions]]\ntext = \"B\"\nText = \"C\"\n+++\n",
			"content/a.md:6:1: actions[2].Text is given twice (first on line 5, as text): keep one"},
		// Many keys are compared through a set, not pair by pair.
		{"YAML, many keys", "---\n" + manyKeys(20) + "K3: again\n---\n",
			"content/a.md:22:1: K3 is given twice (first on line 4, as k3): keep one"},
	}
	cfg := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Parse("a.md", []byte(tt.src), cfg)
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
	// A YAML merge key's fields are defaults that the map's own fields
	// override: not given twice.
	p, ds := Parse("a.md", []byte("---\n<<: {title: A, weight: 3}\ntitle: B\n---\n"), cfg)
	if len(ds) > 0 || p.Meta.Title != "B" || p.Meta.Weight != 3 {
		t.Errorf("merge key: title %q, weight %d, %v", p.Meta.Title, p.Meta.Weight, ds)
	}
}

// manyKeys is YAML front matter of n fields, k1 to kn.
func manyKeys(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "k%d: x\n", i)
	}
	return b.String()
}
