package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/bep/golocales"

	"plansite/internal/config"
	"plansite/internal/frontmatter"
)

// dates names months and days in one language, from CLDR's data (by way of
// golocales, which Hugo uses for the same): "1 Ebrill 2019" in Welsh.
// English needs none: Go's own names are CLDR's English ones.
type dates struct {
	tr golocales.Translator // nil: Go's names
	// locale formats Hugo's :date_long and the like, as the language's
	// region writes dates (en-GB: "1 April 2019"); nil for en-US's.
	locale golocales.Translator
}

func newDates(l *config.Language) *dates {
	tr := golocales.New(l.LanguageCode)
	if tr == nil {
		tr = golocales.New(l.Lang)
	}
	base, _, _ := strings.Cut(strings.ToLower(l.Lang), "-")
	if base == "en" {
		return &dates{locale: tr}
	}
	return &dates{tr: tr, locale: tr}
}

// special are Hugo's layouts for a language's own date and time formats.
var special = map[string]func(golocales.Translator, time.Time) string{
	":date_full": golocales.Translator.FormatDateFull, ":date_long": golocales.Translator.FormatDateLong,
	":date_medium": golocales.Translator.FormatDateMedium, ":date_short": golocales.Translator.FormatDateShort,
	":time_full": golocales.Translator.FormatTimeFull, ":time_long": golocales.Translator.FormatTimeLong,
	":time_medium": golocales.Translator.FormatTimeMedium, ":time_short": golocales.Translator.FormatTimeShort,
}

// format formats t with a Go layout, naming months and days in the
// language: the layout is cut at each name it asks for (January, Jan,
// Monday, Mon, as Go reads them), and the rest formatted by Go.
func (d *dates) format(layout string, t time.Time) string {
	if f := special[layout]; f != nil {
		if d.locale == nil {
			return f(golocales.New("en"), t)
		}
		return f(d.locale, t)
	}
	if d.tr == nil {
		return t.Format(layout)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(layout); i++ {
		name, n := d.name(layout[i:], t)
		if n == 0 {
			continue
		}
		b.WriteString(t.Format(layout[last:i]))
		b.WriteString(name)
		i += n - 1
		last = i + 1
	}
	b.WriteString(t.Format(layout[last:]))
	return b.String()
}

// name is the month's or day's name a layout starts with, and how long
// that part of the layout is, or 0 when it starts with neither.
func (d *dates) name(rest string, t time.Time) (string, int) {
	switch {
	case strings.HasPrefix(rest, "January"):
		return d.tr.MonthsWide()[t.Month()-1], len("January")
	case strings.HasPrefix(rest, "Jan"):
		return d.tr.MonthsAbbreviated()[t.Month()-1], len("Jan")
	case strings.HasPrefix(rest, "Monday"):
		return d.tr.WeekdaysWide()[t.Weekday()], len("Monday")
	case strings.HasPrefix(rest, "Mon"):
		return d.tr.WeekdaysAbbreviated()[t.Weekday()], len("Mon")
	}
	return "", 0
}

// FormatDate is dateFormat in the language lang: a time, or a date
// written as front matter takes it, formatted with a Go layout (or one of
// Hugo's: ":date_long"…) with the language's names of months and days.
func (b *Bundle) FormatDate(lang, layout string, v any) (string, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case string:
		var err error
		if t, err = frontmatter.ParseDate(x); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("dateFormat: %v is not a date", v)
	}
	d := &dates{}
	if c := b.langs[lang]; c != nil {
		d = c.dates
	}
	return d.format(layout, t), nil
}
