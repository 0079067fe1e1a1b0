package build

import (
	"context"
	"testing"
)

// TestBaseURLFlag checks that --base-url is held to the rules of
// site.toml's baseURL, and its message names the flag, which has no line
// or column: "//example.org/" gave every page a broken link instead.
func TestBaseURLFlag(t *testing.T) {
	tests := []struct{ url, want string }{
		{"//example.org/", `--base-url: "//example.org/" needs a scheme: write "https://example.org/"`},
		{"example.org/plan/", `--base-url: "example.org/plan/" needs a scheme: write "https://example.org/plan/" (or start it with / if it is only a path, such as "/plan/")`},
		{"http:/x", `--base-url: "http:/x" needs two slashes after http:, as in "http://x"`},
		{"ftp://example.org/", `--base-url: "ftp://example.org/" must start with https:// (or http://), not ftp://`},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			dir := writeSite(t, minimalConfig+plainLayouts)
			_, err := New(Options{Src: dir, InMemory: true, BaseURL: tt.url}).Build(context.Background())
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}
