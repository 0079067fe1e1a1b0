package cms

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"plansite/internal/config"
)

// BackendPath is where plansite serve answers the CMS, as decap-server
// (Decap's own local backend, a Node program) does.
const BackendPath = "/api/v1"

// Limits on a request's body: a page's text is far below the first, and
// an image, sent as base64, below the second.
const (
	maxEntryBody = 4 << 20
	maxMediaBody = 40 << 20
)

// Backend answers Decap CMS's local-backend protocol: it lists, reads and
// writes the site's pages, data files and media for the CMS opened from
// the preview, so that a writer's Publish lands in the site folder, where
// the preview's watcher sees it and rebuilds. The server in front of it
// has checked the Host header; the Backend checks that the request comes
// from this machine and from a page of the preview itself.
type Backend struct {
	root    string          // the site folder, absolute, links resolved
	origins map[string]bool // the preview's own origins
	hosts   map[string]bool // the preview's own addresses, as Host headers give them
	// src is the site folder as given, whose site.toml is read for each
	// request, so that the backend follows the site as it is edited
	// ([cms] added or taken out, errors made and mended).
	src string
}

// NewBackend makes the backend for the site folder src, served by the
// preview at previewURL ("http://127.0.0.1:1313/").
func NewBackend(src, previewURL string) (*Backend, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(previewURL)
	if err != nil {
		return nil, err
	}
	origins := ownOrigins(u)
	hosts := make(map[string]bool, len(origins))
	for o := range origins {
		hosts[strings.TrimPrefix(o, u.Scheme+"://")] = true
	}
	return &Backend{root: root, origins: origins, hosts: hosts, src: src}, nil
}

// ownOrigins are the origins a page of the preview has: its own address,
// and the other loopback names of it (the CMS finds the backend at
// 127.0.0.1 when opened at localhost). Another port is another site.
func ownOrigins(u *url.URL) map[string]bool {
	out := map[string]bool{u.Scheme + "://" + u.Host: true}
	if port := u.Port(); port != "" {
		for _, h := range []string{"localhost", "127.0.0.1", "[::1]"} {
			out[u.Scheme+"://"+h+":"+port] = true
		}
	}
	return out
}

// apiError is a refused request: its status and what the CMS shows.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusUnprocessableEntity, fmt.Sprintf(format, args...)}
}

// ServeHTTP checks where a request comes from, then does its action. Any
// refusal is a JSON error naming the problem, and writes nothing.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if e := b.checkCaller(w, r); e != nil {
		writeError(w, e)
		return
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	res, e := b.handle(r)
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// checkCaller refuses a request from another machine, addressed to
// another name than the preview's own (a page whose domain name was
// pointed at 127.0.0.1, DNS rebinding, sends its own name as Host), from a
// page of another site (its Origin, which browsers send with every POST
// from a page), or that a page could send without the browser asking first
// (a form's POST is never JSON). The server in front checks the Host
// too; the backend, which writes, does not rely on it.
func (b *Backend) checkCaller(w http.ResponseWriter, r *http.Request) *apiError {
	if !loopback(r.RemoteAddr) {
		return &apiError{http.StatusForbidden, "the CMS backend answers only this machine"}
	}
	if !b.hosts[strings.ToLower(r.Host)] {
		return &apiError{http.StatusMisdirectedRequest, fmt.Sprintf("the CMS backend answers only requests addressed to the preview (%s), not to %q", strings.Join(slices.Sorted(maps.Keys(b.hosts)), ", "), r.Host)}
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		if !b.origins[origin] {
			return &apiError{http.StatusForbidden, fmt.Sprintf("the CMS backend answers only pages of the preview, not of %s", origin)}
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Add("Vary", "Origin")
	}
	switch {
	case r.Method == http.MethodOptions:
		return nil
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", "POST, OPTIONS")
		return &apiError{http.StatusMethodNotAllowed, "the CMS backend takes POST requests"}
	}
	if mt, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); strings.TrimSpace(strings.ToLower(mt)) != "application/json" {
		return &apiError{http.StatusUnsupportedMediaType, "the CMS backend takes JSON (Content-Type: application/json)"}
	}
	return nil
}

// loopback says whether a remote address is this machine's.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// request is what the CMS posts: an action and its parameters.
type request struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// handle reads the request, within its size limit, and does its action.
func (b *Backend) handle(r *http.Request) (any, *apiError) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxMediaBody+1))
	if err != nil {
		return nil, &apiError{http.StatusBadRequest, "reading the request: " + err.Error()}
	}
	if len(body) > maxMediaBody {
		return nil, &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is over %d MiB", maxMediaBody>>20)}
	}
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, &apiError{http.StatusBadRequest, "the request is not JSON: " + err.Error()}
	}
	act, ok := actions[req.Action]
	if !ok {
		return nil, badRequest("unknown action %q; the actions are: %s", req.Action, actionNames())
	}
	if !act.media && len(body) > maxEntryBody {
		return nil, &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("a %s request is at most %d MiB", req.Action, maxEntryBody>>20)}
	}
	cfg, err := config.Load(b.src)
	if err != nil {
		return nil, &apiError{http.StatusServiceUnavailable, "site.toml has errors, which the preview shows: fix them, then save again"}
	}
	if cfg.CMS == nil {
		return nil, &apiError{http.StatusNotFound, "this site has no [cms] table in site.toml"}
	}
	s := &session{b: b}
	return act.do(s, req.Params)
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, map[string]string{"error": e.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"the answer could not be written"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(data)
}

// asAPIError turns what a file operation returned into an answer: a path
// refused names the problem; another error names the file but no more of
// the machine than the CMS sent.
func asAPIError(err error, what string) *apiError {
	var p *errPath
	if errors.As(err, &p) {
		return &apiError{http.StatusForbidden, p.msg}
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	return &apiError{http.StatusInternalServerError, fmt.Sprintf("%s failed", what)}
}
