package server

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestInject checks where the preview's parts go in a page: the client
// first in the head, where broken markup further on cannot hide it, and
// the overlay, the panel and the end marker before </body>.
func TestInject(t *testing.T) {
	snap := &Snapshot{Overlay: []byte("<div>errors</div>"), Panel: []byte("<div>warnings</div>"), id: "n.3"}
	script := `<script src="/__plansite/reload.js" data-plansite-build="n.3" defer></script>`
	tail := "<div>errors</div><div>warnings</div>" + endMarker
	for _, c := range []struct{ page, want string }{
		{"<!doctype html><html><head><title>T</title></head><body><p>x</p></body></html>",
			"<!doctype html><html><head>" + script + "<title>T</title></head><body><p>x</p>" + tail + "</body></html>"},
		{`<!DOCTYPE html><HEAD lang="en"><header>h</header><BODY>x</body>`,
			`<!DOCTYPE html><HEAD lang="en">` + script + "<header>h</header><BODY>x" + tail + "</body>"},
		// No head: everything at the end of the body.
		{"<p>x</p></body>", "<p>x</p>" + script + tail + "</body>"},
		// No body either: at the end.
		{"<header>x</header>", "<header>x</header>" + script + tail},
	} {
		if got := string(inject([]byte(c.page), snap)); got != c.want {
			t.Errorf("inject(%q)\n got %s\nwant %s", c.page, got, c.want)
		}
	}
}

// events opens the event stream of s, with query, and returns its events
// as "name data" strings, the lines of data joined by "|", the hello first.
func events(t *testing.T, s *Server, query string) <-chan string {
	t.Helper()
	resp, err := http.Get("http://" + serving(t, s) + Prefix + "events" + query)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	out := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var name, data string
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "event: "):
				name = l[len("event: "):]
			case strings.HasPrefix(l, "data: "):
				data += "|" + l[len("data: "):]
			case l == "" && name != "":
				out <- name + " " + strings.TrimPrefix(data, "|")
				name, data = "", ""
			}
		}
	}()
	return out
}

func nextEvent(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
		return ""
	}
}

// TestPublishEvents checks what open pages are told after each build, and
// that each event names the snapshot that pages fetched from then on show.
func TestPublishEvents(t *testing.T) {
	s := New("127.0.0.1")
	page := map[string][]byte{"index.html": []byte("<head></head><body>home</body>")}
	s.Publish(&Snapshot{Files: page}, []string{"index.html"})
	ch := events(t, s, "")
	hello := nextEvent(t, ch)
	if want := "hello " + s.nonce + ".1"; hello != want {
		t.Fatalf("first event %q, want %q", hello, want)
	}
	for _, c := range []struct {
		what    string
		snap    *Snapshot
		changed []string
		want    string // "" for no event
	}{
		{"a page", &Snapshot{Files: page}, []string{"index.html", "css/site.css"}, "update .2"},
		{"a stylesheet", &Snapshot{Files: page}, []string{"css/site.css"}, "css .3|css/site.css"},
		{"nothing", &Snapshot{Files: page}, nil, ""},
		{"the errors came", &Snapshot{Files: page, Overlay: []byte("<div>e</div>")}, nil, "update .4"},
		{"the same errors", &Snapshot{Files: page, Overlay: []byte("<div>e</div>")}, nil, ""},
		{"warnings instead", &Snapshot{Files: page, Panel: []byte("<div>w</div>")}, nil, "update .5"},
		{"no warnings", &Snapshot{Files: page}, nil, "update .6"},
	} {
		s.Publish(c.snap, c.changed)
		if c.want == "" {
			select {
			case e := <-ch:
				t.Errorf("after %s: event %q, want none", c.what, e)
			case <-time.After(50 * time.Millisecond):
			}
			continue
		}
		want := strings.Replace(c.want, " .", " "+s.nonce+".", 1)
		if got := nextEvent(t, ch); got != want {
			t.Errorf("after %s: event %q, want %q", c.what, got, want)
		}
		served := string(inject(page["index.html"], s.snap.Load()))
		if !strings.Contains(served, `data-plansite-build="`+s.snap.Load().id+`"`) {
			t.Errorf("after %s: the page served does not name its snapshot: %s", c.what, served)
		}
	}
	// A page that connects now is greeted with the latest snapshot.
	if got, want := nextEvent(t, events(t, s, "")), "hello "+s.nonce+".6"; got != want {
		t.Errorf("a new stream says %q, want %q", got, want)
	}
}

// TestUpdateCarriesThePage checks that a page that names its address gets
// its new HTML with each update, as served, and only its own: a page that
// is gone, or a file that is not HTML, gets the id alone and fetches.
func TestUpdateCarriesThePage(t *testing.T) {
	s := New("127.0.0.1")
	site := map[string][]byte{
		"index.html":       []byte("<head></head><body>home</body>"),
		"notes/index.html": []byte("<head></head><body>notes\r\nwith a line\rand another</body>"),
		"feed.xml":         []byte("<feed/>"),
	}
	s.Publish(&Snapshot{Files: site}, nil)
	notes, gone, feed := events(t, s, "?page=/notes/"), events(t, s, "?page=/gone/"), events(t, s, "?page=/feed.xml")
	for _, ch := range []<-chan string{notes, gone, feed} {
		nextEvent(t, ch)
	}
	s.Publish(&Snapshot{Files: site}, []string{"notes/index.html"})
	id := s.snap.Load().id
	page := strings.ReplaceAll(string(inject([]byte("<head></head><body>notes\nwith a line\nand another</body>"), s.snap.Load())), "\n", "|")
	if got, want := nextEvent(t, notes), "update "+id+"|"+page; got != want {
		t.Errorf("the notes page got\n%s\nwant\n%s", got, want)
	}
	for name, ch := range map[string]<-chan string{"a page that is gone": gone, "a feed": feed} {
		if got, want := nextEvent(t, ch), "update "+id; got != want {
			t.Errorf("%s got %q, want %q", name, got, want)
		}
	}
}
