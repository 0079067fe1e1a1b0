package server

import (
	"net"
	"net/netip"
	"os"
	"strings"
)

// hosts says which Host headers the preview answers. A web page the author
// visits can point its own domain name at 127.0.0.1 (DNS rebinding) and
// then read the preview as if it were its own site: drafts, unpublished
// edits, the source lines the overlay quotes. Such a page can only send
// its own domain name as Host, so the preview answers only names that no
// other site can point at it: IP literals, localhost and, when other
// machines may connect, this machine's own name. The port is not looked
// at: a rebinding page connects to the preview's own port.
type hosts struct {
	// loopback is set for a bind to this machine only: then only
	// loopback IPs and localhost are answered.
	loopback bool
	// names are the DNS names answered besides localhost: the machine's
	// own, and the one the preview was told to bind to.
	names map[string]bool
}

// newHosts makes the check for a preview bound to bind, an IP address or
// a host name, with or without a port ("" is 127.0.0.1, as for Listen).
func newHosts(bind string) hosts {
	name := hostName(bind)
	if name == "" {
		name = "127.0.0.1"
	}
	ip, err := netip.ParseAddr(name)
	if name == "localhost" || err == nil && ip.Unmap().IsLoopback() {
		return hosts{loopback: true}
	}
	h := hosts{names: map[string]bool{}}
	if err != nil {
		h.names[name] = true
	}
	if me, err := os.Hostname(); err == nil && me != "" {
		h.names[hostName(me)] = true
	}
	return h
}

// Loopback reports whether a bind address (as given to Listen) lets only
// this machine connect.
func Loopback(bind string) bool { return newHosts(bind).loopback }

// allow says whether a request whose Host header is host is answered.
func (h hosts) allow(host string) bool {
	name := hostName(host)
	if name == "localhost" {
		return true
	}
	if ip, err := netip.ParseAddr(name); err == nil {
		return !h.loopback || ip.Unmap().IsLoopback()
	}
	return name != "" && h.names[name]
}

// refusal is the reason given to a request that is not answered.
func (h hosts) refusal() string {
	which := "localhost, an IP address or this machine's name"
	if h.loopback {
		which = "localhost or 127.0.0.1"
	}
	return "plansite: this preview answers only requests addressed to " + which +
		", so that other web sites cannot read it (DNS rebinding); open the address plansite serve printed"
}

// hostName is the host of a Host header or a bind address, without port,
// brackets or a final dot, in lower case: names are compared that way.
func hostName(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}
