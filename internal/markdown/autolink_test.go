package markdown

import (
	"strings"
	"testing"
)

// Hugo 0.166 links a bare www. address with https://, and keeps a protocol
// written out.
func TestBareAddressesLinkWithHTTPS(t *testing.T) {
	res, err := New(Options{}).Convert([]byte("See www.example.com and http://example.org/a and <http://example.net/>."), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="https://www.example.com"`, `href="http://example.org/a"`, `href="http://example.net/"`} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("HTML %s lacks %s", res.HTML, want)
		}
	}
	if len(res.Links) == 0 || res.Links[0].Dest != "https://www.example.com" {
		t.Errorf("recorded links %+v: want the first as https://www.example.com", res.Links)
	}
}
