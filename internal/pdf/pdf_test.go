package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// printed is the part of a PDF Chromium prints that Fix changes, at two
// times.
func printed(stamp, id string) []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<</Title (Plan)\n/CreationDate (D:" + stamp + "+00'00')\n/ModDate (D:" + stamp + "+00'00')>>\nendobj\n" +
		"2 0 obj\n<</Type /Pages\n/Kids [3 0 R 4 0 R]\n/Count 9>>\nendobj\n3 0 obj\n<</Type /Pages\n/Kids [5 0 R]\n/Count 8>>\nendobj\n" +
		"trailer\n<</Size 6\n/Root 7 0 R\n/Info 1 0 R\n/ID [<" + id + "> <" + id + ">]>>\n%%EOF\n")
}

func TestFix(t *testing.T) {
	date := time.Date(2019, 4, 1, 9, 30, 0, 0, time.FixedZone("BST", 3600))
	a, pages, err := Fix(printed("20261129120527", strings.Repeat("A1", 16)), date)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Fix(printed("20270101000000", strings.Repeat("9F", 16)), date)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("two printings of the same page differ after Fix:\n%s\n%s", a, b)
	}
	if len(a) != len(printed("20261129120527", strings.Repeat("A1", 16))) {
		t.Error("Fix changed the file's length, and so the offsets it lists")
	}
	for _, want := range []string{"/CreationDate (D:20190401083000+00'00')", "/ModDate (D:20190401083000+00'00')"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("no %s in\n%s", want, a)
		}
	}
	if bytes.Contains(a, []byte("A1A1")) {
		t.Error("the printed ID is still there")
	}
	if pages != 9 {
		t.Errorf("%d pages, want the root's 9", pages)
	}
	other, _, _ := Fix(bytes.Replace(printed("20261129120527", strings.Repeat("A1", 16)), []byte("(Plan)"), []byte("(Plam)"), 1), date)
	if bytes.Equal(other[len(other)-80:], a[len(a)-80:]) {
		t.Error("a different file has the same ID")
	}
}

func TestFixRefuses(t *testing.T) {
	for name, in := range map[string][]byte{
		"no pages":         []byte("%PDF-1.4\n/CreationDate (D:20261129120527+00'00')\n"),
		"a date too short": []byte("%PDF-1.4\n/CreationDate (D:20261129120527+0)\n<</Type /Pages /Count 1>>"),
	} {
		if _, _, err := Fix(in, time.Unix(0, 0)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
