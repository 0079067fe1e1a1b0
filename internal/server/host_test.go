package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// site is a server holding a small site, bound as the preview would be.
func site(bind string) *Server {
	s := New(bind)
	s.Publish(&Snapshot{Files: map[string][]byte{
		"index.html":       []byte("<!doctype html><body>Draft plans</body>"),
		"notes/index.html": []byte("<!doctype html><body>Notes</body>"),
	}}, nil)
	return s
}

// get sends s a GET for target with the given Host header. The event
// stream is asked for with a request already cancelled, so that it says
// hello and ends.
func get(s *Server, host, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = host
	if strings.HasSuffix(target, "/events") {
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		r = r.WithContext(ctx)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestHostCheck is the defence against DNS rebinding: a web page the
// author visits points its own domain at 127.0.0.1 and reads the preview
// as if it were its own site. The preview answers only the names no
// other site can point at it: IP literals (for a loopback bind, loopback
// ones), localhost, and for a bind other machines can reach, this
// machine's own name.
func TestHostCheck(t *testing.T) {
	hostname, err := os.Hostname()
	if err != nil || hostname == "" {
		t.Fatalf("no host name: %v", err)
	}
	loopbackOK := []string{
		"127.0.0.1", "127.0.0.1:1313", "localhost", "localhost:1313", "LocalHost:1313",
		"localhost.:1313", "[::1]:1313", "[::1]", "127.0.0.2:1313",
	}
	loopbackRefused := []string{
		"", "evil.example", "evil.example:1313", "127.0.0.1.nip.io:1313", "localhost.evil.example",
		"192.168.1.5:1313", "[fe80::1]:1313", "10.0.0.1", hostname, hostname + ":1313", "0x7f000001:1313",
	}
	openOK := []string{
		"127.0.0.1:1313", "localhost:1313", "[::1]:1313", "192.168.1.5:1313", "192.168.1.5",
		"[fe80::1]:1313", "10.0.0.1", hostname, hostname + ":1313", strings.ToUpper(hostname),
	}
	openRefused := []string{"", "evil.example", "evil.example:1313", "127.0.0.1.nip.io:1313", "localhost.evil.example"}
	for _, c := range []struct {
		bind        string
		ok, refused []string
	}{
		{"", loopbackOK, loopbackRefused},
		{"127.0.0.1", loopbackOK, loopbackRefused},
		{"::1", loopbackOK, loopbackRefused},
		{"localhost", loopbackOK, loopbackRefused},
		{"0.0.0.0", openOK, openRefused},
		{"::", openOK, openRefused},
		{"192.168.1.5", openOK, openRefused},
		{"preview.example", append(openOK, "preview.example:1313"), openRefused},
	} {
		s := site(c.bind)
		for _, target := range []string{"/", "/notes/", "/notes", "/missing/", "/__plansite/reload.js", "/__plansite/events"} {
			for _, host := range c.ok {
				if w := get(s, host, target); w.Code == http.StatusMisdirectedRequest || w.Code == http.StatusForbidden {
					t.Errorf("bind %q: GET %s with Host %q: %d, want it answered:\n%s", c.bind, target, host, w.Code, w.Body)
				}
			}
			for _, host := range c.refused {
				w := get(s, host, target)
				body := w.Body.String()
				if w.Code != http.StatusMisdirectedRequest || strings.Contains(body, "Draft") || strings.Contains(body, "hello") {
					t.Errorf("bind %q: GET %s with Host %q: %d, want 421 and nothing of the site:\n%s", c.bind, target, host, w.Code, body)
				}
				if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" || !strings.Contains(body, "DNS rebinding") {
					t.Errorf("bind %q: Host %q refused with %q, want plain text that says why:\n%s", c.bind, host, ct, body)
				}
			}
		}
	}
}

// TestSecurityHeaders checks that every response, errors, redirects and
// the event stream included, tells browsers not to guess types and not
// to frame the preview in another site's page.
func TestSecurityHeaders(t *testing.T) {
	s := site("127.0.0.1")
	for _, c := range []struct {
		method, host, target string
		code                 int
	}{
		{http.MethodGet, "127.0.0.1:1313", "/", http.StatusOK},
		{http.MethodHead, "127.0.0.1:1313", "/", http.StatusOK},
		{http.MethodGet, "127.0.0.1:1313", "/notes", http.StatusMovedPermanently},
		{http.MethodGet, "127.0.0.1:1313", "/missing/", http.StatusNotFound},
		{http.MethodGet, "127.0.0.1:1313", "/a\x00b", http.StatusBadRequest},
		{http.MethodPost, "127.0.0.1:1313", "/", http.StatusMethodNotAllowed},
		{http.MethodGet, "127.0.0.1:1313", "/__plansite/reload.js", http.StatusOK},
		{http.MethodGet, "127.0.0.1:1313", "/__plansite/events", http.StatusOK},
		{http.MethodGet, "evil.example", "/", http.StatusMisdirectedRequest},
		{http.MethodGet, "evil.example", "/__plansite/events", http.StatusMisdirectedRequest},
	} {
		r := httptest.NewRequest(c.method, "/", nil)
		r.URL.Path, r.Host = c.target, c.host
		if strings.HasSuffix(c.target, "/events") {
			ctx, cancel := context.WithCancel(r.Context())
			cancel()
			r = r.WithContext(ctx)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != c.code {
			t.Errorf("%s %q with Host %q: %d, want %d", c.method, c.target, c.host, w.Code, c.code)
		}
		h := w.Result().Header
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %q with Host %q: X-Content-Type-Options %q, want nosniff", c.method, c.target, c.host, got)
		}
		if got := h.Get("Content-Security-Policy"); got != "frame-ancestors 'self'" {
			t.Errorf("%s %q with Host %q: Content-Security-Policy %q, want frame-ancestors 'self'", c.method, c.target, c.host, got)
		}
	}
}
