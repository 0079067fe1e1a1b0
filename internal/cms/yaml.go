package cms

import (
	"bytes"
	"time"

	"gopkg.in/yaml.v3"
)

// A YAML document written through yaml.v3's nodes, so that keys come out
// in the order given: Decap shows fields, and saves a page's front matter,
// in the order of its configuration, which follows site.toml's.

// mapping is a YAML mapping of the keys and values in kv, in that order:
// key, value, key, value… Values are nodes or anything yaml.v3 encodes;
// a nil value leaves its key out, so that optional settings read simply.
func mapping(kv ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			continue
		}
		m.Content = append(m.Content, scalar(kv[i].(string)), value(kv[i+1]))
	}
	return m
}

// add appends a key and its value to a mapping.
func add(m *yaml.Node, key string, v any) {
	m.Content = append(m.Content, scalar(key), value(v))
}

// sequence is a YAML sequence of nodes.
func sequence(items []*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

// value is v as a node. yaml.v3 quotes text that would read as another
// kind ("true", "2019"), and sorts a map's keys, so that every output is
// the same for the same site.toml.
func value(v any) *yaml.Node {
	switch x := v.(type) {
	case *yaml.Node:
		return x
	case time.Time:
		return scalar(dateText(x))
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		panic(err) // the values come from TOML: yaml.v3 encodes all of them
	}
	return &n
}

// dateText writes a date as the CMS's date picker saves it, with the time
// only when there is one.
func dateText(t time.Time) string {
	if t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// encode writes a document, after a comment saying where it comes from.
func encode(comment string, doc *yaml.Node) []byte {
	var b bytes.Buffer
	b.WriteString(comment)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		panic(err) // nodes made above: nothing yaml.v3 refuses
	}
	enc.Close()
	return b.Bytes()
}
