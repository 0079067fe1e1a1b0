package render

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"plansite/internal/diag"
	"plansite/internal/tomlpos"
)

// declMarker opens the comment at the top of a shortcode's template that
// declares what the shortcode takes, in TOML:
//
//	{{- /* plansite:shortcode
//	inner = "markdown"
//	[args.id]
//	position = 0
//	kind = "ref"
//	section = "quotes"
//	required = true
//	*/ -}}
const declMarker = "plansite:shortcode"

// decl is what a shortcode declares it takes. A template without one
// takes anything, as in Hugo.
type decl struct {
	Description string `toml:"description"`
	// Inner is "none" (no closing tag; the default), "markdown" (a
	// {{% %}} pair, whose inner text is Markdown), "text" or "optional".
	Inner string              `toml:"inner"`
	Args  map[string]*argDecl `toml:"args"`
	// names are the arguments in the order declared.
	names []string
}

// argDecl is one declared argument.
type argDecl struct {
	// Position, when set, lets the argument be given without its name,
	// at that place (from 0).
	Position    *int     `toml:"position"`
	Kind        string   `toml:"kind"` // string (default), int, bool, ref, link, image, url
	Section     string   `toml:"section"`
	Required    bool     `toml:"required"`
	Values      []string `toml:"values"`
	Description string   `toml:"description"`
	name        string
}

var argKinds = []string{"string", "int", "bool", "ref", "link", "image", "url"}

// parseDecl reads the declaration of the shortcode template file, if it
// has one. Errors are at the template's lines.
func parseDecl(file string, src []byte) (*decl, error) {
	start := bytes.Index(src, []byte(declMarker))
	if start < 0 || bytes.Contains(bytes.TrimSpace(src[:start]), []byte("}}")) {
		return nil, nil // none, or not at the top
	}
	body := src[start+len(declMarker):]
	end := bytes.Index(body, []byte("*/"))
	if end < 0 {
		return nil, declError(file, src, start, "the declaration is never closed with */")
	}
	body = body[:end]
	// The declaration's TOML starts after the marker, on its line.
	bodyAt := diag.PosAt(src, start+len(declMarker))
	d := &decl{}
	md, err := toml.Decode(string(body), d)
	if err != nil {
		d := diag.Errorf(file, bodyAt.Line, 0, "the shortcode's declaration: %v", err)
		if pe, ok := errors.AsType[toml.ParseError](err); ok {
			at, msg := tomlpos.ErrorAt(body, pe)
			if at.Line == 1 {
				at.Col += bodyAt.Col - 1
			}
			d.Line, d.Column = bodyAt.Line+at.Line-1, at.Col
			d.Message = "the shortcode's declaration: " + msg
		}
		return nil, diag.Errors{d}
	}
	if u := md.Undecoded(); len(u) > 0 {
		return nil, declError(file, src, start, fmt.Sprintf("the shortcode's declaration has %q, which is not one of description, inner, args (and each argument's position, kind, section, required, values, description)", u[0].String()))
	}
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "args" {
			d.names = append(d.names, k[1])
		}
	}
	return d, d.check(file, src, start)
}

// check reports a declaration that cannot be followed.
func (d *decl) check(file string, src []byte, at int) error {
	switch d.Inner {
	case "", "none", "markdown", "text", "optional":
	default:
		return declError(file, src, at, fmt.Sprintf("inner = %q: it is one of none, markdown, text, optional", d.Inner))
	}
	taken := map[int]string{}
	for _, name := range d.names {
		a := d.Args[name]
		a.name = name
		if a.Kind == "" {
			a.Kind = "string"
		}
		if !slices.Contains(argKinds, a.Kind) {
			return declError(file, src, at, fmt.Sprintf("argument %s: kind %q is not one of %s", name, a.Kind, strings.Join(argKinds, ", ")))
		}
		if a.Kind == "ref" && a.Section == "" {
			return declError(file, src, at, fmt.Sprintf("argument %s: a ref names the section of its pages: add section = \"…\"", name))
		}
		if a.Position != nil {
			if other, ok := taken[*a.Position]; ok {
				return declError(file, src, at, fmt.Sprintf("arguments %s and %s both take position %d", other, name, *a.Position))
			}
			taken[*a.Position] = name
		}
	}
	return nil
}

func declError(file string, src []byte, at int, msg string) error {
	p := diag.PosAt(src, at)
	return diag.Errors{diag.Errorf(file, p.Line, p.Col, "%s", msg)}
}

// byPosition is the argument declared at a position, or nil.
func (d *decl) byPosition(i int) *argDecl {
	for _, a := range d.Args {
		if a.Position != nil && *a.Position == i {
			return a
		}
	}
	return nil
}

// positions is how many positional arguments the shortcode takes.
func (d *decl) positions() int {
	n := 0
	for _, a := range d.Args {
		if a.Position != nil {
			n = max(n, *a.Position+1)
		}
	}
	return n
}
