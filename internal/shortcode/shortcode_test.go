package shortcode

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := `A {{< box one />}} and {{% md "two words" n=3 b=true %}}in *it*{{% /md %}}.
{{< outer >}}x {{< inner k=` + "`raw`" + ` >}} y{{< /outer >}}
{{</* box esc */>}}`
	calls, errs := Parse([]byte(src))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(calls) != 4 {
		t.Fatalf("%d calls, want 4", len(calls))
	}
	if c := calls[0]; c.Name != "box" || !c.SelfClosed || c.Args[0].Value != "one" {
		t.Errorf("first call %+v", c)
	}
	md := calls[1]
	if !md.Markdown || !md.Closed || src[md.InnerStart:md.InnerEnd] != "in *it*" {
		t.Errorf("md call %+v", md)
	}
	if got := md.Args[1].Typed(); got != 3 {
		t.Errorf("n = %#v, want 3", got)
	}
	if got := md.Args[2].Typed(); got != true {
		t.Errorf("b = %#v, want true", got)
	}
	if got := md.Args[0].Typed(); got != "two words" {
		t.Errorf("positional = %#v", got)
	}
	outer := calls[2]
	if len(outer.Children) != 1 || outer.Children[0].Name != "inner" || outer.Children[0].Parent != outer || outer.Children[0].Args[0].Value != "raw" {
		t.Errorf("outer %+v", outer)
	}
	if c := calls[3]; !c.Escaped || c.Literal != "{{< box esc >}}" {
		t.Errorf("escaped %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"{{< box", "never closed with >}}"},
		{"{{< >}}", "without a name"},
		{"x {{< /box >}}", "closes a shortcode that is not open"},
		{`{{< box "open >}}`, "quote is never closed"},
		{`{{< box v="` + strings.Repeat("x", 10<<20) + `" >}}`, "10.0 MB long"},
		{strings.Repeat("{{< d >}}", 100), "nested more than 32 deep"},
	} {
		_, errs := Parse([]byte(tt.src))
		if len(errs) == 0 || !strings.Contains(errs[0].Msg, tt.want) {
			t.Errorf("Parse(%.40q): %v, want %q", tt.src, errs, tt.want)
		}
	}
}

func TestExpand(t *testing.T) {
	src := "Hi {{< box a >}}<b>{{< /box >}}\n\n{{% wrap %}}\n*x*\n{{% /wrap %}}\n"
	calls, _ := Parse([]byte(src))
	r := func(c *Call, inner string) (string, []*Error) {
		if c.Name == "box" {
			return "<div>" + inner + "</div>", nil
		}
		return "<aside>\n\n" + inner + "\n\n</aside>", nil
	}
	e, errs := Expand([]byte(src), calls, r, Options{EscapeInner: true})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := "Hi " + Placeholder(0) + "\n\n<aside>\n\n\n*x*\n\n\n</aside>\n"
	if string(e.Src) != want {
		t.Fatalf("Src = %q, want %q", e.Src, want)
	}
	if e.HTML[0] != "<div>&lt;b&gt;</div>" {
		t.Errorf("HTML = %q", e.HTML[0])
	}
	x := strings.Index(string(e.Src), "*x*")
	if got, want := e.Orig(x), strings.Index(src, "*x*"); got != want {
		t.Errorf("Orig(*x*) = %d, want %d", got, want)
	}
	if e.Trusted(x) || !e.Trusted(strings.Index(string(e.Src), "<aside>")) {
		t.Error("the inner text must be the writer's, the <aside> the template's")
	}
	if i, n, ok := ReadPlaceholder(e.Src[3:]); !ok || i != 0 || n != len(Placeholder(0)) {
		t.Errorf("ReadPlaceholder = %d %d %v", i, n, ok)
	}
}

// TestTooDeep checks that calls nested too deep are one error, left out of
// the tree, and that the calls around them still pair with their closing
// tags and the rest of the page is read.
func TestTooDeep(t *testing.T) {
	src := strings.Repeat("{{< box >}}", 40) + "x" + strings.Repeat("{{< /box >}}", 40) + " {{< after >}}"
	calls, errs := Parse([]byte(src))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "nested more than 32 deep") {
		t.Fatalf("errors %v, want one, of nesting", errs)
	}
	if len(calls) != 2 || calls[1].Name != "after" || !calls[0].Closed {
		t.Fatalf("top-level calls %+v, want the outer box, closed, and after", calls)
	}
	depth := 0
	for c := calls[0]; c != nil; depth++ {
		if !c.Closed || c.Deep {
			t.Errorf("call %d deep: closed %v, too deep %v", depth, c.Closed, c.Deep)
		}
		var next *Call
		if len(c.Children) > 0 {
			next = c.Children[0]
		}
		c = next
	}
	if depth != MaxDepth {
		t.Errorf("the tree is %d deep, want %d", depth, MaxDepth)
	}
}

// TestExpandWarning checks that a {{% %}} call whose template changes
// .Inner is run again with the text when it only warned, as when it said
// nothing, and that the warning of both runs is said once.
func TestExpandWarning(t *testing.T) {
	src := "{{% shout %}}*x*{{% /shout %}}\n"
	calls, _ := Parse([]byte(src))
	for _, tt := range []struct {
		name  string
		errs  []*Error
		runs  int
		nerrs int
	}{
		{"silent", nil, 2, 0},
		{"warning", []*Error{{At: 0, Msg: "loud", Warning: true}}, 2, 1},
		{"error", []*Error{{At: 0, Msg: "broken"}}, 1, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runs := 0
			r := func(c *Call, inner string) (string, []*Error) {
				runs++
				var errs []*Error
				for _, e := range tt.errs {
					e := *e
					errs = append(errs, &e)
				}
				return strings.ToUpper(inner), errs
			}
			e, errs := Expand([]byte(src), calls, r, Options{})
			if runs != tt.runs {
				t.Errorf("the template ran %d times, want %d", runs, tt.runs)
			}
			if want := "*X*\n"; tt.runs == 2 && string(e.Src) != want {
				t.Errorf("Src = %q, want %q", e.Src, want)
			}
			if len(errs) != tt.nerrs {
				t.Errorf("%d errors %v, want %d", len(errs), errs, tt.nerrs)
			}
		})
	}
}
