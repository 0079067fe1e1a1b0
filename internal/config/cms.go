package config

import (
	"path"
	"slices"
	"strings"

	"plansite/internal/diag"
	"plansite/internal/folders"
)

// CMS is site.toml's [cms] table: where Decap CMS (or Sveltia CMS, which
// reads the same configuration) saves what writers edit in a browser. With
// it, a build writes the CMS's admin page and its configuration, made from
// the content types, so that the two never drift apart.
type CMS struct {
	// Backend, Repo and Branch are Decap's backend.name, .repo and .branch:
	// where the site's files live ("github", "ORG/REPO", "main").
	Backend, Repo, Branch string
	// AuthURL and AuthEndpoint are Decap's backend.base_url and
	// .auth_endpoint, for a host whose sign-in goes through a server of
	// its own (an OAuth proxy on Cloudflare Pages, say); empty for Netlify.
	AuthURL, AuthEndpoint string
	// MediaFolder is where images uploaded through the CMS are saved, a
	// slash path relative to the site folder, inside content/ so that they
	// are published beside the pages.
	MediaFolder string
	// Script is the address of the CMS's script when the site serves a copy
	// of its own; empty for the pinned copy on a CDN.
	Script string
	Pos    diag.Pos // of [cms]
	// BackendPos is where the backend is named, or [cms] without one: a
	// message about the backend points there.
	BackendPos diag.Pos
}

type cmsFile struct {
	Backend      string `toml:"backend"`
	Repo         string `toml:"repo"`
	Branch       string `toml:"branch"`
	AuthURL      string `toml:"authURL"`
	AuthEndpoint string `toml:"authEndpoint"`
	MediaFolder  string `toml:"mediaFolder"`
	Script       string `toml:"script"`
}

// CMSBackends are the names Decap's backend takes for a site's repository.
// (Its proxy and test-repo backends are for development, not a published
// site: plansite serve is the local one.)
var CMSBackends = []string{"azure", "bitbucket", "git-gateway", "gitea", "github", "gitlab"}

// DefaultMediaFolder is where the CMS saves uploads unless told otherwise.
const DefaultMediaFolder = folders.Content + "/images"

// cms reads [cms], checking what Decap would otherwise reject only once a
// writer opened the admin page.
func (p *parser) cms(in *cmsFile) *CMS {
	if in == nil {
		return nil
	}
	c := &CMS{Backend: in.Backend, Repo: strings.Trim(in.Repo, "/"), Branch: in.Branch,
		AuthURL: in.AuthURL, AuthEndpoint: in.AuthEndpoint, Script: in.Script,
		MediaFolder: in.MediaFolder, Pos: p.tablePos("cms")}
	c.BackendPos = c.Pos
	if at := p.vals.Of("cms.backend"); at.Line > 0 {
		c.BackendPos = at
	}
	switch {
	case p.shape.wasReported("cms.backend", c.Pos.Line):
	case c.Backend == "":
		p.errs = append(p.errs, diag.Errorf(folders.Config, c.Pos.Line, c.Pos.Col, "[cms] has no backend: say where the CMS saves the site, as Decap names it: backend = \"github\" (one of: %s)", strings.Join(CMSBackends, ", ")))
	case !slices.Contains(CMSBackends, c.Backend):
		p.failValue("cms.backend", "cms.backend %q is not a backend Decap CMS has%s; it takes: %s", c.Backend, diag.Hint(c.Backend, CMSBackends), strings.Join(CMSBackends, ", "))
	case c.Repo == "" && c.Backend != "git-gateway" && !p.shape.wasReported("cms.repo", c.Pos.Line):
		p.errs = append(p.errs, diag.Errorf(folders.Config, c.BackendPos.Line, c.BackendPos.Col, "[cms] backend %q needs the repository: repo = \"ORG/REPO\"", c.Backend))
	}
	if c.Branch == "" {
		c.Branch = "main"
	}
	p.cmsMediaFolder(c)
	return c
}

// cmsMediaFolder checks the media folder: inside content/, so that what is
// uploaded is published at the address the CMS writes into pages.
func (p *parser) cmsMediaFolder(c *CMS) {
	if c.MediaFolder == "" {
		c.MediaFolder = DefaultMediaFolder
		return
	}
	mf := path.Clean(strings.Trim(c.MediaFolder, "/"))
	if strings.Contains(c.MediaFolder, `\`) || !strings.HasPrefix(mf+"/", folders.Content+"/") || mf == folders.Content || strings.Contains(c.MediaFolder, "..") {
		p.failValue("cms.mediaFolder", "cms.mediaFolder %q must be a folder inside %s/, such as %q, so that the files uploaded are published with the site", c.MediaFolder, folders.Content, DefaultMediaFolder)
		return
	}
	c.MediaFolder = mf
}

// PublicFolder is the site path the media folder is published at ("/images"
// for content/images), which the CMS writes before an uploaded file's name.
func (c *CMS) PublicFolder() string {
	return "/" + strings.TrimPrefix(c.MediaFolder, folders.Content+"/")
}
