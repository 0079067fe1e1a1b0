package markdown

import (
	"strings"
	"testing"
)

// Each want is the ID Hugo 0.166.0 gives the heading (see also
// internal/build's TestHugoParity, which checks them against Hugo's pages).
func TestHeadingIDsAsHugo(t *testing.T) {
	tests := []struct {
		md, want string
	}{
		{"## Hello, World!", "hello-world"},
		{"## A [link](/about/) in a heading", "a-link-in-a-heading"},
		{"## A [link with *emphasis* inside](/about/) heading", "a-link-with--heading"},
		{"## An autolink https://example.net/page here", "an-autolink--here"},
		{"## An image ![alt text](/img.png) heading", "an-image-alt-text-heading"},
		{"## A <span>raw</span> span", "a-raw-span"},
		{"## Entities &amp; &lt;tags&gt; &copy; 2019", "entities--tags--2019"},
		{"## The `a < b` test &#8212; numeric", "the-a--b-test-8212-numeric"},
		{"## 100% done -- almost --- nearly...", "100-done--almost--nearly"},
		{"## What's new?", "whats-new"},
		{"## Tab\tseparated", "tabseparated"},
		{"## Under_score and hyphen-ated", "under_score-and-hyphen-ated"},
		{"## Café crème", "café-crème"},
		{"## 🎉 Party", "-party"},
		{"## 🙂", "heading"},
		{"Multi line\nsetext heading\n---", "setext-heading"},
	}
	for _, tt := range tests {
		t.Run(tt.md, func(t *testing.T) {
			if got := headingIDs(t, tt.md); len(got) != 1 || got[0] != tt.want {
				t.Errorf("IDs of %q = %q, want %q", tt.md, got, tt.want)
			}
		})
	}
}

func TestHeadingIDsRepeatedAndWrittenByHand(t *testing.T) {
	md := strings.Join([]string{
		"## Intro", "## Intro", "## Intro-1", "## Notes", "## Notes {#notes-1}", "## Notes",
		"## Custom {#custom-id}", "## Custom ID", "## Mixed {#MixedCase}", "##",
	}, "\n\n")
	want := []string{"intro", "intro-1", "intro-1-1", "notes", "notes-1", "notes-2", "custom-id", "custom-id-1", "MixedCase", ""}
	if got := headingIDs(t, md); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDs = %q\nwant %q", got, want)
	}
}

func headingIDs(t *testing.T, md string) []string {
	t.Helper()
	res, err := New(Options{}).Convert([]byte(md), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	return ids
}
