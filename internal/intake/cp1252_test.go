package intake

import (
	"bytes"
	"testing"

	"carekeeper/internal/testutil"
)

// Real vendor output: a C-CDA document in Windows-1252 with no encoding declared was refused
// as malformed XML; it imports, read as Windows-1252.
func TestCCDAUndeclaredWindows1252Imports(t *testing.T) {
	data := testutil.ReadFile(t, "../ccda/testdata/vendor-r11.xml")
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0"?>`)) {
		t.Fatal("the vendor test document no longer starts with a declaration without an encoding")
	}
	data = bytes.Replace(data, []byte("</title>"), []byte(" \x96 Caf\xe9</title>"), 1)
	for name, d := range map[string][]byte{
		"declaration without an encoding": data,
		"no declaration":                  data[bytes.Index(data, []byte("?>"))+2:],
	} {
		t.Run(name, func(t *testing.T) {
			s, err := importPath(t, newVault(t), write(t, "doc.xml", d), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Format != CCDA || s.Added["DocumentReference"] != 1 {
				t.Errorf("summary %+v", s)
			}
		})
	}
}
