package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// serving serves s on a free loopback port until the test ends, and
// returns its address.
func serving(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// dial opens a connection to addr that the test closes when it ends.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// ask sends a GET of the home page over conn, keeping it open for more.
func ask(t *testing.T, conn net.Conn) {
	t.Helper()
	if _, err := fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
}

// answer reads the response to a request sent over conn, whole.
func answer(t *testing.T, br *bufio.Reader) {
	t.Helper()
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
}

// TestIdleConnectionsClosed checks that a connection kept open for a next
// request that never comes is closed: enough of them would take every file
// descriptor, and the next save could not be read.
func TestIdleConnectionsClosed(t *testing.T) {
	s := site("127.0.0.1")
	s.limits.idle = 50 * time.Millisecond
	conn := dial(t, serving(t, s))
	br := bufio.NewReader(conn)
	ask(t, conn)
	answer(t, br)
	// Far longer than the idle timeout, for a busy machine; the test
	// takes that long only when it fails.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("an idle connection is still open after 5 s (%v), with an idle timeout of %v", err, s.limits.idle)
	}
}

// TestConnectionLimit opens as many connections as the preview takes, and
// one more: that one is answered only once another closes.
func TestConnectionLimit(t *testing.T) {
	s := site("127.0.0.1")
	s.limits.conns = 2
	addr := serving(t, s)
	var open []net.Conn
	for range s.limits.conns {
		conn := dial(t, addr)
		ask(t, conn)
		answer(t, bufio.NewReader(conn))
		open = append(open, conn)
	}
	extra := dial(t, addr)
	br := bufio.NewReader(extra)
	ask(t, extra)
	extra.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, err := br.Peek(1); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("connection %d of at most %d: %v, want no answer while the others are open", s.limits.conns+1, s.limits.conns, err)
	}
	open[0].Close()
	extra.SetReadDeadline(time.Now().Add(10 * time.Second))
	answer(t, br)
}

// TestEventStreamOutlivesTimeouts keeps an event stream open for many
// times the server's timeouts: it keeps its comments coming, and still
// carries the next reload.
func TestEventStreamOutlivesTimeouts(t *testing.T) {
	s := site("127.0.0.1")
	s.limits = limits{readHeader: 50 * time.Millisecond, read: 50 * time.Millisecond, write: 50 * time.Millisecond,
		idle: 50 * time.Millisecond, keepAlive: 20 * time.Millisecond, conns: 4}
	addr := serving(t, s)
	resp, err := http.Get("http://" + addr + Prefix + "events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	next := func() string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the event stream ended")
			}
			return l
		case <-time.After(10 * time.Second):
			t.Fatal("the event stream fell silent")
		}
		return ""
	}
	for l := next(); l != "event: hello"; l = next() {
	}
	for l := next(); l != ""; l = next() { // the rest of hello
	}
	for start := time.Now(); time.Since(start) < 10*s.limits.write; {
		if l := next(); l != "" && l != ": keep-alive" {
			t.Fatalf("the stream said %q, want keep-alive comments", l)
		}
	}
	s.Publish(&Snapshot{Files: map[string][]byte{"index.html": []byte("edited")}}, []string{"index.html"})
	l := next()
	for ; !strings.HasPrefix(l, "event: "); l = next() {
	}
	if l != "event: update" {
		t.Errorf("after a change, the stream said %q, want an update", l)
	}
}
