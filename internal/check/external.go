package check

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"plansite/internal/diag"
)

// ExternalLink is a link to another site, and where it was written.
type ExternalLink struct {
	URL       string
	File      string
	Line, Col int
	Origin    diag.Origin // the built-in theme's, for a link in its layouts
}

// ExternalOptions bound the work of checking external links, so that a site
// with hundreds of links neither floods one host nor hangs on a slow one.
type ExternalOptions struct {
	Concurrency int           // requests in flight in all (default 8)
	PerHost     int           // requests in flight to one host name, whatever the port (default 2)
	Timeout     time.Duration // per request (default 10s)
	// Client makes the requests; its Timeout, if any, applies as well.
	Client *http.Client
}

// External checks that each external link answers. A link that is gone
// (404, 410) or cannot be reached is an error; another failing status (a
// site refusing robots, a server error) is a warning. Each URL is fetched
// once, however many times it is linked: #fragments are not sent to a
// server, so links that differ only in theirs are one fetch.
func External(ctx context.Context, links []ExternalLink, opts ExternalOptions) []diag.Diagnostic {
	opts = opts.withDefaults()
	byURL, urls := groupByURL(links)
	var (
		mu    sync.Mutex
		diags []diag.Diagnostic
		hosts = &hostLimits{size: opts.PerHost, slots: map[string]chan struct{}{}}
		all   = make(chan struct{}, opts.Concurrency)
		wg    sync.WaitGroup
	)
	for _, raw := range urls {
		u, _ := url.Parse(raw)
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The limit is a courtesy to a machine, so example.org and
			// EXAMPLE.org:8080 share one.
			host := hosts.slot(strings.ToLower(u.Hostname()))
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
			severity, problem := fetch(ctx, opts.Client, raw, opts.Timeout)
			if problem == "" || ctx.Err() != nil {
				return // fine, or the check was cancelled: no verdict
			}
			mu.Lock()
			defer mu.Unlock()
			for _, l := range byURL[raw] {
				d := diag.Diagnostic{File: l.File, Line: l.Line, Column: l.Col, Origin: l.Origin, Severity: severity,
					Message: fmt.Sprintf("external link %s: %s", l.URL, problem)}
				diags = append(diags, d)
			}
		}()
	}
	wg.Wait()
	diag.Sort(diags)
	return diags
}

// withDefaults fills in the options left at zero, so that a caller can
// pass ExternalOptions{} and get limits fit for most sites.
func (o ExternalOptions) withDefaults() ExternalOptions {
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: o.Timeout}
	}
	return o
}

// groupByURL groups the links to be fetched by the URL fetched for them,
// without its fragment, and lists those URLs sorted, so that one run over
// the same links starts its requests as the last did. Links that are not
// fetched (mailto:, tel: and the like) are left out.
func groupByURL(links []ExternalLink) (map[string][]ExternalLink, []string) {
	byURL := map[string][]ExternalLink{}
	for _, l := range links {
		u, err := url.Parse(l.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		byURL[u.String()] = append(byURL[u.String()], l)
	}
	urls := make([]string, 0, len(byURL))
	for u := range byURL {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return byURL, urls
}

// hostLimits bound the requests in flight to each host: one semaphore per
// host name, made when a link to it is first checked, as the hosts are
// known only from the links.
type hostLimits struct {
	size  int // requests in flight to one host
	mu    sync.Mutex
	slots map[string]chan struct{}
}

// slot is the semaphore of host, which every request to it takes a place
// in first.
func (h *hostLimits) slot(host string) chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.slots[host]
	if c == nil {
		c = make(chan struct{}, h.size)
		h.slots[host] = c
	}
	return c
}

// fetch asks for a URL, with HEAD first and GET when HEAD fails: some
// servers refuse HEAD (405, 501) and others answer it wrongly (403, or 404
// for a page that GET finds), so only GET's answer condemns a link. It says
// what is wrong with the URL, if anything.
func fetch(ctx context.Context, client *http.Client, raw string, timeout time.Duration) (diag.Severity, string) {
	status, err := request(ctx, client, http.MethodHead, raw, timeout)
	if err == nil && status >= 400 {
		status, err = request(ctx, client, http.MethodGet, raw, timeout)
	}
	switch {
	case err != nil:
		return diag.Error, unreachable(err, timeout)
	case status == http.StatusNotFound || status == http.StatusGone:
		return diag.Error, fmt.Sprintf("%d %s: the page is gone; update the link or remove it", status, http.StatusText(status))
	case status >= 400:
		return diag.Warning, fmt.Sprintf("answered %d %s; check that it works in a browser", status, http.StatusText(status))
	}
	return diag.Error, ""
}

// unreachable says in plain words why a request got no answer.
func unreachable(err error, timeout time.Duration) string {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return fmt.Sprintf("no answer within %s; the site may be down or slow: check it in a browser", timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "cannot be reached: the connection was refused; the site may be down, or the address wrong"
	case errors.As(err, &dns) && dns.IsNotFound:
		return fmt.Sprintf("cannot be reached: there is no host %s; check the address", dns.Name)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the message names the URL already
	}
	return "cannot be reached: " + err.Error()
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
