package pdf

import (
	"bytes"
	"fmt"
	"strconv"
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

// makePDF writes a PDF as Skia does: the objects, a cross-reference table
// of 20-byte entries, a trailer without an ID and startxref.
func makePDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var at []int
	for i, o := range objs {
		at = append(at, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, a := range at {
		fmt.Fprintf(&b, "%010d 00000 n \n", a)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d\n/Root 1 0 R\n/Info 2 0 R>>\nstartxref\n%d\n%%%%EOF", len(objs)+1, xref)
	return b.Bytes()
}

// checkOffsets checks that startxref and every entry of the table point
// where they should.
func checkOffsets(t *testing.T, pdf []byte) {
	t.Helper()
	xref, err := startXref(pdf)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(pdf[xref:]), "\n")
	for i, l := range lines[3:] {
		if strings.HasPrefix(l, "trailer") {
			return
		}
		off, _ := strconv.Atoi(l[:10])
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d's offset %d points to %q", i+1, off, pdf[off:min(off+12, len(pdf))])
		}
	}
}

func TestOutline(t *testing.T) {
	in := makePDF(
		"<</Type /Catalog\n/Outlines 4 0 R\n/Lang (en-GB)>>",
		"<</Title (Plan)\n/CreationDate (D:20261129120527+00'00')\n/ModDate (D:20261129120527+00'00')>>",
		"<</Type /Pages\n/Count 2>>",
		"<</Type /Outlines\n/First 5 0 R>>",
		"<</Title (All 3 actions)\n/Dest [3 0 R /XYZ 0 0 0]\n/Parent 4 0 R>>",
		"<</Title (1Public libraries are at the heartof communities)\n/Dest [3 0 R /XYZ 0 0 0]\n/Parent 4 0 R>>",
		"<</Title <FEFF0032004C00650061006400650072007320190020006E006500740077006F0072006B>\n/Dest [3 0 R /XYZ 0 0 0]\n/Parent 4 0 R>>",
		"<</Title (Not a heading \\(of ours\\))\n/Dest [3 0 R /XYZ 0 0 0]\n/Parent 4 0 R>>",
	)
	checkOffsets(t, in)
	out, err := Outline(in, []Heading{
		{"Contents", "Contents"},
		{"All 3 actions", "All 3 actions"},
		{"1\nPublic libraries are at the heart of communities", "Objective 1: Public libraries are at the heart of communities"},
		{"2\nLeaders\u2019 network", "Objective 2: Leaders\u2019 network"},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkOffsets(t, out)
	var titles []string
	for _, m := range outlineTitle.FindAllSubmatch(out, -1) {
		s, _ := decodeString(m[1])
		titles = append(titles, s)
	}
	want := []string{"All 3 actions", "Objective 1: Public libraries are at the heart of communities", "Objective 2: Leaders\u2019 network", "Not a heading (of ours)"}
	if fmt.Sprint(titles) != fmt.Sprint(want) {
		t.Errorf("bookmarks %q, want %q", titles, want)
	}
	fixed, pages, err := Fix(out, time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || pages != 2 {
		t.Fatalf("Fix: %d pages, %v", pages, err)
	}
	checkOffsets(t, fixed)
	if !pdfID.Match(fixed) {
		t.Errorf("Fix added no ID:\n%s", fixed[len(fixed)-120:])
	}
	again, _, _ := Fix(fixed, time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC))
	if !bytes.Equal(again, fixed) {
		t.Error("Fix of a fixed file changes it")
	}
}
