package titles

import "testing"

// Each want is the title Hugo 0.166.0 gives a section folder without
// _index.md (pluralizeListTitles and titleCaseStyle "ap", its defaults).
func TestTitleFromDirAsHugo(t *testing.T) {
	tests := []struct{ dir, want string }{
		{"notes/", "Notes"},
		{"loose/", "Looses"},
		{"field-notes/", "Field-Notes"},
		{"docs/guide/", "Guides"},
		{"person/", "People"},
		{"terms-of-use/", "Terms-of-Uses"},
		{"the-end/", "The-Ends"},
		{"news/", "News"},
		{"my_stuff/", "My_stuffs"},
		{"café/", "Cafés"},
		{"A-Team/", "A-Teams"},
		{"2019/", "2019s"},
		{"data/", "Data"},
	}
	for _, tt := range tests {
		if got := FromDir(tt.dir); got != tt.want {
			t.Errorf("FromDir(%q) = %q, want %q", tt.dir, got, tt.want)
		}
	}
}

func TestPluralize(t *testing.T) {
	for in, want := range map[string]string{
		"guide": "guides", "notes": "notes", "class": "classes", "box": "boxes", "church": "churches",
		"library": "libraries", "day": "days", "news": "news", "person": "people", "Child": "Children",
		"reading-list": "reading-lists", "field-notes": "field-notes", "status": "status",
	} {
		if got := pluralize(in); got != want {
			t.Errorf("pluralize(%q) = %q, want %q", in, got, want)
		}
	}
}
