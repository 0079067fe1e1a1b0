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
	val := ""
	if f.Kind != config.Records {
		val = placeholder(f)
	}
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
	if val == "" && f.Kind != config.Records && f.Description == "" && len(f.Values) == 0 {
		// Nothing on the line shows what to write.
		note = append(note, takes(f))
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
	if val != "" {
		val = " " + val
	}
	fmt.Fprintf(b, "%s%s:%s%s\n", indent, f.Name, val, comment)
	if f.Kind == config.Records {
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
	}
}

// placeholder is the value a new page gives a field: its default, or
// nothing. A made-up value (0, "", a date in year 1) would pass the page's
// checks, required or not, and be published as if the writer had meant
// it; left empty, a required field is reported until it is filled in, and
// any other is as good as not given.
func placeholder(f *config.Field) string {
	switch v := f.Default.(type) {
	case nil:
	case string:
		return strconv.Quote(v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case time.Time:
		if v.Equal(v.Truncate(24 * time.Hour)) {
			return v.Format("2006-01-02")
		}
		return v.Format(time.RFC3339)
	default:
		return fmt.Sprint(v)
	}
	if !f.Required {
		// Shows how the value is written, and means what it says.
		switch f.Kind {
		case config.Bool:
			return "false"
		case config.List, config.Refs:
			return "[]"
		}
	}
	return ""
}

// takes says what a field takes, for a comment beside an empty value.
func takes(f *config.Field) string {
	switch f.Kind {
	case config.Int:
		return "a whole number"
	case config.Float:
		return "a number"
	case config.Bool:
		return "true or false"
	case config.Date:
		return "a date, such as 2019-04-01"
	case config.List:
		return "a list, such as [a, b]"
	case config.Ref:
		return "the name of a page of " + f.Section
	case config.Refs:
		return "a list of names of pages of " + f.Section + ", such as [a, b]"
	}
	return "text"
}
