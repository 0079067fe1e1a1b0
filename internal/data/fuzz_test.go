package data

import (
	"testing"

	"plansite/internal/config"
)

// FuzzParse reads arbitrary bytes as each format, typed and not: whatever
// a spreadsheet or an editor saves, reading it must end in values or
// errors, never a panic, and every error must name a place in the file.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"objective,action,status\r\nskills,2,done\r\n",
		"\ufeffsep=;\nobjective;action\n\"a;b\";\"x\"\"y\nz\"\n",
		"a,b\n\"open\n1,2,3\n",
		"- name: Asha\n  role: lead\n- &a {name: Ben}\n- *a\n",
		`[{"name": "Asha", "since": "2019-04-01"}, 3]`,
		"name = \"Asha\"\n[[steps]]\ntext = \"x\"\n",
		"caf\xe9,\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	cfg, err := config.Parse([]byte(`title = "T"
[data.x.fields.name]
required = true
[data.x.fields.objective]
kind = "ref"
section = "objectives"
[data.x.fields.action]
kind = "int"
[data.x.fields.since]
kind = "date"
[data.x.fields.tags]
kind = "list"
[data.x.fields.steps]
kind = "records"
[data.x.fields.steps.fields.text]
required = true
`))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, format := range []string{"csv", "yaml", "json", "toml"} {
			for _, typ := range []*config.Type{nil, cfg.Data["x"]} {
				file := &File{Name: "x", Path: "data/x." + format, Format: format, typ: typ}
				file.parse(src)
				for _, d := range file.Diags {
					if d.File != file.Path || d.Line < 0 || d.Column < 0 {
						t.Fatalf("%s: a diagnostic without a proper place: %+v", format, d)
					}
				}
			}
		}
	})
}
