package render

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"plansite/internal/content"
	"plansite/internal/diag"
	"plansite/internal/images"
	"plansite/internal/shortcode"
	"plansite/internal/site"
)

// view checks a call against its template (and its declaration, when it
// has one) and makes what the template sees.
func (sx *scExec) view(c *shortcode.Call, sc *scTemplate) (*Shortcode, []*shortcode.Error) {
	v := &Shortcode{call: c, sx: sx, args: map[string]any{}, refs: map[string]*site.Page{}, links: map[string]string{}, images: map[string]*ImageView{}}
	sx.views[c] = v
	var errs []*shortcode.Error
	for _, a := range c.Args {
		if a.Name == "" {
			v.pos = append(v.pos, a.Typed())
		} else {
			if v.named == nil {
				v.named = map[string]any{}
			}
			v.named[a.Name] = a.Typed()
		}
	}
	d := sc.decl
	if v.pos != nil && v.named != nil && d == nil {
		// A shortcode that declares its arguments knows each by both.
		errs = append(errs, errAt(c.Start, "shortcode %q has arguments both by position and by name, which Hugo does not allow: name them all", c.Name))
	}
	if d == nil {
		if sc.usesInner && !c.Closed && !c.Cut {
			errs = append(errs, errAt(c.Start, "shortcode %q is never closed: end it with %s, or close it at once with %s", c.Name, tagText(c, "/"+c.Name), tagText(c, c.Name+" /")))
		}
		return v, errs
	}
	errs = append(errs, sx.checkInner(c, d)...)
	given := map[string]shortcode.Arg{}
	for i, a := range c.Args {
		name := a.Name
		if name == "" {
			ad := d.byPosition(i)
			if ad == nil {
				errs = append(errs, errAt(a.At, "shortcode %q takes %s: name this one%s", c.Name, positions(d.positions()), d.takes()))
				continue
			}
			name = ad.name
		} else if d.Args[name] == nil {
			errs = append(errs, errAt(a.At, "shortcode %q has no argument %q%s%s", c.Name, name, diag.Hint(name, d.names), d.takes()))
			continue
		}
		if _, twice := given[name]; twice {
			errs = append(errs, errAt(a.At, "argument %q of shortcode %q is given twice", name, c.Name))
			continue
		}
		given[name] = a
		if err := sx.setArg(v, d.Args[name], a); err != nil {
			errs = append(errs, err...)
		}
	}
	for _, name := range d.names {
		if _, ok := given[name]; !ok && d.Args[name].Required {
			errs = append(errs, errAt(c.NameAt, "shortcode %q needs its argument %q%s", c.Name, name, describeArg(d.Args[name])))
		}
	}
	return v, errs
}

// checkInner checks a call's closing tag and delimiters against what the
// shortcode declares of its inner text.
func (sx *scExec) checkInner(c *shortcode.Call, d *decl) []*shortcode.Error {
	paired := c.Closed && !c.SelfClosed
	switch d.Inner {
	case "", "none":
		if paired {
			return []*shortcode.Error{errAt(c.InnerEnd, "shortcode %q takes no inner text: remove %s", c.Name, tagText(c, "/"+c.Name))}
		}
	case "markdown", "text":
		if !paired && !c.Cut {
			return []*shortcode.Error{errAt(c.Start, "shortcode %q is never closed: put its text before %s", c.Name, tagText(c, "/"+c.Name))}
		}
		if d.Inner == "markdown" && !c.Markdown {
			return []*shortcode.Error{errAt(c.Start, "the inner text of shortcode %q is Markdown: write {{%% %s %%}}…{{%% /%s %%}}", c.Name, c.Name, c.Name)}
		}
	}
	return nil
}

// tagText writes a tag as a call of c's kind would be written.
func tagText(c *shortcode.Call, inside string) string {
	if c.Markdown {
		return "{{% " + inside + " %}}"
	}
	return "{{< " + inside + " >}}"
}

func positions(n int) string {
	switch n {
	case 0:
		return "no arguments by position"
	case 1:
		return "one argument by position"
	}
	return fmt.Sprintf("%d arguments by position", n)
}

// takes lists the arguments a shortcode takes, for messages.
func (d *decl) takes() string {
	if len(d.names) == 0 {
		return "; it takes no arguments"
	}
	names := slices.Clone(d.names)
	sort.Strings(names)
	return "; it takes: " + strings.Join(names, ", ")
}

func describeArg(a *argDecl) string {
	if a.Description != "" {
		return ": " + a.Description
	}
	return ""
}

// setArg checks one argument against its declaration and keeps its value.
func (sx *scExec) setArg(v *Shortcode, ad *argDecl, a shortcode.Arg) []*shortcode.Error {
	name, val := ad.name, a.Value
	if len(ad.Values) > 0 && !slices.Contains(ad.Values, val) {
		return []*shortcode.Error{errAt(a.At, "%s = %q is not one of: %s%s", name, val, strings.Join(ad.Values, ", "), diag.TypoHint(val, ad.Values))}
	}
	if name == "alt" && images.AltIsFileName(val) {
		defer func() {
			sx.errs = append(sx.errs, warnAt(a.At, "alt text %q is a file's name: say what the image shows", val))
		}()
	}
	switch ad.Kind {
	case "int":
		n, err := strconv.Atoi(val)
		if err != nil {
			return []*shortcode.Error{errAt(a.At, "%s must be a whole number, not %q", name, val)}
		}
		v.args[name] = n
	case "bool":
		if val != "true" && val != "false" {
			return []*shortcode.Error{errAt(a.At, "%s must be true or false, not %q", name, val)}
		}
		v.args[name] = val == "true"
	case "ref":
		// A page of the page's language, as a reference in front matter.
		p, problem := siteOf(sx.page, sx.r.site).ResolveRef(content.Ref{Field: name, Section: ad.Section, Name: strings.TrimSuffix(val, ".md")})
		if p == nil {
			return []*shortcode.Error{errAt(a.At, "%s", problem)}
		}
		v.refs[name] = p
		v.args[name] = val
	case "link":
		return sx.linkArg(v, name, a)
	case "image":
		return sx.imageArg(v, name, a)
	case "url":
		u, err := url.Parse(val)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return []*shortcode.Error{errAt(a.At, "%s must be a full address, https://…, not %q", name, val)}
		}
		v.args[name] = val
	default:
		v.args[name] = val
	}
	return nil
}

// linkArg resolves a link argument as a Markdown link is resolved.
func (sx *scExec) linkArg(v *Shortcode, name string, a shortcode.Arg) []*shortcode.Error {
	if sx.env.Resolver == nil {
		v.links[name], v.args[name] = a.Value, a.Value
		return nil
	}
	t := sx.env.Resolver.Resolve(a.Value, false)
	if t.Problem != "" {
		return []*shortcode.Error{errAt(a.At, "%s %q: %s", name, a.Value, t.Problem)}
	}
	v.links[name], v.args[name] = t.URL, a.Value
	return nil
}

// imageArg resolves an image argument and sizes the image.
func (sx *scExec) imageArg(v *Shortcode, name string, a shortcode.Arg) []*shortcode.Error {
	v.args[name] = a.Value
	if sx.env.Resolver == nil {
		v.images[name] = &ImageView{RelPermalink: a.Value}
		return nil
	}
	t := sx.env.Resolver.Resolve(a.Value, true)
	switch {
	case t.Problem != "":
		return []*shortcode.Error{errAt(a.At, "%s %q: %s", name, a.Value, t.Problem)}
	case t.File == "" || t.External:
		return []*shortcode.Error{errAt(a.At, "%s %q: give a file of content/, such as chart.png beside the page", name, a.Value)}
	}
	iv := &ImageView{RelPermalink: t.URL}
	v.images[name] = iv
	if sx.env.Images == nil || !images.Raster(t.File) {
		return nil
	}
	im, err := sx.env.Images.Image(t.File)
	if err != nil {
		return []*shortcode.Error{errAt(a.At, "%s %q: %v", name, a.Value, err)}
	}
	if im == nil {
		return nil
	}
	src := im.Sources(t.URL)
	iv.RelPermalink, iv.Width, iv.Height, iv.SrcSet, iv.Sizes = src.Src, im.Width, im.Height, src.SrcSet, src.Sizes
	c := v.call
	iv.Lazy = sx.pics || (sx.firstMD >= 0 && sx.firstMD < c.Start)
	if !iv.Lazy {
		sx.out.Lazy = true
	}
	sx.pics = true
	sx.out.Images = append(sx.out.Images, im)
	if im.Served() > images.MaxServed {
		sx.errs = append(sx.errs, warnAt(a.At, "%s", images.TooBig(im)))
	}
	return nil
}
