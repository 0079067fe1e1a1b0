// Package diag holds the diagnostics a build reports: errors and warnings that
// name a file, a line and a column, collected from every stage so that a user
// sees all of them at once.
package diag

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes a Severity read as a word in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Origin says whose file a diagnostic names: the site's own, or the
// built-in theme's, which a writer cannot open in the site folder.
type Origin int

const (
	Site Origin = iota
	BuiltIn
)

func (o Origin) String() string {
	if o == BuiltIn {
		return "built-in theme"
	}
	return "site"
}

// MarshalText makes an Origin read as words in JSON.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Diagnostic is one problem found in a user's site. File is slash-separated
// and relative to the site's folder; Line and Column are 1-based and zero
// when unknown.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Origin says whether File is the site's or the built-in theme's.
	Origin Origin `json:"origin,omitempty"`
	// Page names the page being rendered when a layout went wrong
	// ("content/about.md", or the address of a page without a file), and
	// Others how many more pages the same fault broke.
	Page   string `json:"page,omitempty"`
	Others int    `json:"others,omitempty"`
}

// Error formats the diagnostic the way compilers do, so that editors and
// terminals can jump to it: file:line:col: message.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Origin == BuiltIn {
		b.WriteString(" (built-in theme)")
	}
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	switch {
	case d.Page == "":
	case d.Others == 0:
		fmt.Fprintf(&b, " (rendering %s)", d.Page)
	case d.Others == 1:
		fmt.Fprintf(&b, " (rendering %s and 1 more page)", d.Page)
	default:
		fmt.Fprintf(&b, " (rendering %s and %d more pages)", d.Page, d.Others)
	}
	return b.String()
}

// Where is the diagnostic's place as Error writes it, without the message:
// "layouts/page.html (built-in theme):3:5".
func (d Diagnostic) Where() string {
	e := Diagnostic{File: d.File, Line: d.Line, Column: d.Column, Origin: d.Origin}.Error()
	return strings.TrimSuffix(e, ": ")
}

// Errorf makes an error diagnostic.
func Errorf(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Column: col, Severity: Error, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning diagnostic.
func Warnf(file string, line, col int, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: line, Column: col, Severity: Warning, Message: fmt.Sprintf(format, args...)}
}

// List is a set of diagnostics. The zero value is ready to use and safe for
// concurrent use, because pages are loaded and rendered in parallel.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records diagnostics.
func (l *List) Add(ds ...Diagnostic) {
	if len(ds) == 0 {
		return
	}
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Items returns the diagnostics sorted by file, line and column, without
// duplicates (a fault seen from two places is reported once).
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]Diagnostic(nil), l.items...)
	Sort(out)
	return dedupe(out)
}

// Count says how many of ds are errors and how many warnings.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders diagnostics by file, line, column, then message.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Origin != b.Origin {
			return a.Origin < b.Origin
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Page < b.Page
	})
}

func dedupe(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors is the error a failed build returns: every error diagnostic of it.
type Errors []Diagnostic

func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, d := range e {
		parts[i] = d.Error()
	}
	return strings.Join(parts, "\n")
}

// AsList extracts the diagnostics carried by err, if it carries any.
func AsList(err error) ([]Diagnostic, bool) {
	var es Errors
	if errors.As(err, &es) {
		return es, true
	}
	var d Diagnostic
	if errors.As(err, &d) {
		return []Diagnostic{d}, true
	}
	return nil, false
}

// Pos is a 1-based line and column in a file.
type Pos struct {
	Line, Col int
}

// PosAt converts a byte offset in src to a line and a column counted in
// characters (runes), which is what editors show.
func PosAt(src []byte, off int) Pos {
	off = min(max(off, 0), len(src))
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	return Pos{Line: line, Col: column(src, bytes.LastIndexByte(src[:off], '\n')+1, off)}
}

// column is the 1-based column, in runes, of off on the line starting at start.
func column(src []byte, start, off int) int {
	return 1 + utf8.RuneCount(src[start:off])
}

// Lines converts many offsets in one source to positions, indexing where
// its lines start once. Offsets asked for in order along one line are
// counted on from the last, so that every value of a long line (minified
// JSON) costs no more than the line. It is not safe for concurrent use.
type Lines struct {
	src    []byte
	starts []int
	// last is the last offset asked for, and its position.
	last    int
	lastPos Pos
}

// NewLines indexes the lines of src.
func NewLines(src []byte) *Lines {
	l := &Lines{src: src, starts: []int{0}}
	for i, b := range src {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// Pos is the position of an offset, as PosAt gives it.
func (l *Lines) Pos(off int) Pos {
	off = min(max(off, 0), len(l.src))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	p := Pos{Line: i + 1}
	if l.lastPos.Line == p.Line && l.last <= off {
		p.Col = l.lastPos.Col + utf8.RuneCount(l.src[l.last:off])
	} else {
		p.Col = column(l.src, l.starts[i], off)
	}
	// Counting on is exact only from a character's first byte.
	if off == len(l.src) || utf8.RuneStart(l.src[off]) {
		l.last, l.lastPos = off, p
	}
	return p
}

// Closest returns the candidate nearest to s by edit distance, if it is near
// enough to be a likely typo, for "did you mean" hints.
func Closest(s string, candidates []string) (string, bool) {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := levenshtein(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return "", false
	}
	limit := max(len([]rune(s))/3, 2)
	return best, bestD <= limit
}

// Hint formats " (did you mean %q?)" when a close candidate exists.
func Hint(s string, candidates []string) string {
	if c, ok := Closest(s, candidates); ok && c != s {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// Typo returns the candidate s is a plain typo of, for hints where a
// guess of another word would mislead: a field's allowed values, where
// "doing" is two letters from "done" and means something else. A typo is
// the candidate in another case or with its spaces, hyphens or
// underscores changed, or with a letter wrong, missing, extra or swapped
// with the next: one such slip in a word of four or five letters, two in
// a longer one, none in a shorter one.
func Typo(s string, candidates []string) (string, bool) {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := 0
		if squash(ls) != squash(lc) {
			d = swaps(ls, lc)
			n := utf8.RuneCountInString(c)
			if n <= 3 || n <= 5 && d > 1 || d > 2 {
				continue
			}
		}
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best, bestD >= 0
}

// TypoHint formats " (did you mean %q?)" when s is a plain typo of a
// candidate, by the rules of Typo.
func TypoHint(s string, candidates []string) string {
	if c, ok := Typo(s, candidates); ok && c != s {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// squash drops what separates words, which writers put in or leave out.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// swaps is the edit distance that counts two neighbouring letters written
// the wrong way round as one slip, as a writer would.
func swaps(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
