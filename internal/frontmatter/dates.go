package frontmatter

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the forms of date Hugo accepts in front matter (through
// spf13/cast), most common first. A date without a zone is read as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05", // ISO 8601 without a zone
	"2006-01-02",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	time.RubyDate,
	"02 Jan 2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
}

// ParseDate reads a front matter date in any of the forms Hugo accepts.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: write it as 2019-04-01 or 2019-04-01T09:30:00Z", s)
}
