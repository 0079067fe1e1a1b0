// Package data reads a site's data/ folder: CSV, YAML, JSON and TOML files
// that templates see as .Site.Data, each checked against its type from
// site.toml when it has one, with the checks and messages front matter
// gets.
package data

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"plansite/internal/config"
	"plansite/internal/diag"
	"plansite/internal/folders"
)

// The bounds of a data file's size. A site's tables are a few kilobytes.
// Read into values for templates, 8 MiB of CSV's short cells take about
// 90 MB of memory (16 MiB took 186 MB), as much as a build should give one
// file; YAML, JSON and TOML take several times more for each value (8 MiB
// of YAML took 590 MB, as yaml.v3 makes its own tree first), so they are
// bounded as front matter is.
const (
	maxSize      = 8 << 20
	maxTreeSize  = 1 << 20
	treeSizeNote = "a YAML, JSON or TOML data file may be at most 1 MB: keep a long table in a CSV file"
)

// File is one data file, read.
type File struct {
	Name   string // its path in data/ without its extension: "progress", "team/people"
	Path   string // from the site folder, for messages: "data/progress.csv"
	Format string // "csv", "yaml", "json" or "toml"
	// Value is what templates see: a CSV file's rows, each a map from the
	// header's names to the row's cells; any other file's values.
	Value any
	// Records are a typed file's records, checked.
	Records []Record
	Diags   []diag.Diagnostic
	typ     *config.Type
	sum     [32]byte
}

func (f *File) errorf(at diag.Pos, format string, args ...any) {
	f.Diags = append(f.Diags, diag.Errorf(f.Path, at.Line, at.Col, format, args...))
}

// Set is the data files of a site.
type Set struct {
	Files []*File // in path order
	// Values are the files' values as templates see them, .Site.Data: a
	// file's under its name, a folder's files in a map of their own.
	Values map[string]any
	// Diags are every file's problems, and the folder's.
	Diags []diag.Diagnostic
}

// File is the data file of the given name, or nil.
func (s *Set) File(name string) *File {
	for _, f := range s.Files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Loader reads data/ again and again, reading again only the files whose
// bytes changed.
type Loader struct {
	dir   string
	types map[string]*config.Type
	last  map[string]*File // by path
	sig   string           // of the last load: every file's path and sum, and the folder's problems
}

// NewLoader makes a loader for the site folder dir, whose data files of
// the given names are checked against their types.
func NewLoader(dir string, types map[string]*config.Type) *Loader {
	return &Loader{dir: dir, types: types, last: map[string]*File{}}
}

// Load reads data/ and reports whether anything in it changed since the
// last Load. A site without data/ has no data. Every problem is a
// diagnostic: a file that cannot be read is the site's to fix.
func (l *Loader) Load() (*Set, bool) {
	s := &Set{Values: map[string]any{}}
	paths, warns := l.list()
	s.Diags = append(s.Diags, warns...)
	files := make(map[string]*File, len(paths))
	var sig strings.Builder
	for _, p := range paths {
		f := l.read(p)
		files[p] = f
		s.Files = append(s.Files, f)
		s.Diags = append(s.Diags, f.Diags...)
		fmt.Fprintf(&sig, "%s\x00%x\x00", p, f.sum)
	}
	for _, d := range warns {
		sig.WriteString(d.Error() + "\x00")
	}
	s.Diags = append(s.Diags, s.nest()...)
	s.Diags = append(s.Diags, l.typos(s)...)
	changed := sig.String() != l.sig
	l.last, l.sig = files, sig.String()
	return s, changed
}

// list lists the data files of data/, by their slash paths relative to it,
// sorted, and warns of what is not read: a spreadsheet's own file, and
// anything but a regular file (a link could lead out of the site, and
// reading a named pipe would never end).
func (l *Loader) list() ([]string, []diag.Diagnostic) {
	root := filepath.Join(l.dir, folders.Data)
	var paths []string
	var warns []diag.Diagnostic
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case p == root:
			return nil
		case folders.Ignored(d.Name()) && d.IsDir():
			return fs.SkipDir
		case folders.Ignored(d.Name()) || d.IsDir():
			return nil
		}
		ext := strings.ToLower(path.Ext(rel))
		switch {
		case config.DataExts[ext] == "" && spreadsheet(ext):
			warns = append(warns, diag.Warnf(folders.Data+"/"+rel, 0, 0, "this spreadsheet is not read: save it as \"CSV UTF-8\" for templates to see it as .Site.Data"))
		case config.DataExts[ext] == "":
			// Notes, a README: not data.
		case !d.Type().IsRegular():
			warns = append(warns, diag.Warnf(folders.Data+"/"+rel, 0, 0, "not read: a data file must be a regular file, not a link, pipe or device"))
		default:
			paths = append(paths, rel)
		}
		return nil
	})
	if err != nil {
		warns = append(warns, diag.Errorf(folders.Data, 0, 0, "%v", err))
	}
	slices.Sort(paths)
	return paths, warns
}

func spreadsheet(ext string) bool {
	switch ext {
	case ".xlsx", ".xls", ".xlsm", ".ods", ".numbers":
		return true
	}
	return false
}

// read reads one data file, or keeps the last reading of it when its
// bytes are the same.
func (l *Loader) read(rel string) *File {
	ext := path.Ext(rel)
	name := strings.TrimSuffix(rel, ext)
	f := &File{Name: name, Path: folders.Data + "/" + rel, Format: config.DataExts[strings.ToLower(ext)], typ: l.types[name]}
	limit, note := int64(maxSize), fmt.Sprintf("a data file may be at most %d MB: a site's tables are far smaller (is this the file you meant?)", maxSize>>20)
	if f.Format != "csv" {
		limit, note = maxTreeSize, treeSizeNote
	}
	src, err := readBounded(filepath.Join(l.dir, folders.Data, filepath.FromSlash(rel)), limit, note)
	if err != nil {
		f.errorf(diag.Pos{}, "%v", err)
		return f
	}
	f.sum = sha256.Sum256(src)
	if old := l.last[rel]; old != nil && old.sum == f.sum {
		return old
	}
	f.parse(src)
	f.limitDiags()
	return f
}

// maxDiags bounds the problems listed for one file. A spreadsheet whose
// dates are all in a form plansite does not read has one problem ten
// thousand times: listed in full, the rest of the build's problems would
// scroll away, and the preview's page of them would take seconds to open.
const maxDiags = 100

// limitDiags keeps the first maxDiags problems, by place in the file, and
// says how many more there are.
func (f *File) limitDiags() {
	if len(f.Diags) <= maxDiags {
		return
	}
	diag.Sort(f.Diags)
	more := len(f.Diags) - maxDiags
	f.Diags = append(f.Diags[:maxDiags:maxDiags], diag.Errorf(f.Path, 0, 0, "and %d more problems after line %d, not listed: fix these first", more, f.Diags[maxDiags-1].Line))
}

// parse reads a data file's bytes into its value and, for a typed file,
// its records.
func (f *File) parse(src []byte) {
	if f.Format == "csv" {
		t, err := readCSV(src)
		if err != nil {
			f.fail(err)
			return
		}
		f.fromTable(t)
		return
	}
	if err := notUTF8(src); err != nil {
		f.fail(err)
		return
	}
	n, err := decode(f.Format, src)
	if err != nil {
		f.fail(err)
		return
	}
	f.fromTree(n)
}

func (f *File) fail(err error) {
	if de, ok := errors.AsType[*decodeError](err); ok {
		f.errorf(de.at, "%s", de.msg)
		return
	}
	f.errorf(diag.Pos{}, "%v", err)
}

// readBounded reads a file of at most limit bytes, saying how large one
// that is larger is, and note, without reading it.
func readBounded(p string, limit int64, note string) ([]byte, error) {
	fh, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	tooLarge := func(size int64) error {
		return fmt.Errorf("the file is %.1f MB, and %s", float64(size)/1e6, note)
	}
	if fi, err := fh.Stat(); err == nil && fi.Size() > limit {
		return nil, tooLarge(fi.Size())
	}
	src, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, tooLarge(int64(len(src)))
	}
	return src, nil
}

// notUTF8 reports the first byte of src that is not UTF-8.
func notUTF8(src []byte) error {
	if utf8.Valid(src) {
		return nil
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return errorAt(diag.PosAt(src, i), "the file is not UTF-8 text (this is its first character that is not): save it as UTF-8")
		}
		i += n
	}
	return nil
}

// nest puts each file's value in Values under its name, a folder's files
// in a map of the folder's name, as Hugo's .Site.Data has them. Two files
// of one name, or a file and a folder, would each hide the other.
func (s *Set) nest() []diag.Diagnostic {
	var ds []diag.Diagnostic
	owner := map[string]string{} // a name taken → the file or folder that took it
	for _, f := range s.Files {
		parts := strings.Split(f.Name, "/")
		m := s.Values
		for i, part := range parts {
			key := strings.Join(parts[:i+1], "/")
			leaf := i == len(parts)-1
			took := folders.Data + "/" + key + "/"
			if leaf {
				took = f.Path
			}
			if o, ok := owner[key]; ok && (leaf || !strings.HasSuffix(o, "/")) {
				ds = append(ds, diag.Errorf(f.Path, 0, 0, "%s and %s are both .Site.Data.%s: rename one", o, took, strings.ReplaceAll(key, "/", ".")))
				break
			}
			owner[key] = took
			if leaf {
				m[part] = f.Value
				break
			}
			sub, _ := m[part].(map[string]any)
			if sub == nil {
				sub = map[string]any{}
				m[part] = sub
			}
			m = sub
		}
	}
	return ds
}

// typos reports a data type of site.toml whose name is near that of a
// file without one, as a slip that leaves the file unchecked. A type with
// no file near its name may be for a file to come.
func (l *Loader) typos(s *Set) []diag.Diagnostic {
	var untyped []string
	for _, f := range s.Files {
		if f.typ == nil {
			untyped = append(untyped, f.Name)
		}
	}
	var ds []diag.Diagnostic
	for _, name := range slices.Sorted(maps.Keys(l.types)) {
		if s.File(name) != nil || len(untyped) == 0 {
			continue
		}
		if hint := diag.Hint(name, untyped); hint != "" {
			at := l.types[name].Pos
			ds = append(ds, diag.Errorf(folders.Config, at.Line, at.Col, "data type %q has no file data/%s.csv (or .yaml, .json, .toml)%s", name, name, hint))
		}
	}
	return ds
}
