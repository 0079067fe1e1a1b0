package cli

import (
	"testing"
)

// TestCMSBackendOnlyOnLoopback checks that the preview is the CMS's
// backend only when it listens on a loopback address: one open to other
// machines shows the site and writes nothing.
func TestCMSBackendOnlyOnLoopback(t *testing.T) {
	src := t.TempDir()
	tests := []struct {
		bind, url, want string
	}{
		{"", "http://127.0.0.1:1313/", "http://127.0.0.1:1313/api/v1"},
		{"127.0.0.1", "http://127.0.0.1:1313/", "http://127.0.0.1:1313/api/v1"},
		{"localhost", "http://localhost:1313/", "http://localhost:1313/api/v1"},
		{"::1", "http://[::1]:1313/", "http://[::1]:1313/api/v1"},
		{"0.0.0.0", "http://localhost:1313/", ""},
		{"::", "http://localhost:1313/", ""},
		{"192.0.2.7", "http://192.0.2.7:1313/", ""},
		{"plans.example.org", "http://plans.example.org:1313/", ""},
	}
	for _, tt := range tests {
		h, addr, err := cmsBackend(src, tt.bind, tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if addr != tt.want || (h != nil) != (tt.want != "") {
			t.Errorf("bind %q: backend %v at %q, want one at %q", tt.bind, h != nil, addr, tt.want)
		}
	}
}
