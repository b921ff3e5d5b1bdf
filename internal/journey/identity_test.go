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
	// a family's file: Ned's records and Mum's own Patient in one Bundle
	family := bytes.Replace(raw, []byte(`"entry": [`), []byte(`"entry": [{"fullUrl":"urn:uuid:mum","resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Mum"}],"birthDate":"1950-02-02"}},`), 1)
	if bytes.Equal(family, raw) {
		t.Fatal("the fixture's entry list was not found")
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
		{"the person and someone else", health.Identity{Name: "Mum", BirthDate: "1950-02-02"}, family, true, "ned.json is for Ned Hintz (born 1993) as well as Mum (born 1950)"},
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
	if e.Error() != "ned.json: not imported: the person in this file has a different name and birth date from the person chosen; add --force to import it into the person chosen anyway" {
		t.Errorf("error %q", e.Error())
	}
	e = &ErrOtherPerson{File: "family.json", Mismatch: CompareFile(tests[0].person, family)}
	if e.Error() != "family.json: not imported: this file is for the person chosen and also for someone with a different name and birth date; add --force to import it into the person chosen anyway" {
		t.Errorf("error %q", e.Error())
	}
}
