package cms

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// action is one of the protocol's actions: what it does with its
// parameters, and whether its request may carry media.
type action struct {
	do    func(s *session, params json.RawMessage) (any, *apiError)
	media bool
}

// actions are those decap-server answers in its file-system mode, with
// publish_mode simple (the editorial workflow's need a Git branch per
// entry, which a folder on disk does not have).
var actions = map[string]action{
	"info":             {do: (*session).info},
	"entriesByFolder":  {do: (*session).entriesByFolder},
	"entriesByFiles":   {do: (*session).entriesByFiles},
	"getEntry":         {do: (*session).getEntry},
	"persistEntry":     {do: (*session).persistEntry, media: true},
	"getMedia":         {do: (*session).getMedia},
	"getMediaFile":     {do: (*session).getMediaFile},
	"persistMedia":     {do: (*session).persistMedia, media: true},
	"deleteFile":       {do: (*session).deleteFile},
	"deleteFiles":      {do: (*session).deleteFiles},
	"getDeployPreview": {do: func(*session, json.RawMessage) (any, *apiError) { return nil, nil }},
}

func actionNames() string {
	return strings.Join(slices.Sorted(maps.Keys(actions)), ", ")
}

// session is one request's view of the site.
type session struct {
	b *Backend
}

// decode reads an action's parameters, which must be a JSON object.
func decode(params json.RawMessage, into any) *apiError {
	if len(bytes.TrimSpace(params)) == 0 || bytes.Equal(bytes.TrimSpace(params), []byte("null")) {
		return badRequest("params are missing")
	}
	if err := json.Unmarshal(params, into); err != nil {
		return badRequest("params: %v", err)
	}
	return nil
}

// file resolves a path the CMS sent, naming the parameter it came in.
func (s *session) file(param, p string) (string, string, *apiError) {
	if p == "" {
		return "", "", badRequest("%s is missing", param)
	}
	rel, folder, err := checkPath(p)
	if err != nil {
		return "", "", asAPIError(err, param)
	}
	full, err := resolve(s.b.root, rel, folder)
	if err != nil {
		return "", "", asAPIError(err, param)
	}
	return rel, full, nil
}

func (s *session) info(json.RawMessage) (any, *apiError) {
	return map[string]any{"repo": filepath.Base(s.b.root), "publish_modes": []string{"simple"}, "type": "local_fs"}, nil
}

// entriesByFolder lists a collection's pages. A section's own page
// (_index.md) is edited in the Pages collection, not listed among the
// section's pages, where the content type's fields do not apply to it.
func (s *session) entriesByFolder(params json.RawMessage) (any, *apiError) {
	var p struct {
		Folder    string `json:"folder"`
		Extension string `json:"extension"`
		Depth     *int   `json:"depth"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if p.Depth == nil {
		return nil, badRequest("depth is missing")
	}
	rel, full, e := s.file("folder", p.Folder)
	if e != nil {
		return nil, e
	}
	files := listFiles(full, rel, p.Extension, min(*p.Depth, 16))
	files = slices.DeleteFunc(files, func(f string) bool {
		base := path.Base(f)
		return strings.HasPrefix(base, "_index.") // _index.md, and a translation's _index.cy.md
	})
	return s.entries(files, nil), nil
}

type fileParam struct {
	Path  string `json:"path"`
	Label string `json:"label,omitempty"`
}

func (s *session) entriesByFiles(params json.RawMessage) (any, *apiError) {
	var p struct {
		Files []fileParam `json:"files"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if p.Files == nil {
		return nil, badRequest("files is missing")
	}
	paths := make([]string, len(p.Files))
	labels := make([]string, len(p.Files))
	for i, f := range p.Files {
		if _, _, e := s.file(fmt.Sprintf("files[%d].path", i), f.Path); e != nil {
			return nil, e
		}
		paths[i], labels[i] = f.Path, f.Label
	}
	return s.entries(paths, labels), nil
}

func (s *session) getEntry(params json.RawMessage) (any, *apiError) {
	var p fileParam
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if _, _, e := s.file("path", p.Path); e != nil {
		return nil, e
	}
	return s.entries([]string{p.Path}, nil)[0], nil
}

// dataFile is a page or data file as the CMS saves it.
type dataFile struct {
	Slug    string `json:"slug"`
	Path    string `json:"path"`
	Raw     string `json:"raw"`
	NewPath string `json:"newPath"`
}

// asset is a media file as the CMS sends it.
type asset struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

// persistEntry saves a page (and the images added with it). Every path
// and every asset is checked before anything is written, so that a
// refused request leaves the site as it was.
func (s *session) persistEntry(params json.RawMessage) (any, *apiError) {
	var p struct {
		Entry     *dataFile  `json:"entry"`
		DataFiles []dataFile `json:"dataFiles"`
		Assets    []asset    `json:"assets"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if p.Entry != nil {
		p.DataFiles = append(p.DataFiles, *p.Entry)
	}
	if len(p.DataFiles) == 0 {
		return nil, badRequest("dataFiles is missing")
	}
	var plan []write
	for i, d := range p.DataFiles {
		if len(d.Raw) > maxEntryBody {
			return nil, &apiError{http.StatusRequestEntityTooLarge, fmt.Sprintf("dataFiles[%d]: a page or data file is at most %d MiB", i, maxEntryBody>>20)}
		}
		w, e := s.planWrite(fmt.Sprintf("dataFiles[%d]", i), d.Path, []byte(d.Raw))
		if e != nil {
			return nil, e
		}
		if d.NewPath != "" {
			_, w.moveTo, e = s.file(fmt.Sprintf("dataFiles[%d].newPath", i), d.NewPath)
			if e != nil {
				return nil, e
			}
		}
		plan = append(plan, w)
	}
	for i, a := range p.Assets {
		w, e := s.planAsset(fmt.Sprintf("assets[%d]", i), a)
		if e != nil {
			return nil, e
		}
		plan = append(plan, w)
	}
	for _, w := range plan {
		if err := w.do(); err != nil {
			return nil, asAPIError(err, "saving "+w.rel)
		}
	}
	return map[string]string{"message": "entry persisted"}, nil
}

func (s *session) planWrite(param, p string, data []byte) (write, *apiError) {
	rel, full, e := s.file(param+".path", p)
	if e != nil {
		return write{}, e
	}
	return write{rel: rel, full: full, data: data}, nil
}

func (s *session) planAsset(param string, a asset) (write, *apiError) {
	if a.Encoding != "base64" {
		return write{}, badRequest("%s.encoding must be base64, not %q", param, a.Encoding)
	}
	data, err := base64.StdEncoding.DecodeString(a.Content)
	if err != nil {
		return write{}, badRequest("%s.content is not base64: %v", param, err)
	}
	return s.planWrite(param, a.Path, data)
}

func (s *session) getMedia(params json.RawMessage) (any, *apiError) {
	var p struct {
		MediaFolder string `json:"mediaFolder"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	rel, full, e := s.file("mediaFolder", p.MediaFolder)
	if e != nil {
		return nil, e
	}
	out := []mediaFile{}
	for _, f := range listFiles(full, rel, "", 1) {
		if m, e := s.mediaFile(f); e == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *session) getMediaFile(params json.RawMessage) (any, *apiError) {
	var p fileParam
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	return s.mediaFile(p.Path)
}

func (s *session) persistMedia(params json.RawMessage) (any, *apiError) {
	var p struct {
		Asset *asset `json:"asset"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if p.Asset == nil {
		return nil, badRequest("asset is missing")
	}
	w, e := s.planAsset("asset", *p.Asset)
	if e != nil {
		return nil, e
	}
	if err := w.do(); err != nil {
		return nil, asAPIError(err, "saving "+w.rel)
	}
	return s.mediaFile(p.Asset.Path)
}

func (s *session) deleteFile(params json.RawMessage) (any, *apiError) {
	var p fileParam
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	return s.remove([]string{p.Path}, "path")
}

func (s *session) deleteFiles(params json.RawMessage) (any, *apiError) {
	var p struct {
		Paths []string `json:"paths"`
	}
	if e := decode(params, &p); e != nil {
		return nil, e
	}
	if len(p.Paths) == 0 {
		return nil, badRequest("paths is missing")
	}
	return s.remove(p.Paths, "paths")
}

// remove deletes files, once every path is checked: a folder is never
// deleted, nor anything through a path refused.
func (s *session) remove(paths []string, param string) (any, *apiError) {
	full := make([]string, len(paths))
	for i, p := range paths {
		name := param
		if len(paths) > 1 || param == "paths" {
			name = fmt.Sprintf("%s[%d]", param, i)
		}
		var e *apiError
		if _, full[i], e = s.file(name, p); e != nil {
			return nil, e
		}
		if e := notFolder(full[i], p); e != nil {
			return nil, e
		}
	}
	for i, f := range full {
		if err := removeFile(f); err != nil {
			return nil, asAPIError(err, "deleting "+paths[i])
		}
	}
	return map[string]string{"message": "deleted " + strings.Join(paths, ", ")}, nil
}
