// Package server is plansite's preview: it serves the last good build from
// memory, injects a small script that patches each open page with its new
// HTML after a rebuild (or swaps a changed stylesheet), and shows a build's
// errors over every page, and its warnings beside it, until they are fixed.
package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"plansite/internal/assets"
	"plansite/internal/diag"
)

// Prefix is where the preview's own endpoints live; no site file can be there.
const Prefix = "/__plansite/"

// Snapshot is one published state of the site: the files of the last good
// build, and the errors of the last build when it failed.
type Snapshot struct {
	Files map[string][]byte
	// Errors are the last build's diagnostics when it failed; the files
	// are then those of the build before.
	Errors []diag.Diagnostic
	// Overlay is the HTML that shows Errors over every page.
	Overlay []byte
	// Panel is the HTML that lists the last build's warnings in a corner
	// of every page.
	Panel []byte
	// AsBuilt are the HTML files served as they were built, without the
	// preview's script: pages that run an application of their own (the
	// CMS's admin page), whose page a patch after each build would undo.
	AsBuilt map[string]bool
	// id names what the open pages are told of this snapshot: the server
	// and the count of events it has sent. A page that was served with
	// another id has missed an event (it loaded as one was sent, or the
	// server restarted) and brings itself up to date.
	id string
}

// Server serves snapshots. It is safe for concurrent use, but for Publish,
// which one goroutine calls after each build.
type Server struct {
	snap    atomic.Pointer[Snapshot]
	hosts   hosts
	limits  limits
	nonce   string
	sent    int // events sent; only Publish uses it
	mu      sync.Mutex
	clients map[chan event]struct{}
	done    chan struct{}
	closed  sync.Once
	// handlers answer paths of their own (the CMS backend), behind the
	// same Host check as the site, whatever their method.
	handlers map[string]http.Handler
}

type event struct {
	name, data string
}

// New makes a server with an empty site, for the address it listens on:
// bind, as given to Listen. It answers only requests addressed to that
// address, localhost or an IP (a loopback one when bind is), so that no
// other web site can read the preview.
func New(bind string) *Server {
	s := &Server{
		hosts:   newHosts(bind),
		limits:  defaultLimits,
		nonce:   strconv.FormatInt(time.Now().UnixNano(), 36),
		clients: map[chan event]struct{}{},
		done:    make(chan struct{}),
	}
	s.snap.Store(&Snapshot{Files: map[string][]byte{}, id: s.nonce + ".0"})
	return s
}

// Handle has h answer requests for the path p, before the site's files,
// once the Host check has passed: the preview's other services share its
// defence against DNS rebinding, and need not know of it. It is called
// before Serve.
func (s *Server) Handle(p string, h http.Handler) {
	if s.handlers == nil {
		s.handlers = map[string]http.Handler{}
	}
	s.handlers[p] = h
}

// Publish makes snap the site served, then tells every open page what
// changed: only once the snapshot is in place, so that no page fetches
// half-built output. changed lists the output files that differ from the
// last published build. Pages are told to update when a page, the errors
// or the warnings changed, and to swap their stylesheets when only those
// changed.
func (s *Server) Publish(snap *Snapshot, changed []string) {
	prev := s.snap.Load()
	name := ""
	switch {
	case !bytes.Equal(prev.Overlay, snap.Overlay) || !bytes.Equal(prev.Panel, snap.Panel):
		name = "update"
	case len(changed) == 0:
	case onlyStylesheets(changed):
		name = "css"
	default:
		name = "update"
	}
	snap.id = prev.id
	if name != "" {
		s.sent++
		snap.id = s.nonce + "." + strconv.Itoa(s.sent)
	}
	s.snap.Store(snap)
	switch name {
	case "update":
		s.broadcast(event{name, snap.id})
	case "css":
		s.broadcast(event{name, snap.id + "\n" + strings.Join(changed, "\n")})
	}
}

func onlyStylesheets(files []string) bool {
	for _, f := range files {
		if path.Ext(f) != ".css" {
			return false
		}
	}
	return true
}

func (s *Server) broadcast(e event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- e:
		default:
			// A page that is not reading is reloaded by the next event,
			// or by its own reconnection.
		}
	}
}

// Close ends every open event stream, so that the HTTP server can shut down.
func (s *Server) Close() {
	s.closed.Do(func() { close(s.done) })
}

// ServeHTTP serves the preview's endpoints and the site's files.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// On every response, errors included: browsers are not to guess a
	// type (a page's text run as a script), and no other site may frame
	// the preview to trick the author into clicks.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "frame-ancestors 'self'")
	if !s.hosts.allow(r.Host) {
		http.Error(w, s.hosts.refusal(), http.StatusMisdirectedRequest)
		return
	}
	if h, ok := s.handlers[r.URL.Path]; ok {
		h.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(clientScript)
		return
	}
	s.serveFile(w, r)
}

// serveFile serves a file of the snapshot. Files come from memory, by a
// cleaned path, so nothing outside the built site can ever be served.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	snap := s.snap.Load()
	if strings.Contains(r.URL.Path, "\x00") {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	rel, data, ok := fileFor(snap, r.URL.Path)
	if !ok {
		// A folder asked for without its slash: send the reader to it, as
		// static hosts do, so relative links keep working.
		if _, dir := snap.Files[path.Join(rel, "index.html")]; dir && !strings.HasSuffix(r.URL.Path, "/") {
			target := "/" + rel + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, snap)
		return
	}
	s.write(w, r, rel, data, snap, http.StatusOK)
}

// fileFor is the file of snap that a request for urlPath gets, by its
// cleaned path (index.html for a folder), and whether there is one.
func fileFor(snap *Snapshot, urlPath string) (rel string, data []byte, ok bool) {
	rel = strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(urlPath, "/") || rel == "" {
		rel = path.Join(rel, "index.html")
	}
	data, ok = snap.Files[rel]
	return rel, data, ok
}

// notFound answers an address the site has no file at with its 404 page:
// the one of the address's first folder when it has one (cy/404.html, for
// an address under /cy/ on a site in Welsh too), the site's otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, snap *Snapshot) {
	rel := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if first, _, ok := strings.Cut(rel, "/"); ok {
		if page, ok := snap.Files[first+"/404.html"]; ok {
			s.write(w, r, first+"/404.html", page, snap, http.StatusNotFound)
			return
		}
	}
	if page, ok := snap.Files["404.html"]; ok {
		s.write(w, r, "404.html", page, snap, http.StatusNotFound)
		return
	}
	if len(snap.Files) == 0 && len(snap.Errors) > 0 {
		// No good build yet: every page is the error report.
		s.write(w, r, "index.html", []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body><main><h1>The site has errors</h1></main></body></html>`), snap, http.StatusInternalServerError)
		return
	}
	s.write(w, r, "404.html", []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head><body><main><h1>Page not found</h1></main></body></html>`), snap, http.StatusNotFound)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, name string, data []byte, snap *Snapshot, status int) {
	h := w.Header()
	h.Set("Content-Type", assets.ContentType(name))
	// A preview must never show a stale page.
	h.Set("Cache-Control", "no-store")
	if path.Ext(name) == ".html" && !snap.AsBuilt[name] {
		data = inject(data, snap)
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// events streams the page's update events (Server-Sent Events). The first
// names the snapshot served, so that a page that missed an event (it
// connected as one was sent, or the server restarted) updates itself. A
// page that names its address (?page=/path/) gets its new HTML with each
// update.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	send := s.sender(w)
	if !send(fmt.Sprintf("retry: 500\nevent: hello\ndata: %s\n\n", s.snap.Load().id)) {
		return
	}
	page := r.URL.Query().Get("page")
	keepAlive := time.NewTicker(s.limits.keepAlive)
	defer keepAlive.Stop()
	for {
		var text string
		select {
		case e := <-c:
			text = s.eventText(e, page)
		case <-keepAlive.C:
			text = ": keep-alive\n\n"
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		if !send(text) {
			return
		}
	}
}

// maxPush is the largest page sent with an update event, as the client
// patches no bigger page.
const maxPush = 1 << 20

// eventText is an event as the stream sends it. An update for a page of
// the site carries, after the snapshot's id, the page's new HTML as it is
// served, so that the page need not fetch it: that round trip through the
// browser took a third of the time from the event to the new text on
// screen. (It is the latest snapshot's, which a later event may name too;
// the page then ignores that event.) Carriage returns become newlines,
// which is what an HTML parser makes of them, because they end lines of
// an event stream too.
func (s *Server) eventText(e event, page string) string {
	data := e.data
	if e.name == "update" && page != "" {
		snap := s.snap.Load()
		if rel, html, ok := fileFor(snap, page); ok && path.Ext(rel) == ".html" && len(html) <= maxPush {
			data = snap.id + "\n" + strings.ReplaceAll(strings.ReplaceAll(string(inject(html, snap)), "\r\n", "\n"), "\r", "\n")
		}
	}
	var b strings.Builder
	b.Grow(len(data) + 64)
	b.WriteString("event: " + e.name + "\n")
	for line := range strings.SplitSeq(data, "\n") {
		b.WriteString("data: ")
		b.WriteString(line)
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return b.String()
}

// sender writes to an event stream and flushes, and says whether the page
// is still there. The server's write timeout is for ordinary requests, and
// would cut the stream: each write gets a deadline of its own instead, so
// that a page that stops reading is still let go. (The read timeout does
// not cut it: net/http lifts it once the request is read.) A
// ResponseWriter without deadlines, a test's, has none to move.
func (s *Server) sender(w http.ResponseWriter) func(text string) bool {
	rc := http.NewResponseController(w)
	return func(text string) bool {
		rc.SetWriteDeadline(time.Now().Add(s.limits.write))
		if _, err := io.WriteString(w, text); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
}
