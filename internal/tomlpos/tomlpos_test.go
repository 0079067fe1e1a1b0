package tomlpos

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
)

// positions decodes src and returns where each key and its value stand,
// as "line:col" strings, one per occurrence, joined by spaces.
func positions(t *testing.T, src string) (keys, vals map[string]string) {
	t.Helper()
	var m map[string]any
	md, err := toml.Decode(src, &m)
	if err != nil {
		t.Fatal(err)
	}
	k, v := FindValues([]byte(src), md.Keys(), 0)
	join := func(p Positions) map[string]string {
		out := map[string]string{}
		for key, ps := range p {
			var s []string
			for _, x := range ps {
				s = append(s, fmt.Sprintf("%d:%d", x.Line, x.Col))
			}
			out[key] = strings.Join(s, " ")
		}
		return out
	}
	return join(k), join(v)
}

func TestFindValues(t *testing.T) {
	tests := []struct {
		name, src  string
		keys, vals map[string]string // only the keys named are checked
	}{
		{"keys and values", "title = \"T\"\n  baseURL   =   \"https://example.org/\"\nsummaryLength=70\n",
			map[string]string{"title": "1:1", "baseURL": "2:3", "summaryLength": "3:1"},
			map[string]string{"title": "1:9", "baseURL": "2:17", "summaryLength": "3:15"}},
		{"a table and its keys", "[params]\norganisation = \"LC\"\n",
			map[string]string{"params": "1:1", "params.organisation": "2:1"},
			map[string]string{"params": "1:1", "params.organisation": "2:16"}},
		{"arrays of tables", "[[menus.main]]\nname = \"A\"\n\n[[menus.main]]\n  name = \"B\"\n  weight = 2\n",
			map[string]string{"menus.main": "1:1 4:1", "menus.main.name": "2:1 5:3", "menus.main.weight": "6:3"},
			map[string]string{"menus.main.name": "2:8 5:10", "menus.main.weight": "6:12"}},
		{"dotted keys, at their last part", "types.quotes.fields.year.kind = \"int\"\n",
			map[string]string{"types.quotes.fields.year.kind": "1:26"},
			map[string]string{"types.quotes.fields.year.kind": "1:33"}},
		{"quoted keys", "[t]\n\"my key\" = 1\n'x.y' = 2\n[ u . \"v w\" ] # a comment\nz = 3\n",
			map[string]string{`t."my key"`: "2:1", `t."x.y"`: "3:1", `u."v w"`: "4:1", `u."v w".z`: "5:1"},
			map[string]string{`t."my key"`: "2:12", `t."x.y"`: "3:9", `u."v w".z`: "5:5"}},
		{"inline tables", "point = { x = 1, y = \"two\" }\n",
			map[string]string{"point": "1:1", "point.x": "1:11", "point.y": "1:18"},
			map[string]string{"point": "1:9", "point.x": "1:15", "point.y": "1:22"}},
		{"not in strings", "note = \"x, y = 2\"\nlit = 'a, y = 3'\ny = 4\n",
			map[string]string{"y": "3:1"}, map[string]string{"y": "3:5"}},
		{"not in multi-line strings", "desc = \"\"\"\ny = 2\n\\\"\"\" y = 3\n\"\"\"\nlit = '''\n[y]\n'''\ny = 4\n",
			map[string]string{"y": "8:1"}, nil},
		{"not in comments", "x = 1 # , y = 2\n# y = 3\ny = 4\n",
			map[string]string{"y": "3:1"}, nil},
		{"an = in a quoted key", "\"a=b\" = 1\n",
			map[string]string{`"a=b"`: "1:1"}, map[string]string{`"a=b"`: "1:9"}},
		{"non-ASCII, counted in characters", "p = { a = \"Bücherei\", b = 2 }\n",
			map[string]string{"p.b": "1:23"}, map[string]string{"p.b": "1:27"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, vals := positions(t, tt.src)
			for k, want := range tt.keys {
				if keys[k] != want {
					t.Errorf("key %s at %q, want %q (all: %v)", k, keys[k], want, keys)
				}
			}
			for k, want := range tt.vals {
				if vals[k] != want {
					t.Errorf("value of %s at %q, want %q (all: %v)", k, vals[k], want, vals)
				}
			}
		})
	}
}

func TestLineOffset(t *testing.T) {
	src := "title = \"A\"\nweight = 3\n"
	var m map[string]any
	md, err := toml.Decode(src, &m)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := FindValues([]byte(src), md.Keys(), 4)
	if got, want := p.Of("weight"), (diag.Pos{Line: 6, Col: 1}); got != want {
		t.Errorf("weight at %v, want %v", got, want)
	}
	if got := p.Nth("weight", 1); got != (diag.Pos{}) {
		t.Errorf("a second weight at %v", got)
	}
}

func TestErrorAt(t *testing.T) {
	tests := []struct{ src, want string }{
		{"title = \"T\"\nweight = = 3\n", "2:10: expected value but found '=' instead"},
		{"title = \"T\"\nbaseURL = \"x\"\ntitle = \"again\"\n", "3:1: title is already set above: keep one of the two"},
		{"[a]\nb = 1\n[a]\n", "3:2: a is already set above: keep one of the two"},
		{"x = [1,\n2,,]\n", "2:3: unexpected comma"},
		// Columns count characters: ü is two bytes.
		{"a = \"ü\" = 3\n", "1:8: expected a top-level item to end with a newline, comment, or EOF"},
	}
	for _, tt := range tests {
		var m map[string]any
		_, err := toml.Decode(tt.src, &m)
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: no parse error: %v", tt.src, err)
			continue
		}
		at, msg := ErrorAt([]byte(tt.src), pe)
		if got := fmt.Sprintf("%d:%d: %s", at.Line, at.Col, msg); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q: got %s, want %s", tt.src, got, tt.want)
		}
	}
}

// FuzzFindValues finds the keys of any TOML document: it must never panic,
// and every key it places is on a line of the document.
func FuzzFindValues(f *testing.F) {
	for _, s := range []string{
		"a = 1", "[t]\n\"k\" = 'v'\n", "d = \"\"\"\nx = 1\n\"\"\"\n", "l = '''\n'''", "p = {x = 1, y = [2]}\n",
		"[[a]]\nb = 1\n[[a]]\nb = 2\n", "s = \"\\\"x\\\\\" # c\n", "a.b.\"c d\" = 1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var m map[string]any
		md, err := toml.Decode(src, &m)
		if err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				ErrorAt([]byte(src), pe)
			}
			return
		}
		lines := strings.Count(src, "\n") + 1
		keys, vals := FindValues([]byte(src), md.Keys(), 0)
		for _, p := range []Positions{keys, vals} {
			for k, ps := range p {
				for _, x := range ps {
					if x.Line < 1 || x.Line > lines || x.Col < 1 {
						t.Fatalf("%s at %v", k, x)
					}
				}
			}
		}
	})
}
