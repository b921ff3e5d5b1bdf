package journey

import (
	"bytes"
	"compress/gzip"
	"os"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/internal/testutil"
)

func TestCompareFile(t *testing.T) {
	raw, err := os.ReadFile(testutil.Fixture(t, "synthea/Ned_Hintz_*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(raw)
	w.Close()
	tests := []struct {
		name   string
		person health.Identity
		data   []byte
		differ bool
		words  string
	}{
		{"someone else", health.Identity{Name: "Mum", BirthDate: "1950-02-02"}, raw, true, "ned.json is for Ned Hintz (born 1993), not Mum (born 1950)"},
		{"someone else, gzipped", health.Identity{Name: "Mum"}, gz.Bytes(), true, "ned.json is for Ned Hintz (born 1993), not Mum"},
		{"the same person", health.Identity{Name: "ned hintz", BirthDate: "1993-12-08"}, raw, false, ""},
		{"not FHIR: left to the import", health.Identity{Name: "Mum"}, []byte("not json"), false, ""},
		{"no Patient", health.Identity{Name: "Mum"}, []byte(`{"resourceType":"Observation","id":"o"}`), false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := CompareFile(tc.person, tc.data)
			if m.Differs() != tc.differ || (tc.differ && m.Sentence("ned.json") != tc.words) {
				t.Errorf("differs %v: %q", m.Differs(), m.Sentence("ned.json"))
			}
		})
	}
	e := &ErrOtherPerson{File: "ned.json", Mismatch: CompareFile(tests[0].person, raw)}
	if e.Error() != "ned.json: the person in this file has another name and birth date than the person chosen; --force imports anyway" {
		t.Errorf("error %q", e.Error())
	}
}
