package htmltext

import "testing"

// Hugo 0.166 counts the words of its StripHTML of the content: newlines and
// the ends of paragraphs and <br> part words, other tags go without a trace,
// and entities stay as written. TestHugoParity checks real pages.
func TestCountWordsAsHugo(t *testing.T) {
	tests := []struct {
		html string
		want int
	}{
		{"<p>One two three.</p>", 3},
		{"<p>One</p><p>two</p>", 2},
		{"<p>One<br>two<br />three</p>", 3},
		{"<ul>\n<li>one</li>\n<li>two</li>\n</ul>", 2},
		{"<td>one</td><td>two</td>", 1},
		{"<p>The note&rsquo;s text.&#160;<a href=\"#fnref:1\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>", 3},
		{"<p>A <em>b</em>c <!-- raw HTML omitted --> d</p>", 3},
		{"", 0},
	}
	for _, tt := range tests {
		if got := Words(tt.html); got != tt.want {
			t.Errorf("Words(%q) = %d, want %d", tt.html, got, tt.want)
		}
	}
}
