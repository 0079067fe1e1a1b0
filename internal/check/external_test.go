package check

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plansite/internal/diag"
)

// counter counts the requests a test server receives, by method and path.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Method+" "+r.URL.Path]++
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// statusServer answers each path with the status its name says, and
// counts what it is asked.
func statusServer(t *testing.T) (*httptest.Server, *counter) {
	t.Helper()
	c := &counter{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.add(r)
		switch r.URL.Path {
		case "/ok", "/shared":
			w.WriteHeader(http.StatusOK)
		case "/gone", "/shared-gone":
			w.WriteHeader(http.StatusNotFound)
		case "/removed":
			w.WriteHeader(http.StatusGone)
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		case "/no-head":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			w.WriteHeader(http.StatusOK)
		case "/head-lies":
			// Some servers route only GET, and answer HEAD with 404.
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			w.WriteHeader(http.StatusOK)
		default:
			t.Errorf("unexpected request for %s", r.URL)
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

// TestExternalStatuses checks what each kind of answer is reported as, at
// the position of the link that was written.
func TestExternalStatuses(t *testing.T) {
	srv, _ := statusServer(t)
	tests := []struct {
		path string
		want string // the diagnostic, "" for none; URL stands for the link
	}{
		{"/ok", ""},
		{"/no-head", ""},
		{"/head-lies", ""},
		{"/gone", "content/a.md:3:5: external link URL: 404 Not Found: the page is gone; update the link or remove it"},
		{"/removed", "content/a.md:3:5: external link URL: 410 Gone: the page is gone; update the link or remove it"},
		{"/forbidden", "content/a.md:3:5: warning: external link URL: answered 403 Forbidden; check that it works in a browser"},
		{"/broken", "content/a.md:3:5: warning: external link URL: answered 500 Internal Server Error; check that it works in a browser"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			u := srv.URL + tt.path
			ds := External(context.Background(), []ExternalLink{{URL: u, File: "content/a.md", Line: 3, Col: 5}}, ExternalOptions{Timeout: 5 * time.Second})
			want := strings.ReplaceAll(tt.want, "URL", u)
			if got := joined(ds); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestExternalTimeout checks that a server that never answers is reported
// as such once the timeout passes, without waiting for the server.
func TestExternalTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release) // before Close, which waits for the handlers

	// A deadline of the test's own, so that a checker whose timeout did
	// not work fails the test instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	u := srv.URL + "/slow"
	ds := External(ctx, []ExternalLink{{URL: u, File: "layouts/page.html", Line: 7, Col: 12}}, ExternalOptions{Timeout: 50 * time.Millisecond})
	want := "layouts/page.html:7:12: external link " + u + ": no answer within 50ms; the site may be down or slow: check it in a browser"
	if got := joined(ds); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestExternalRefused checks a link to a port nothing listens on.
func TestExternalRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	u := "http://" + addr + "/page"
	ds := External(context.Background(), []ExternalLink{{URL: u, File: "content/a.md", Line: 1, Col: 2}}, ExternalOptions{Timeout: 5 * time.Second})
	want := "content/a.md:1:2: external link " + u + ": cannot be reached: the connection was refused; the site may be down, or the address wrong"
	if got := joined(ds); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestExternalFetchesEachURLOnce links the same URLs from several pages,
// one with a #fragment, and checks each is asked for once and that a
// broken one is reported where each link was written.
func TestExternalFetchesEachURLOnce(t *testing.T) {
	srv, c := statusServer(t)
	var links []ExternalLink
	for i, file := range []string{"content/a.md", "content/b.md", "content/c.md"} {
		links = append(links,
			ExternalLink{URL: srv.URL + "/shared", File: file, Line: i + 1, Col: 1},
			ExternalLink{URL: srv.URL + "/shared-gone", File: file, Line: i + 10, Col: 1})
	}
	links = append(links, ExternalLink{URL: srv.URL + "/shared#part", File: "content/d.md", Line: 1, Col: 1},
		ExternalLink{URL: srv.URL + "/shared-gone#part", File: "content/d.md", Line: 2, Col: 1})
	ds := External(context.Background(), links, ExternalOptions{})

	for key, want := range map[string]int{
		"HEAD /shared": 1, "GET /shared": 0,
		"HEAD /shared-gone": 1, "GET /shared-gone": 1,
	} {
		if got := c.get(key); got != want {
			t.Errorf("%s: %d requests, want %d", key, got, want)
		}
	}
	gone := ": 404 Not Found: the page is gone; update the link or remove it"
	want := strings.Join([]string{
		"content/a.md:10:1: external link " + srv.URL + "/shared-gone" + gone,
		"content/b.md:11:1: external link " + srv.URL + "/shared-gone" + gone,
		"content/c.md:12:1: external link " + srv.URL + "/shared-gone" + gone,
		"content/d.md:2:1: external link " + srv.URL + "/shared-gone#part" + gone,
	}, "\n")
	if got := joined(ds); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestExternalSkipsOtherSchemes checks that links a browser does not fetch
// over HTTP are not fetched (the server would report any request).
func TestExternalSkipsOtherSchemes(t *testing.T) {
	srv, _ := statusServer(t)
	var links []ExternalLink
	for _, u := range []string{"mailto:someone@example.org", "tel:+441234567890", "ftp://example.org/file", "http://", "//" + strings.TrimPrefix(srv.URL, "http://") + "/x"} {
		links = append(links, ExternalLink{URL: u, File: "content/a.md", Line: 1, Col: 1})
	}
	if ds := External(context.Background(), links, ExternalOptions{}); len(ds) > 0 {
		t.Errorf("diagnostics for links that are not fetched: %v", ds)
	}
}

// gate holds requests until a number of them are in flight at once, so
// that a limit is certain to be reached if the checker lets it be; after
// that it stays open. max records the most requests seen in flight.
type gate struct {
	limit    int32
	inFlight atomic.Int32
	max      atomic.Int32
	open     chan struct{}
	once     sync.Once
}

func newGate(limit int) *gate { return &gate{limit: int32(limit), open: make(chan struct{})} }

func (g *gate) enter() {
	n := g.inFlight.Add(1)
	for {
		m := g.max.Load()
		if n <= m || g.max.CompareAndSwap(m, n) {
			break
		}
	}
	if n >= g.limit {
		g.once.Do(func() { close(g.open) })
	}
	select {
	case <-g.open:
	case <-time.After(5 * time.Second):
		// The limit was never reached: the checker is more cautious than
		// it should be, which the test reports; don't hang meanwhile.
	}
	// Stay in flight a little, so that a checker that let too many
	// requests through would be seen doing it.
	time.Sleep(2 * time.Millisecond)
}

func (g *gate) leave() { g.inFlight.Add(-1) }

// toServer is a client that takes any host name to the test server, so
// that a test can use several hosts and still talk only to 127.0.0.1.
func toServer(srv *httptest.Server) *http.Client {
	addr := srv.Listener.Addr().String()
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
}

// TestExternalConcurrencyLimit checks that no more requests are in flight
// at once than Concurrency allows, and that that many are.
func TestExternalConcurrencyLimit(t *testing.T) {
	const limit = 3
	g := newGate(limit)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.enter()
		defer g.leave()
	}))
	defer srv.Close()
	var links []ExternalLink
	for i := range 20 {
		// Many hosts, so that the per-host limit never binds.
		links = append(links, ExternalLink{URL: fmt.Sprintf("http://host%d.test/page", i), File: "content/a.md", Line: i + 1, Col: 1})
	}
	ds := External(context.Background(), links, ExternalOptions{Concurrency: limit, PerHost: 10, Client: toServer(srv), Timeout: 30 * time.Second})
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", joined(ds))
	}
	if got := g.max.Load(); got != limit {
		t.Errorf("at most %d requests were in flight at once, want %d", got, limit)
	}
}

// TestExternalPerHostLimit checks that no host has more requests in flight
// than PerHost allows, and that each has that many: a host's name in
// capitals or with a port is the same host.
func TestExternalPerHostLimit(t *testing.T) {
	const perHost = 2
	hosts := []string{"a.test", "b.test", "c.test"}
	gates := map[string]*gate{}
	for _, h := range hosts {
		gates[h] = newGate(perHost)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		g := gates[strings.ToLower(host)]
		if g == nil {
			t.Errorf("request for unexpected host %q", r.Host)
			return
		}
		g.enter()
		defer g.leave()
	}))
	defer srv.Close()
	var links []ExternalLink
	for _, h := range hosts {
		for i := range 6 {
			// Upper case and a port: still the same host.
			host := h
			if i%2 == 1 {
				host = strings.ToUpper(h) + ":80"
			}
			links = append(links, ExternalLink{URL: fmt.Sprintf("http://%s/page%d", host, i), File: "content/a.md", Line: i + 1, Col: 1})
		}
	}
	ds := External(context.Background(), links, ExternalOptions{Concurrency: 50, PerHost: perHost, Client: toServer(srv), Timeout: 30 * time.Second})
	if len(ds) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", joined(ds))
	}
	for _, h := range hosts {
		if got := gates[h].max.Load(); got != perHost {
			t.Errorf("%s: at most %d requests were in flight at once, want %d", h, got, perHost)
		}
	}
}

func joined(ds []diag.Diagnostic) string {
	var lines []string
	for _, d := range ds {
		lines = append(lines, d.Error())
	}
	return strings.Join(lines, "\n")
}
