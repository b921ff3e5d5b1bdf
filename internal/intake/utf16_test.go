package intake

import (
	"bytes"
	"testing"
	"unicode/utf16"

	"carekeeper/internal/testutil"
	cksync "carekeeper/sync"
)

// A C-CDA document written in UTF-16 (with its byte order mark, as some Windows exporters
// write it) is recognised and imports as the same document in UTF-8 does.
func TestCCDAInUTF16(t *testing.T) {
	doc := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	declared := bytes.Replace(doc, []byte(`<?xml version="1.0"?>`), []byte(`<?xml version="1.0" encoding="UTF-16"?>`), 1)
	wide := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(string(declared))) {
		wide = append(wide, byte(u), byte(u>>8))
	}
	if got := Detect(wide[:4096]); got != CCDA {
		t.Fatalf("Detect = %q, want %q", got, CCDA)
	}
	opt := Options{Options: cksync.Options{Now: clock}}
	s, err := importPath(t, newVault(t), write(t, "summary.xml", wide), opt)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := importPath(t, newVault(t), write(t, "summary.xml", doc), opt)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format != CCDA || !equal(s.Made, plain.Made) || s.Added["Patient"] != 1 {
		t.Errorf("UTF-16: %+v\nUTF-8: %+v", s, plain)
	}
}
