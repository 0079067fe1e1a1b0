package frontmatter

import (
	"testing"
	"time"
)

// Dates in the forms Hugo accepts.
func TestParseDate(t *testing.T) {
	want := time.Date(2019, 4, 1, 9, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"2019-04-01T09:30:00Z", "2019-04-01T10:30:00+01:00", "2019-04-01T09:30:00", "2019-04-01 09:30:00",
		"2019-04-01 09:30", "2019-04-01T09:30", "Mon, 01 Apr 2019 09:30:00 UTC", "01 Apr 19 09:30 UTC",
	} {
		got, err := ParseDate(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"2019-04-01", "1 April 2019", "April 1, 2019", "01 Apr 2019"} {
		got, err := ParseDate(s)
		if err != nil || !got.Equal(time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("ParseDate(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseDate("next tuesday"); err == nil {
		t.Error("ParseDate accepted next tuesday")
	}
}

// TestNotJSON checks that a page whose first line only starts with a brace
// keeps it as text.
