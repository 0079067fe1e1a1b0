package site

import (
	"reflect"
	"testing"

	"plansite/internal/config"
	"plansite/internal/content"
	"plansite/internal/diag"
)

func linked(t *testing.T) *Site {
	t.Helper()
	cfg, err := config.Parse([]byte("title = \"T\"\n[types.quotes.fields.objective]\nkind = \"ref\"\nsection = \"objectives\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var srcs []*content.Page
	for rel, text := range map[string]string{
		"objectives/skills.md":  "---\ntitle: Skills\nactions: [{text: Train}]\n---\n",
		"objectives/reading.md": "---\ntitle: Reading\n---\n",
		"objectives/draft.md":   "---\ntitle: Draft\ndraft: true\n---\n",
	} {
		p, ds := content.Parse(rel, []byte(text), cfg)
		if len(ds) > 0 {
			t.Fatal(ds)
		}
		srcs = append(srcs, p)
	}
	s, ds := New(cfg, srcs, nil, Options{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	return s
}

// TestSetParams checks that params a data file sets are what templates
// see, and that a change of them, and only of them, marks the page as
// changed for a rebuild.
func TestSetParams(t *testing.T) {
	before := linked(t).Signatures()
	s := linked(t)
	skills := s.ByContentPath("objectives/skills.md")
	own := skills.Params()
	tracked := map[string]any{"title": "Skills", "actions": []map[string]any{{"text": "Train", "status": "done"}}}
	skills.SetParams(tracked, "actions[1].status=done")
	if !reflect.DeepEqual(skills.Params(), tracked) || reflect.DeepEqual(own, tracked) {
		t.Errorf("params %v, front matter's %v", skills.Params(), own)
	}
	d := before.Diff(s.Signatures())
	if len(d.Pages) != 1 || !d.Pages["objectives/skills.md"] {
		t.Errorf("changed pages %v, want the one whose params were set", d.Pages)
	}
}

// TestResolve checks that a reference from a data file finds its page, or
// says why not as a page's reference would.
func TestResolve(t *testing.T) {
	s := linked(t)
	ref := func(name string) content.Ref {
		return content.Ref{Field: "objective", Section: "objectives", Name: name, Pos: diag.Pos{Line: 2, Col: 1}}
	}
	if p, problem := s.Resolve(ref("skills")); p == nil || p.Title != "Skills" || problem != "" {
		t.Errorf("skills: %v, %q", p, problem)
	}
	for name, want := range map[string]string{
		"skils":   `objective "skils" does not exist (did you mean "skills"?)`,
		"draft":   `objective "draft" is a draft, which is not published: publish it, or build with --drafts`,
		"visions": `objective "visions" does not exist: name a page of content/objectives/ by its file's name without .md, such as "reading"`,
	} {
		if p, problem := s.Resolve(ref(name)); p != nil || problem != want {
			t.Errorf("%s: %v, %q; want %q", name, p, problem, want)
		}
	}
}
