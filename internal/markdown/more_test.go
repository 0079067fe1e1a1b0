package markdown

import "testing"

func TestMoreDividerInsideParagraph(t *testing.T) {
	tests := []struct {
		md, html, summary string
		divided           bool
	}{
		{"a <!--more--> b\nc", "<p>a</p>\n<p>b\nc</p>\n", "<p>a</p>", true},
		{"a\n<!--more-->\nb", "<p>a</p>\n<p>b</p>\n", "<p>a</p>", true},
		{"a <!--more-->\nb", "<p>a</p>\n<p>b</p>\n", "<p>a</p>", true},
		{"a <!--more--> <!--more--> b", "<p>a</p>\n<p><!-- raw HTML omitted --> b</p>\n", "<p>a</p>", true},
		{"*a* <!--more--> *b*", "<p><em>a</em></p>\n<p><em>b</em></p>\n", "<p><em>a</em></p>", true},
		{"a <!--more-->", "<p>a</p>\n", "<p>a</p>", true},
		{"a\n\n<!--more-->\n\nb", "<p>a</p>\n<p>b</p>\n", "<p>a</p>", true},
		{"- a <!--more--> b", "<ul>\n<li>a <!-- raw HTML omitted --> b</li>\n</ul>\n", "", false},
		{"a <!-- more --> b", "<p>a <!-- raw HTML omitted --> b</p>\n", "", false},
	}
	for _, tt := range tests {
		res, err := New(Options{}).Convert([]byte(tt.md), nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(res.HTML) != tt.html || string(res.Summary) != tt.summary || (res.Summary != nil) != tt.divided {
			t.Errorf("%q: HTML %q, summary %q (divided %v)\nwant %q, %q (%v)", tt.md, res.HTML, res.Summary, res.Summary != nil, tt.html, tt.summary, tt.divided)
		}
	}
}
