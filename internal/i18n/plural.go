package i18n

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"

	"plansite/internal/tplfuncs"
)

// count is the number a message's data gives, and whether it gives one:
// the data itself when it is a number (i18n "actions" 3), or its Count
// (i18n "actions" (dict "Count" 3 "Name" …)), as Hugo reads it.
func count(data any) (float64, bool) {
	if m, ok := data.(map[string]any); ok {
		for _, k := range []string{"Count", "count"} {
			if v, ok := m[k]; ok {
				return number(v)
			}
		}
		return 0, false
	}
	return number(data)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case nil, bool:
		return 0, false
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	i, ok := tplfuncs.ToInt(v)
	return float64(i), ok
}

// form is the plural form of a count in the catalog's language, by CLDR's
// rules, which look at the number's integer digits and the digits after
// its point as written (1.50 is not 1.5): its shortest form here.
func (c *catalog) form(n float64) plural.Form {
	n = math.Abs(n)
	s := strconv.FormatFloat(n, 'f', -1, 64)
	ip, fp, _ := strings.Cut(s, ".")
	i, _ := strconv.Atoi(ip)
	v := len(fp)
	f, _ := strconv.Atoi("0" + fp)
	w := len(strings.TrimRight(fp, "0"))
	t, _ := strconv.Atoi("0" + strings.TrimRight(fp, "0"))
	return plural.Cardinal.MatchPlural(c.tag, i, v, w, f, t)
}
