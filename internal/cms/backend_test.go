package cms

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const backendSite = "title = \"T\"\nbaseURL = \"https://example.org/\"\n[cms]\nbackend = \"github\"\nrepo = \"o/r\"\n"

// newSite makes a site folder with a few pages, and its backend as the
// preview at http://127.0.0.1:1313/ serves it.
func newSite(t *testing.T, siteToml string) (*Backend, string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":                  siteToml,
		"content/_index.md":          "---\ntitle: Home\n---\n",
		"content/notes/_index.md":    "---\ntitle: Notes\n---\n",
		"content/notes/_index.cy.md": "---\ntitle: Nodiadau\n---\n",
		"content/notes/a.cy.md":      "---\ntitle: A\n---\nA.\n",
		"content/notes/a.md":         "---\ntitle: A\n---\nA.\n",
		"content/notes/b.md":         "---\ntitle: B\n---\nB.\n",
		"content/notes/.a.md.swp":    "vim's",
		"content/notes/deep/c.md":    "---\ntitle: C\n---\n",
		"content/images/one.png":     "PNG",
		"data/people.yaml":           "- name: Ann\n",
		"layouts/page.html":          "{{ .Content }}",
		"../outside/secret.md":       "secret",
		"../outside/images/two.png":  "PNG",
	}
	for name, text := range files {
		p := filepath.Join(dir, "site", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := filepath.Join(dir, "site")
	b, err := NewBackend(site, "http://127.0.0.1:1313/")
	if err != nil {
		t.Fatal(err)
	}
	return b, site
}

// post sends an action as the CMS does from the preview's admin page.
func post(t *testing.T, b *Backend, body string, edit func(r *http.Request)) (int, map[string]any, []any) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, BackendPath, strings.NewReader(body))
	r.RemoteAddr = "127.0.0.1:50000"
	r.Host = "127.0.0.1:1313"
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("Origin", "http://127.0.0.1:1313")
	if edit != nil {
		edit(r)
	}
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	if ct := w.Header().Get("Content-Type"); w.Code != http.StatusNoContent && !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: answered as %s", body, ct)
	}
	var obj map[string]any
	var list []any
	if strings.HasPrefix(strings.TrimSpace(w.Body.String()), "[") {
		json.Unmarshal(w.Body.Bytes(), &list)
	} else if w.Body.Len() > 0 {
		if err := json.Unmarshal(w.Body.Bytes(), &obj); err != nil {
			t.Errorf("%s: answered %q, not JSON", body, w.Body.String())
		}
	}
	return w.Code, obj, list
}

func call(name string, params any) string {
	data, _ := json.Marshal(map[string]any{"action": name, "params": params})
	return string(data)
}

func readText(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestBackendActions runs each action of the protocol as the CMS sends it.
func TestBackendActions(t *testing.T) {
	b, site := newSite(t, backendSite)
	code, info, _ := post(t, b, `{"action":"info"}`, nil)
	if code != 200 || info["repo"] != "site" || info["type"] != "local_fs" {
		t.Errorf("info: %d %v", code, info)
	}
	// A section's own page, in any language, is in the Pages collection;
	// translations are listed with their originals, which Decap pairs.
	_, _, list := post(t, b, call("entriesByFolder", map[string]any{"branch": "main", "folder": "content/notes", "extension": "md", "depth": 1}), nil)
	var paths []string
	for _, e := range list {
		f := e.(map[string]any)["file"].(map[string]any)
		paths = append(paths, f["path"].(string))
	}
	if got := strings.Join(paths, " "); got != "content/notes/a.cy.md content/notes/a.md content/notes/b.md" {
		t.Errorf("entriesByFolder lists %s", got)
	}
	_, _, list = post(t, b, call("entriesByFiles", map[string]any{"files": []map[string]string{{"path": "content/_index.md", "label": "Home"}, {"path": "content/gone.md"}}}), nil)
	if len(list) != 2 || list[0].(map[string]any)["data"] != "---\ntitle: Home\n---\n" || list[1].(map[string]any)["data"] != nil {
		t.Errorf("entriesByFiles: %v", list)
	}
	_, entry, _ := post(t, b, call("getEntry", map[string]string{"path": "content/notes/a.md"}), nil)
	if entry["data"] != "---\ntitle: A\n---\nA.\n" || entry["file"].(map[string]any)["id"] == nil {
		t.Errorf("getEntry: %v", entry)
	}

	page := filepath.Join(site, "content", "notes", "a.md")
	before, _ := os.Stat(page)
	if err := os.Chmod(page, 0o600); err != nil {
		t.Fatal(err)
	}
	png := base64.StdEncoding.EncodeToString([]byte("new PNG"))
	code, res, _ := post(t, b, call("persistEntry", map[string]any{
		"dataFiles": []map[string]string{{"slug": "a", "path": "content/notes/a.md", "raw": "---\ntitle: A again\n---\n"}},
		"assets":    []map[string]string{{"path": "content/images/new.png", "content": png, "encoding": "base64"}},
		"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	}), nil)
	if code != 200 || res["message"] != "entry persisted" {
		t.Errorf("persistEntry: %d %v", code, res)
	}
	if got := readText(t, page); got != "---\ntitle: A again\n---\n" {
		t.Errorf("saved %q", got)
	}
	after, _ := os.Stat(page)
	if os.SameFile(before, after) {
		t.Error("the page was written in place, not renamed into place")
	}
	if after.Mode().Perm() != 0o600 {
		t.Errorf("the page's mode went from 0600 to %v", after.Mode().Perm())
	}
	if readText(t, filepath.Join(site, "content", "images", "new.png")) != "new PNG" {
		t.Error("the image saved with the page is not there")
	}
	leftovers, _ := filepath.Glob(filepath.Join(site, "content", "notes", ".plansite-cms-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	code, res, _ = post(t, b, call("persistEntry", map[string]any{
		"dataFiles": []map[string]string{{"slug": "b2", "path": "content/notes/b.md", "raw": "---\ntitle: B2\n---\n", "newPath": "content/notes/b2.md"}},
		"assets":    []any{}, "options": map[string]any{"commitMessage": "Rename"},
	}), nil)
	if _, err := os.Stat(filepath.Join(site, "content", "notes", "b.md")); code != 200 || !os.IsNotExist(err) || readText(t, filepath.Join(site, "content", "notes", "b2.md")) != "---\ntitle: B2\n---\n" {
		t.Errorf("persistEntry with a new path: %d %v, b.md: %v", code, res, err)
	}

	_, _, list = post(t, b, call("getMedia", map[string]string{"mediaFolder": "content/images"}), nil)
	if len(list) != 2 || list[0].(map[string]any)["name"] != "new.png" || list[0].(map[string]any)["content"] != png {
		t.Errorf("getMedia: %v", list)
	}
	_, media, _ := post(t, b, call("getMediaFile", map[string]string{"path": "content/images/one.png"}), nil)
	if media["content"] != base64.StdEncoding.EncodeToString([]byte("PNG")) || media["encoding"] != "base64" {
		t.Errorf("getMediaFile: %v", media)
	}
	code, media, _ = post(t, b, call("persistMedia", map[string]any{"asset": map[string]string{"path": "content/images/up.png", "content": png, "encoding": "base64"}, "options": map[string]string{"commitMessage": "Upload"}}), nil)
	if code != 200 || media["path"] != "content/images/up.png" || media["id"] == nil {
		t.Errorf("persistMedia: %d %v", code, media)
	}
	code, _, _ = post(t, b, call("deleteFile", map[string]any{"path": "content/images/up.png", "options": map[string]string{"commitMessage": "Delete"}}), nil)
	code2, _, _ := post(t, b, call("deleteFiles", map[string]any{"paths": []string{"content/images/new.png", "content/images/one.png"}, "options": map[string]string{"commitMessage": "Delete"}}), nil)
	if left, _ := os.ReadDir(filepath.Join(site, "content", "images")); code != 200 || code2 != 200 || len(left) != 0 {
		t.Errorf("deleteFile %d, deleteFiles %d, left %v", code, code2, left)
	}
	if code, _, _ := post(t, b, call("getDeployPreview", map[string]string{"collection": "notes", "slug": "a"}), nil); code != 200 {
		t.Errorf("getDeployPreview: %d", code)
	}
}

// snapshotDir is every file under dir with its text, to show that a
// refused request wrote nothing.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			data, _ := os.ReadFile(p)
			out[p] = string(data)
		}
		return nil
	})
	return out
}

// TestBackendRefuses sends what the backend must refuse: from another
// machine or another site's page, of the wrong method or type, with
// parameters missing or wrong, an unknown action, paths outside the
// folders it edits, and bodies over its limits. Each is a 4xx JSON error
// naming the problem, and nothing in or beside the site changes.
func TestBackendRefuses(t *testing.T) {
	b, site := newSite(t, backendSite)
	outside := filepath.Join(filepath.Dir(site), "outside")
	if err := os.Symlink(outside, filepath.Join(site, "content", "out")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(site, "content", "notes", "secret.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "nowhere.md"), filepath.Join(site, "content", "notes", "nowhere.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(site, "content", "notes", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	save := func(p string) string {
		return call("persistEntry", map[string]any{"dataFiles": []map[string]string{{"slug": "x", "path": p, "raw": "---\ntitle: X\n---\n"}}, "assets": []any{}, "options": map[string]any{"commitMessage": "x"}})
	}
	big := strings.Repeat("x", maxEntryBody+1)
	tests := []struct {
		name   string
		body   string
		edit   func(r *http.Request)
		status int
		want   string
	}{
		{"another machine", `{"action":"info"}`, func(r *http.Request) { r.RemoteAddr = "192.0.2.7:50000" }, 403, "answers only this machine"},
		{"another name for this machine (DNS rebinding)", call("deleteFile", map[string]string{"path": "content/notes/a.md"}), func(r *http.Request) { r.Host = "rebound.example:1313" }, 421, `not to "rebound.example:1313"`},
		{"another port", `{"action":"info"}`, func(r *http.Request) { r.Host = "127.0.0.1:3000" }, 421, `the preview (127.0.0.1:1313, [::1]:1313, localhost:1313), not to "127.0.0.1:3000"`},
		{"no Host", `{"action":"info"}`, func(r *http.Request) { r.Host = "" }, 421, `not to ""`},
		{"another site's page", `{"action":"info"}`, func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") }, 403, "not of https://evil.example"},
		{"another port of this machine", `{"action":"info"}`, func(r *http.Request) { r.Header.Set("Origin", "http://127.0.0.1:3000") }, 403, "not of http://127.0.0.1:3000"},
		{"a null origin", `{"action":"info"}`, func(r *http.Request) { r.Header.Set("Origin", "null") }, 403, "not of null"},
		{"GET", ``, func(r *http.Request) { r.Method = http.MethodGet }, 405, "takes POST"},
		{"a form's post", `action=info`, func(r *http.Request) { r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }, 415, "takes JSON"},
		{"not JSON", `{"action":`, nil, 400, "not JSON"},
		{"an unknown action", `{"action":"deleteEverything","params":{}}`, nil, 422, `unknown action "deleteEverything"; the actions are: deleteFile, deleteFiles, entriesByFiles`},
		{"no action", `{"params":{}}`, nil, 422, `unknown action ""`},
		{"no params", `{"action":"getEntry"}`, nil, 422, "params are missing"},
		{"params of the wrong shape", `{"action":"getEntry","params":{"path":3}}`, nil, 422, "params: json: cannot unmarshal number"},
		{"no path", call("getEntry", map[string]any{}), nil, 422, "path is missing"},
		{"no depth", call("entriesByFolder", map[string]any{"folder": "content/notes", "extension": "md"}), nil, 422, "depth is missing"},
		{"no data files", call("persistEntry", map[string]any{"assets": []any{}}), nil, 422, "dataFiles is missing"},
		{"no paths", call("deleteFiles", map[string]any{"paths": []string{}}), nil, 422, "paths is missing"},
		{"an encoding other than base64", call("persistMedia", map[string]any{"asset": map[string]string{"path": "content/images/x.png", "content": "eA==", "encoding": "hex"}}), nil, 422, "asset.encoding must be base64"},
		{"content that is not base64", call("persistMedia", map[string]any{"asset": map[string]string{"path": "content/images/x.png", "content": "!!", "encoding": "base64"}}), nil, 422, "asset.content is not base64"},
		{"..", call("getEntry", map[string]string{"path": "content/../site.toml"}), nil, 403, "goes up a folder (..)"},
		{".. at the start", save("../outside/new.md"), nil, 403, "goes up a folder (..)"},
		{"an absolute path", call("getEntry", map[string]string{"path": "/etc/passwd"}), nil, 403, "is absolute"},
		{"a backslash", save(`content\\..\\site.toml`), nil, 403, "has a backslash"},
		{"a NUL", save("content/notes/a.md\x00.txt"), nil, 403, "NUL character"},
		{"site.toml", save("site.toml"), nil, 403, "outside the folders the CMS edits (content/, data/)"},
		{"a layout", call("deleteFile", map[string]string{"path": "layouts/page.html"}), nil, 403, "outside the folders the CMS edits"},
		{"a folder linked out of content/", save("content/out/new.md"), nil, 403, "leads out of content/ through a symbolic link"},
		{"reading through a link out", call("getEntry", map[string]string{"path": "content/notes/secret.md"}), nil, 403, "leads out of content/"},
		{"writing through a link out", save("content/notes/secret.md"), nil, 403, "leads out of content/"},
		{"a link that leads nowhere", save("content/notes/nowhere.md"), nil, 403, "leads nowhere"},
		{"media listed through a link out", call("getMedia", map[string]string{"mediaFolder": "content/out/images"}), nil, 403, "leads out of content/"},
		{"a pipe", call("getMediaFile", map[string]string{"path": "content/notes/pipe.md"}), nil, 403, "is not a file"},
		{"a folder deleted", call("deleteFile", map[string]string{"path": "content/notes"}), nil, 422, "is a folder"},
		{"one bad path among good ones", call("deleteFiles", map[string]any{"paths": []string{"content/notes/a.md", "site.toml"}}), nil, 403, "outside the folders"},
		{"one bad asset among good files", call("persistEntry", map[string]any{"dataFiles": []map[string]string{{"path": "content/notes/a.md", "raw": "changed"}}, "assets": []map[string]string{{"path": "../x.png", "content": "eA==", "encoding": "base64"}}}), nil, 403, "goes up a folder"},
		{"a page over the limit", call("persistEntry", map[string]any{"dataFiles": []map[string]string{{"path": "content/notes/a.md", "raw": big}}}), nil, 413, "at most 4 MiB"},
		{"a request for a page over the limit", call("getEntry", map[string]string{"path": "content/notes/a.md", "padding": big}), nil, 413, "at most 4 MiB"},
		{"a body over the media limit", `{"action":"persistMedia","params":{"asset":{"content":"` + strings.Repeat("A", maxMediaBody) + `"}}}`, nil, 413, "over 40 MiB"},
	}
	before := snapshotDir(t, filepath.Dir(site))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, res, _ := post(t, b, tt.body, tt.edit)
			if code != tt.status || !strings.Contains(fmt.Sprint(res["error"]), tt.want) {
				t.Errorf("answered %d %v, want %d and an error with %q", code, res, tt.status, tt.want)
			}
		})
	}
	after := snapshotDir(t, filepath.Dir(site))
	for name, text := range after {
		if before[name] != text {
			t.Errorf("a refused request wrote %s", name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			t.Errorf("a refused request deleted %s", name)
		}
	}
}

// TestBackendOrigins checks the origins answered: the preview's own, at
// each of its loopback names, with the CORS headers that let the CMS
// opened at localhost reach the backend named at 127.0.0.1.
func TestBackendOrigins(t *testing.T) {
	b, _ := newSite(t, backendSite)
	for _, origin := range []string{"", "http://127.0.0.1:1313", "http://localhost:1313", "http://[::1]:1313"} {
		r := httptest.NewRequest(http.MethodPost, BackendPath, strings.NewReader(`{"action":"info"}`))
		r.RemoteAddr = "[::1]:50000"
		r.Host = "127.0.0.1:1313"
		if origin != "" {
			r.Host = strings.TrimPrefix(origin, "http://")
		}
		r.Header.Set("Content-Type", "application/json")
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		b.ServeHTTP(w, r)
		if w.Code != 200 || w.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("origin %q: %d, allowed %q", origin, w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
	}
	r := httptest.NewRequest(http.MethodOptions, BackendPath, nil)
	r.RemoteAddr = "127.0.0.1:50000"
	r.Host = "127.0.0.1:1313"
	r.Header.Set("Origin", "http://localhost:1313")
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	if w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Headers") != "Content-Type" {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
}

// TestBackendWithoutCMS checks that a site without [cms] is not written
// through the backend, though the preview serves it.
func TestBackendWithoutCMS(t *testing.T) {
	b, site := newSite(t, "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	code, res, _ := post(t, b, call("deleteFile", map[string]string{"path": "content/notes/a.md"}), nil)
	if _, err := os.Stat(filepath.Join(site, "content", "notes", "a.md")); code != 404 || err != nil || !strings.Contains(fmt.Sprint(res["error"]), "no [cms] table") {
		t.Errorf("answered %d %v; the page: %v", code, res, err)
	}
}
