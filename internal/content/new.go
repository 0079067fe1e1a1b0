package content

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"plansite/internal/config"
)

// Slug makes a file name from a title: lower case, letters and digits kept
// (accented and non-Latin ones too), everything else a single hyphen.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ArchetypeData is what an archetype template sees.
type ArchetypeData struct {
	Title, Name, Section string
	Date                 string // today, as 2006-01-02
}

// FromArchetype fills an archetype (a text/template of a page).
func FromArchetype(tmpl []byte, d ArchetypeData) ([]byte, error) {
	t, err := template.New("archetype").Option("missingkey=error").Parse(string(tmpl))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// FromType writes a new page for a section from its content type: every
// declared field, with its default or a value to replace, and a comment
// saying what the field takes. choices names the pages each referenced
// section has, for the comments.
func FromType(typ *config.Type, d ArchetypeData, choices map[string][]string) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(d.Title))
	fmt.Fprintf(&b, "date: %s\n", d.Date)
	if typ != nil {
		for _, f := range typ.Fields {
			if strings.EqualFold(f.Name, "title") || strings.EqualFold(f.Name, "date") {
				continue
			}
			writeField(&b, f, "", choices)
		}
	}
	b.WriteString("---\n\n")
	return b.Bytes()
}

func writeField(b *bytes.Buffer, f *config.Field, indent string, choices map[string][]string) {
	var note []string
	if f.Required {
		note = append(note, "required")
	}
	if f.Description != "" {
		note = append(note, f.Description)
	}
	if len(f.Values) > 0 {
		note = append(note, "one of: "+strings.Join(f.Values, ", "))
	}
	if f.Section != "" {
		if names := choices[f.Section]; len(names) > 0 {
			note = append(note, f.Section+": "+strings.Join(names, ", "))
		}
	}
	comment := ""
	if len(note) > 0 {
		comment = " # " + strings.Join(note, "; ")
	}
	switch f.Kind {
	case config.Records:
		fmt.Fprintf(b, "%s%s:%s\n", indent, f.Name, comment)
		// One record, every line of it (a record's own records too)
		// indented under its "- ", which stands in the first field's
		// indentation.
		inner := indent + "    "
		var rec bytes.Buffer
		for _, sub := range f.Fields {
			writeField(&rec, sub, inner, choices)
		}
		if rec.Len() > len(inner) {
			b.WriteString(indent + "  - " + rec.String()[len(inner):])
		}
	case config.List, config.Refs:
		fmt.Fprintf(b, "%s%s: []%s\n", indent, f.Name, comment)
	default:
		fmt.Fprintf(b, "%s%s: %s%s\n", indent, f.Name, placeholder(f), comment)
	}
}

func placeholder(f *config.Field) string {
	if f.Default != nil {
		if s, ok := f.Default.(string); ok {
			return strconv.Quote(s)
		}
		return fmt.Sprint(f.Default)
	}
	switch f.Kind {
	case config.Int, config.Float:
		return "0"
	case config.Bool:
		return "false"
	case config.Date:
		return time.Time{}.Format("2006-01-02")
	}
	return `""`
}
