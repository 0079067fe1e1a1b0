// Package tplfuncs holds the template functions that know nothing of pages:
// Hugo's names and meanings for lists (where, first, sort…), numbers, text
// and dates, so that layouts written for Hugo work unchanged.
package tplfuncs

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"math"
	"plansite/internal/frontmatter"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Map is the functions, by the names templates call them.
func Map() template.FuncMap {
	return template.FuncMap{
		"safeHTML":     func(s any) template.HTML { return template.HTML(ToString(s)) },
		"safeHTMLAttr": func(s any) template.HTMLAttr { return template.HTMLAttr(ToString(s)) },
		"safeCSS":      func(s any) template.CSS { return template.CSS(ToString(s)) },
		"safeJS":       func(s any) template.JS { return template.JS(ToString(s)) },
		"safeURL":      func(s any) template.URL { return template.URL(ToString(s)) },
		"htmlEscape":   func(s any) string { return html.EscapeString(ToString(s)) },
		"htmlUnescape": func(s any) string { return html.UnescapeString(ToString(s)) },
		"jsonify":      jsonify,

		"len":        length,
		"dateFormat": dateFormat,
		"where":      where,
		"first":      first,
		"last":       last,
		"after":      after,
		"sort":       sortBy,
		"uniq":       uniq,
		"in":         in,
		"isset":      isset,
		"default":    defaultValue,
		"dict":       dict,
		"slice":      func(args ...any) []any { return args },
		"append":     appendTo,
		"seq":        Seq,
		"delimit":    delimit,
		"reverse":    reverse,

		"add": func(a, b any) any { return arith(a, b, '+') },
		"sub": func(a, b any) any { return arith(a, b, '-') },
		"mul": func(a, b any) any { return arith(a, b, '*') },
		"div": func(a, b any) any { return arith(a, b, '/') },
		"mod": func(a, b any) any { return arith(a, b, '%') },
		"int": func(a any) int { i, _ := ToInt(a); return i },

		"string":    ToString,
		"lower":     func(s any) string { return strings.ToLower(ToString(s)) },
		"upper":     func(s any) string { return strings.ToUpper(ToString(s)) },
		"title":     func(s any) string { return titleCase(ToString(s)) },
		"humanize":  humanize,
		"replace":   replace,
		"split":     func(s, sep any) []string { return strings.Split(ToString(s), ToString(sep)) },
		"trim":      func(s, cut any) string { return strings.Trim(ToString(s), ToString(cut)) },
		"hasPrefix": func(s, p any) bool { return strings.HasPrefix(ToString(s), ToString(p)) },
		"hasSuffix": func(s, p any) bool { return strings.HasSuffix(ToString(s), ToString(p)) },
		"truncate":  truncate,
		"errorf":    func(format string, args ...any) (string, error) { return "", fmt.Errorf(format, args...) },
	}
}

// length is the builtin len, except that nothing (a missing front matter
// field) has length 0 rather than failing the page, as in Hugo.
func length(v any) (int, error) {
	r := reflect.ValueOf(v)
	for r.Kind() == reflect.Pointer || r.Kind() == reflect.Interface {
		if r.IsNil() {
			return 0, nil
		}
		r = r.Elem()
	}
	switch r.Kind() {
	case reflect.Invalid:
		return 0, nil
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return r.Len(), nil
	}
	return 0, fmt.Errorf("len of %T", v)
}

func jsonify(v any) (template.HTML, error) {
	b, err := json.Marshal(v)
	return template.HTML(b), err
}

// dateFormat formats a time (or a date in text) with a Go layout.
func dateFormat(layout string, v any) (string, error) {
	switch t := v.(type) {
	case time.Time:
		return t.Format(layout), nil
	case string:
		tt, err := frontmatter.ParseDate(t)
		if err != nil {
			return "", err
		}
		return tt.Format(layout), nil
	}
	return "", fmt.Errorf("dateFormat: %v is not a date", v)
}

// where filters a list by a field of its elements, as Hugo's where:
// where .Pages "Section" "objectives", where $x "Params.status" "!=" "done".
func where(coll any, key string, args ...any) (any, error) {
	op, match := "==", any(nil)
	switch len(args) {
	case 1:
		match = args[0]
	case 2:
		op, match = ToString(args[0]), args[1]
	default:
		return nil, errors.New("where needs a list, a key, an optional operator and a value")
	}
	v := reflect.ValueOf(coll)
	if !v.IsValid() {
		return []any{}, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("where can't filter %T: it needs a list", coll)
	}
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), 0, v.Len())
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i)
		field, ok := fieldOf(e, key)
		if !ok && op != "!=" && op != "<>" {
			continue
		}
		keep, err := compare(field, op, match)
		if err != nil {
			return nil, err
		}
		if keep {
			out = reflect.Append(out, e)
		}
	}
	return out.Interface(), nil
}

// fieldOf follows a dotted path ("Params.status", ".Section") into a value:
// methods and fields of structs, keys of maps (case-insensitive, as params).
func fieldOf(v reflect.Value, key string) (any, bool) {
	for _, part := range strings.Split(strings.TrimPrefix(key, "."), ".") {
		for v.Kind() == reflect.Interface || (v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() != reflect.Struct) {
			v = v.Elem()
		}
		if !v.IsValid() {
			return nil, false
		}
		if m := v.MethodByName(part); m.IsValid() && m.Type().NumIn() == 0 {
			v = m.Call(nil)[0]
			continue
		}
		switch v.Kind() {
		case reflect.Map:
			found := false
			for _, k := range v.MapKeys() {
				if k.Kind() == reflect.String && strings.EqualFold(k.String(), part) {
					v, found = v.MapIndex(k), true
					break
				}
			}
			if !found {
				return nil, false
			}
		case reflect.Struct:
			f := v.FieldByName(part)
			if !f.IsValid() || !f.CanInterface() {
				return nil, false
			}
			v = f
		case reflect.Pointer:
			if v.IsNil() {
				return nil, false
			}
			f := v.Elem().FieldByName(part)
			if !f.IsValid() || !f.CanInterface() {
				return nil, false
			}
			v = f
		default:
			return nil, false
		}
	}
	if !v.IsValid() || !v.CanInterface() {
		return nil, false
	}
	return v.Interface(), true
}

func compare(a any, op string, b any) (bool, error) {
	switch op {
	case "=", "==", "eq":
		return equal(a, b), nil
	case "!=", "<>", "ne":
		return !equal(a, b), nil
	case "in":
		return in(b, a), nil
	case "not in":
		return !in(b, a), nil
	case "intersect":
		l := reflect.ValueOf(a)
		if l.Kind() != reflect.Slice {
			return false, nil
		}
		for i := 0; i < l.Len(); i++ {
			if in(b, l.Index(i).Interface()) {
				return true, nil
			}
		}
		return false, nil
	case "<", "<=", ">", ">=", "lt", "le", "gt", "ge":
		c, ok := order(a, b)
		if !ok {
			return false, nil
		}
		switch op {
		case "<", "lt":
			return c < 0, nil
		case "<=", "le":
			return c <= 0, nil
		case ">", "gt":
			return c > 0, nil
		default:
			return c >= 0, nil
		}
	}
	return false, fmt.Errorf("where: unknown operator %q", op)
}

func equal(a, b any) bool {
	if ai, ok := toNumber(a); ok {
		if bi, ok := toNumber(b); ok {
			return ai == bi
		}
	}
	// Views of pages are equal when they show the same page.
	if ap, ok := a.(interface{ Eq(any) bool }); ok {
		return ap.Eq(b)
	}
	if at, ok := a.(time.Time); ok {
		if bt, ok := b.(time.Time); ok {
			return at.Equal(bt)
		}
	}
	return reflect.DeepEqual(a, b) || (isStringish(a) && isStringish(b) && ToString(a) == ToString(b))
}

func isStringish(v any) bool {
	switch v.(type) {
	case string, template.HTML:
		return true
	}
	return false
}

func order(a, b any) (int, bool) {
	if x, ok := toNumber(a); ok {
		if y, ok := toNumber(b); ok {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	}
	if x, ok := a.(time.Time); ok {
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	}
	if isStringish(a) && isStringish(b) {
		return strings.Compare(ToString(a), ToString(b)), true
	}
	return 0, false
}

func toNumber(v any) (float64, bool) {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(r.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(r.Uint()), true
	case reflect.Float32, reflect.Float64:
		return r.Float(), true
	}
	return 0, false
}

// ToInt is a value as a whole number, if it is one or reads as one.
func ToInt(v any) (int, bool) {
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(r.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := r.Uint(); u <= math.MaxInt {
			return int(u), true
		}
		return 0, false
	case reflect.Float32, reflect.Float64:
		// Past int's range a float has no whole number to give.
		if f := r.Float(); f >= math.MinInt && f < math.MaxInt {
			return int(f), true
		}
		return 0, false
	}
	var i int
	_, err := fmt.Sscan(ToString(v), &i)
	return i, err == nil
}

// ToString is a value as text, as templates print it.
func ToString(v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		return s
	case template.HTML:
		return string(s)
	case template.URL:
		return string(s)
	case []byte:
		return string(s)
	case fmt.Stringer:
		return s.String()
	}
	return fmt.Sprint(v)
}

func sliceOf(coll any) (reflect.Value, error) {
	v := reflect.ValueOf(coll)
	if !v.IsValid() {
		return reflect.ValueOf([]any{}), nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return v, fmt.Errorf("%T is not a list", coll)
	}
	return v, nil
}

// first returns the first n elements of a list.
func first(n any, coll any) (any, error) {
	return window(coll, n, func(l, k int) (int, int) { return 0, k })
}

// last returns the last n elements of a list.
func last(n any, coll any) (any, error) {
	return window(coll, n, func(l, k int) (int, int) { return l - k, l })
}

// after returns the elements of a list after the first n.
func after(n any, coll any) (any, error) {
	return window(coll, n, func(l, k int) (int, int) { return k, l })
}

// window slices a list of length l from and to where span says, for a
// count n held between 0 and l.
func window(coll, n any, span func(l, k int) (from, to int)) (any, error) {
	v, err := sliceOf(coll)
	if err != nil {
		return nil, err
	}
	k, _ := ToInt(n)
	from, to := span(v.Len(), max(0, min(k, v.Len())))
	return v.Slice(from, to).Interface(), nil
}

func reverse(coll any) (any, error) {
	v, err := sliceOf(coll)
	if err != nil {
		return nil, err
	}
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), v.Len(), v.Len())
	for i := 0; i < v.Len(); i++ {
		out.Index(v.Len() - 1 - i).Set(v.Index(i))
	}
	return out.Interface(), nil
}

// sortBy sorts a list by a key of its elements ("Weight", "Params.number"),
// ascending unless "desc" is given; stable, so equal keys keep their order.
func sortBy(coll any, args ...any) (any, error) {
	v, err := sliceOf(coll)
	if err != nil {
		return nil, err
	}
	key, desc := "", false
	if len(args) > 0 {
		key = ToString(args[0])
	}
	if len(args) > 1 {
		desc = strings.EqualFold(ToString(args[1]), "desc")
	}
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), v.Len(), v.Len())
	reflect.Copy(out, v)
	keyOf := func(i int) any {
		e := out.Index(i)
		if key == "" || key == "value" {
			return e.Interface()
		}
		f, _ := fieldOf(e, key)
		return f
	}
	sort.SliceStable(out.Interface(), func(i, j int) bool {
		c, _ := order(keyOf(i), keyOf(j))
		if desc {
			return c > 0
		}
		return c < 0
	})
	return out.Interface(), nil
}

func uniq(coll any) (any, error) {
	v, err := sliceOf(coll)
	if err != nil {
		return nil, err
	}
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), 0, v.Len())
	for i := 0; i < v.Len(); i++ {
		dup := false
		for j := 0; j < out.Len(); j++ {
			if equal(out.Index(j).Interface(), v.Index(i).Interface()) {
				dup = true
				break
			}
		}
		if !dup {
			out = reflect.Append(out, v.Index(i))
		}
	}
	return out.Interface(), nil
}

// in reports whether a list holds v, or a string contains it.
func in(coll any, v any) bool {
	if s, ok := coll.(string); ok {
		return strings.Contains(s, ToString(v))
	}
	l := reflect.ValueOf(coll)
	if l.Kind() != reflect.Slice && l.Kind() != reflect.Array {
		return false
	}
	for i := 0; i < l.Len(); i++ {
		if equal(l.Index(i).Interface(), v) {
			return true
		}
	}
	return false
}

func isset(coll any, key any) bool {
	v := reflect.ValueOf(coll)
	switch v.Kind() {
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if strings.EqualFold(ToString(k.Interface()), ToString(key)) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		i, ok := ToInt(key)
		return ok && i >= 0 && i < v.Len()
	}
	return false
}

// defaultValue returns v, or def when v is empty, as Hugo's default.
func defaultValue(def any, v ...any) any {
	if len(v) == 0 || isEmpty(v[0]) {
		return def
	}
	return v[0]
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return r.Len() == 0
	case reflect.Bool:
		return !r.Bool()
	case reflect.Pointer, reflect.Interface:
		return r.IsNil()
	}
	if t, ok := v.(time.Time); ok {
		return t.IsZero()
	}
	return r.IsZero()
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict needs pairs of keys and values")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m[ToString(kv[i])] = kv[i+1]
	}
	return m, nil
}

func appendTo(args ...any) (any, error) {
	if len(args) < 2 {
		return nil, errors.New("append needs values and a list: append 4 $list")
	}
	v, err := sliceOf(args[len(args)-1])
	if err != nil {
		return nil, err
	}
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), 0, v.Len()+len(args)-1)
	out = reflect.AppendSlice(out, v)
	for _, a := range args[:len(args)-1] {
		av := reflect.ValueOf(a)
		if !av.Type().AssignableTo(out.Type().Elem()) {
			return nil, fmt.Errorf("append: can't add %T to a list of %s", a, out.Type().Elem())
		}
		out = reflect.Append(out, av)
	}
	return out.Interface(), nil
}

// MaxText is the longest text a function makes from shorter text: replace
// can multiply its text's length, and a page has no use for more.
const MaxText = 64 << 20

// replace is strings.ReplaceAll, refusing to make more than MaxText: an
// empty old, or many of a short one, multiplies the text's length by
// new's.
func replace(s, old, new any) (string, error) {
	str, o, n := ToString(s), ToString(old), ToString(new)
	count := strings.Count(str, o)
	if len(n) > len(o) && count > 0 && (len(n)-len(o)) > (MaxText-len(str))/count {
		return "", fmt.Errorf("replace: the text would be over %d MiB", MaxText>>20)
	}
	return strings.ReplaceAll(str, o, n), nil
}

// MaxSeq is the longest list seq makes: a longer one is a mistake in a
// layout, and would take the machine's memory.
const MaxSeq = 10000

// Seq counts, as Hugo's seq: seq 3 is 1 2 3, seq -2 is -1 -2; seq 2 5 is
// 2 3 4 5 and seq 5 2 is 5 4 3 2; seq 1 3 10 is 1 4 7 10.
func Seq(args ...any) ([]int, error) {
	from, step, to, err := seqArgs(args)
	if err != nil {
		return nil, err
	}
	if step == 0 || to != from && (to > from) != (step > 0) {
		return nil, fmt.Errorf("seq: counting from %d by %d never reaches %d", from, step, to)
	}
	// How many numbers, counted in unsigned arithmetic so that numbers
	// near the ends of int's range cannot overflow into a short count.
	var span, stride uint64
	if step > 0 {
		span, stride = uint64(to)-uint64(from), uint64(step)
	} else {
		span, stride = uint64(from)-uint64(to), uint64(-(step+1))+1
	}
	if steps := span / stride; steps >= MaxSeq {
		return nil, fmt.Errorf("seq: from %d to %d by %d is more than the %d numbers seq makes", from, to, step, MaxSeq)
	}
	n := span/stride + 1
	out := make([]int, n)
	for k := range out {
		out[k] = from + k*step
	}
	return out, nil
}

// seqArgs reads seq's one, two or three numbers as first, step and last.
func seqArgs(args []any) (from, step, to int, err error) {
	nums := make([]int, len(args))
	for i, a := range args {
		n, ok := ToInt(a)
		if !ok {
			return 0, 0, 0, fmt.Errorf("seq: %v is not a whole number", a)
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		switch n := nums[0]; {
		case n < 0:
			return -1, -1, n, nil
		case n == 0:
			return 0, 0, 0, errors.New("seq 0 counts nothing: give a number from 1")
		}
		return 1, 1, nums[0], nil
	case 2:
		if nums[1] < nums[0] {
			return nums[0], -1, nums[1], nil
		}
		return nums[0], 1, nums[1], nil
	case 3:
		return nums[0], nums[1], nums[2], nil
	}
	return 0, 0, 0, errors.New("seq needs one, two or three numbers")
}

func delimit(coll any, sep any, lastSep ...any) (string, error) {
	v, err := sliceOf(coll)
	if err != nil {
		return "", err
	}
	parts := make([]string, v.Len())
	for i := range parts {
		parts[i] = ToString(v.Index(i).Interface())
	}
	if len(lastSep) > 0 && len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ToString(sep)) + ToString(lastSep[0]) + parts[len(parts)-1], nil
	}
	return strings.Join(parts, ToString(sep)), nil
}

func arith(a, b any, op byte) any {
	x, xok := toNumber(a)
	y, yok := toNumber(b)
	if !xok || !yok {
		if op == '+' {
			return ToString(a) + ToString(b)
		}
		return 0
	}
	_, xf := a.(float64)
	_, yf := b.(float64)
	var r float64
	switch op {
	case '+':
		r = x + y
	case '-':
		r = x - y
	case '*':
		r = x * y
	case '/':
		if y == 0 {
			return 0
		}
		if !xf && !yf {
			return int(x) / int(y)
		}
		r = x / y
	case '%':
		if int(y) == 0 {
			return 0
		}
		return int(x) % int(y)
	}
	if xf || yf {
		return r
	}
	return int(r)
}

func truncate(n any, s any, ellipsis ...any) string {
	k, _ := ToInt(n)
	str := ToString(s)
	r := []rune(str)
	if len(r) <= k {
		return str
	}
	end := "…"
	if len(ellipsis) > 0 {
		end = ToString(ellipsis[0])
	}
	cut := string(r[:k])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > k/2 {
		cut = cut[:i]
	}
	return strings.TrimSpace(cut) + end
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// humanize makes "my-first-post" read "My first post".
func humanize(s any) string { return Humanize(ToString(s)) }

// Humanize makes a label of a name, as Hugo's humanize does for one
// without a number: "also_known_as" is "Also known as".
func Humanize(s string) string {
	str := strings.NewReplacer("-", " ", "_", " ").Replace(s)
	if str == "" {
		return ""
	}
	r := []rune(str)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
