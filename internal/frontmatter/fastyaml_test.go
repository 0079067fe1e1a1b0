package frontmatter

import (
	"fmt"
	"testing"
	"time"
)

// FuzzSimpleYAML checks that whatever the fast reader accepts, it reads
// exactly as yaml.v3 does: the same fields, values, kinds and positions.
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range []string{
		"title: \"A page\"\ndate: 2019-04-01T10:00:00Z\nweight: 3\nsummary: \"Some words.\"\n",
		"title: Plain text, with (punctuation)!\ndraft: true\n",
		"title:\nyear: 2019\n", "title: \n", "a: 'single'\n", "date: 2019-04-01\n",
		"n: -12\nz: 0\n", "t: yes\n", "x: \"tab\there\"\n", "k: 007\n", "a: b\r\nc: d\r\n",
		"title: A\n\nweight: 1\n", "a-b_c: x\n", "title: \"é\"\n",
		"title: A\ntitle: B\n", "title: A\nTitle: B\n",
	} {
		f.Add([]byte(s), 1)
		f.Add([]byte(s), 5)
	}
	f.Fuzz(func(t *testing.T, data []byte, first int) {
		if first < 1 || first > 1000 {
			return
		}
		fast, ok := simpleYAML(data, first)
		if !ok {
			return
		}
		full, at, err := parseYAMLFull(&Block{data: data, line: first})
		if err != nil {
			t.Fatalf("fast path read %q, yaml.v3 refused it at %v: %v", data, at, err)
		}
		if a, b := dump(fast), dump(full); a != b {
			t.Fatalf("%q:\nfast:    %s\nyaml.v3: %s", data, a, b)
		}
	})
}

// dump writes a tree out with everything a comparison must see.
func dump(n *Node) string {
	s := fmt.Sprintf("{k%d @%v key@%v q%t ", n.Kind, n.Pos, n.KeyPos, n.Quoted)
	switch v := n.Val.(type) {
	case time.Time:
		s += "time:" + v.Format(time.RFC3339Nano)
	default:
		s += fmt.Sprintf("%T:%#v", v, v)
	}
	for i, c := range n.Items {
		if i < len(n.Keys) {
			s += " " + n.Keys[i] + "="
		}
		s += dump(c)
	}
	return s + "}"
}
