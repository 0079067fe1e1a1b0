package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"plansite/internal/diag"
)

// ExternalLink is a link to another site, and where it was written.
type ExternalLink struct {
	URL       string
	File      string
	Line, Col int
}

// ExternalOptions bound the work of checking external links, so that a site
// with hundreds of links neither floods one host nor hangs on a slow one.
type ExternalOptions struct {
	Concurrency int           // requests in flight in all (default 8)
	PerHost     int           // requests in flight to one host (default 2)
	Timeout     time.Duration // per request (default 10s)
	Client      *http.Client
}

// External checks that each external link answers. A link that is gone
// (404, 410) or cannot be reached is an error; another failing status (a
// site refusing robots, a server error) is a warning. Each URL is fetched
// once, however many times it is linked.
func External(ctx context.Context, links []ExternalLink, opts ExternalOptions) []diag.Diagnostic {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: opts.Timeout}
	}
	byURL := map[string][]ExternalLink{}
	for _, l := range links {
		u, err := url.Parse(l.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue // mailto:, tel: and the like are not fetched
		}
		byURL[l.URL] = append(byURL[l.URL], l)
	}
	urls := make([]string, 0, len(byURL))
	for u := range byURL {
		urls = append(urls, u)
	}
	sort.Strings(urls)

	var (
		mu      sync.Mutex
		diags   []diag.Diagnostic
		hostsMu sync.Mutex
		hosts   = map[string]chan struct{}{}
		all     = make(chan struct{}, opts.Concurrency)
		wg      sync.WaitGroup
	)
	hostSlot := func(h string) chan struct{} {
		hostsMu.Lock()
		defer hostsMu.Unlock()
		c := hosts[h]
		if c == nil {
			c = make(chan struct{}, opts.PerHost)
			hosts[h] = c
		}
		return c
	}
	for _, raw := range urls {
		u, _ := url.Parse(raw)
		wg.Add(1)
		go func() {
			defer wg.Done()
			host := hostSlot(u.Host)
			select {
			case host <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-host }()
			select {
			case all <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-all }()
			severity, problem := fetch(ctx, client, raw, opts.Timeout)
			if problem == "" {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, l := range byURL[raw] {
				d := diag.Diagnostic{File: l.File, Line: l.Line, Column: l.Col, Severity: severity,
					Message: fmt.Sprintf("external link %s: %s", raw, problem)}
				diags = append(diags, d)
			}
		}()
	}
	wg.Wait()
	diag.Sort(diags)
	return diags
}

// fetch asks for a URL, with HEAD first and GET when the server will not
// answer HEAD, and says what is wrong with it, if anything.
func fetch(ctx context.Context, client *http.Client, raw string, timeout time.Duration) (diag.Severity, string) {
	status, err := request(ctx, client, http.MethodHead, raw, timeout)
	if err == nil && (status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented || status == http.StatusForbidden) {
		status, err = request(ctx, client, http.MethodGet, raw, timeout)
	}
	switch {
	case err != nil:
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return diag.Error, fmt.Sprintf("no answer within %s", timeout)
		}
		return diag.Error, "cannot be reached: " + err.Error()
	case status == http.StatusNotFound || status == http.StatusGone:
		return diag.Error, fmt.Sprintf("%d %s: the page is gone", status, http.StatusText(status))
	case status >= 400:
		return diag.Warning, fmt.Sprintf("answered %d %s", status, http.StatusText(status))
	}
	return diag.Error, ""
}

func request(ctx context.Context, client *http.Client, method, raw string, timeout time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, raw, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "plansite-link-check/1")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
