package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"plansite/internal/diag"
)

// maxCells bounds a CSV file's cells, so that a file of empty cells
// (",,,,") cannot make millions of values within the size bound.
const maxCells = 1_000_000

// table is a CSV file as read: its header and rows, each cell with where
// it stands in the file.
type table struct {
	header []cell
	rows   []tableRow
}

// tableRow is one row: its cells, and its number in a spreadsheet (the
// header is row 1), which is the line it starts on unless a cell above it
// holds a line break.
type tableRow struct {
	cells []cell
	num   int
}

type cell struct {
	text string
	pos  diag.Pos
}

// readCSV reads CSV as spreadsheets save it: UTF-8 with or without a BOM,
// CRLF or LF, cells in quotes holding commas, quotes and line breaks, and
// the semicolons Excel separates cells with where a comma is the decimal
// point. Rows with nothing in them (a spreadsheet's trailing rows) are left
// out. It stops at the first problem, as what follows a broken quote or a
// byte of another encoding would only repeat it.
func readCSV(src []byte) (*table, error) {
	if err := notText(src); err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	lineOff := 0
	delim, rest, ok := excelSep(src)
	if ok {
		src, lineOff = rest, 1
	} else {
		delim = guessDelim(src)
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	lines := newLineIndex(src)
	t := &table{}
	cells := 0
	for num := 1; ; num++ {
		rec, err := r.Read()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, csvError(err, lines, lineOff)
		}
		if cells += len(rec); cells > maxCells {
			line, _ := r.FieldPos(0)
			return nil, errorAt(diag.Pos{Line: line + lineOff, Col: 1}, "more than %d cells: a data file is for a table a site shows, not a database", maxCells)
		}
		row := tableRow{num: num, cells: make([]cell, len(rec))}
		for i, text := range rec {
			line, col := r.FieldPos(i)
			row.cells[i] = cell{text: text, pos: lines.pos(line, col, lineOff)}
			if !utf8.ValidString(text) {
				return nil, errorAt(row.cells[i].pos, "the file is not UTF-8 text: row %d is the first with a character that is not (a spreadsheet saved it as plain \"CSV\", in its own encoding): save it as \"CSV UTF-8\"", num)
			}
		}
		if num == 1 {
			t.header = row.cells
		} else if !blankRow(rec) {
			t.rows = append(t.rows, row)
		}
	}
}

// notText recognises the files a spreadsheet saves that are not CSV at
// all, for a message that says what to do: its own format, renamed or
// saved with the wrong choice, or CSV in UTF-16 ("Unicode Text").
func notText(src []byte) error {
	at := diag.Pos{Line: 1, Col: 1}
	switch {
	case bytes.HasPrefix(src, []byte("PK\x03\x04")), bytes.HasPrefix(src, []byte("\xd0\xcf\x11\xe0")):
		return errorAt(at, "this is a spreadsheet's own file (Excel, LibreOffice), not CSV: save it as \"CSV UTF-8\"")
	case bytes.HasPrefix(src, []byte("\xff\xfe")), bytes.HasPrefix(src, []byte("\xfe\xff")):
		return errorAt(at, "the file is UTF-16 text (\"Unicode Text\"), not UTF-8: save it as \"CSV UTF-8\"")
	}
	return nil
}

// excelSep reads the line "sep=;" Excel writes, and reads, to say which
// character separates cells, and returns the file after it.
func excelSep(src []byte) (rune, []byte, bool) {
	line, rest, _ := bytes.Cut(src, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if s, ok := bytes.CutPrefix(line, []byte("sep=")); ok && utf8.RuneCount(s) == 1 {
		r, _ := utf8.DecodeRune(s)
		if r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError {
			return r, rest, true
		}
	}
	return 0, nil, false
}

// guessDelim is the character that separates the header's cells: a comma,
// unless the header has none and has semicolons (Excel's CSV where a comma
// is the decimal point) or tabs.
func guessDelim(src []byte) rune {
	header, _, _ := bytes.Cut(src, []byte("\n"))
	switch {
	case bytes.ContainsRune(header, ','):
		return ','
	case bytes.ContainsRune(header, ';'):
		return ';'
	case bytes.ContainsRune(header, '\t'):
		return '\t'
	}
	return ','
}

func blankRow(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvError says in a writer's words what encoding/csv found wrong.
func csvError(err error, lines *lineIndex, lineOff int) error {
	pe, ok := errors.AsType[*csv.ParseError](err)
	if !ok {
		return errorAt(diag.Pos{Line: 1, Col: 1}, "%v", err)
	}
	at := lines.pos(pe.Line, pe.Column, lineOff)
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return errorAt(at, "a quote (\") in a cell that does not start with one: put the whole cell in quotes and double the quote inside it (\"5\"\" screen\"), as spreadsheets do")
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine && at.Line == lines.last()+lineOff:
		return errorAt(diag.Pos{Line: pe.StartLine + lineOff, Col: 1}, "a cell of this row opens a quote (\") that is never closed: close it at the end of the cell")
	case errors.Is(pe.Err, csv.ErrQuote):
		return errorAt(at, "a cell in quotes goes on after its closing quote: put the whole cell in quotes and double each quote inside it (\"5\"\" screen\")")
	}
	return errorAt(at, "%v", pe.Err)
}

// lineIndex converts encoding/csv's positions (a line, and a column
// counted in bytes) to plansite's (columns counted in characters). It
// counts from the last position it gave when it can: a row's cells come
// in order, and counting each from its line's start took time quadratic in
// the length of the line.
type lineIndex struct {
	src    []byte
	starts []int
	// The last position given: its line, and its column in bytes and in
	// characters.
	line, byteCol, col int
}

func newLineIndex(src []byte) *lineIndex {
	l := &lineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// pos is the position of a 1-based line and byte column, lineOff lines
// below where the index starts.
func (l *lineIndex) pos(line, col, lineOff int) diag.Pos {
	if line < 1 || line > len(l.starts) {
		return diag.Pos{Line: line + lineOff, Col: max(col, 1)}
	}
	start := l.starts[line-1]
	if line != l.line || col < l.byteCol {
		l.line, l.byteCol, l.col = line, 1, 1
	}
	from := min(start+l.byteCol-1, len(l.src))
	end := min(start+max(col-1, 0), len(l.src))
	l.col += utf8.RuneCount(l.src[from:end])
	l.byteCol = col
	return diag.Pos{Line: line + lineOff, Col: l.col}
}

// last is the number of the last line that has anything on it.
func (l *lineIndex) last() int {
	n := len(l.starts)
	if n > 1 && l.starts[n-1] == len(l.src) {
		n-- // the file ends with a line break
	}
	return n
}
