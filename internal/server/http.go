package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/net/netutil"
)

// Listen opens the preview's address: bind (127.0.0.1 when empty, so that
// only this machine sees drafts) and port (0 for any free one). It returns
// the listener and the preview's URL.
func Listen(bind string, port int) (net.Listener, string, error) {
	if bind == "" {
		bind = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, "", fmt.Errorf("port %d on %s is in use: stop the other server or choose another port with --port", port, bind)
		}
		return nil, "", err
	}
	host := bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + "/"
	return ln, url, nil
}

// limits bound what clients can hold of the preview, so that no number of
// connections, idle or slow, can take the file descriptors a build needs
// to read the site.
type limits struct {
	// readHeader, read and write bound one request; the event stream
	// lives on past read and write, and idle closes a connection kept
	// open for the next request.
	readHeader, read, write, idle time.Duration
	// keepAlive is how often an event stream with nothing to say sends a
	// comment, so that a connection gone dead is noticed.
	keepAlive time.Duration
	// conns is the most connections open at once; more wait their turn.
	conns int
}

var defaultLimits = limits{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	write:      time.Minute,
	idle:       time.Minute,
	keepAlive:  30 * time.Second,
	conns:      256,
}

// Serve serves the snapshots on ln until ctx is done, then shuts down: the
// open event streams are ended first, so that it need not wait for them.
// Slow, idle and surplus connections are bounded (see limits).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.limits.readHeader,
		ReadTimeout:       s.limits.read,
		WriteTimeout:      s.limits.write,
		IdleTimeout:       s.limits.idle,
	}
	ln = netutil.LimitListener(ln, s.limits.conns)
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	s.Close()
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
