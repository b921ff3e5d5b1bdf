package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file holding two people of one name (a mother and her daughter) says which is which in
// its summary line: their birth years, never "Ann X (new) and Ann X (new)".
func TestImportTwoPeopleOfOneName(t *testing.T) {
	dir := newVault(t)
	f := filepath.Join(t.TempDir(), "two.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"a","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1950-01-01"}},
{"resource":{"resourceType":"Patient","id":"b","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1980-06-01"}}]}`), 0o600)
	res := in(dir).run(t, "import", f).ok(t)
	if !strings.Contains(res.stdout, "for Ann X (born 1950) (new) and Ann X (born 1980) (new)") {
		t.Errorf("import: %s", res.stdout)
	}
}

// The same person from another hospital (another record number system), the name in capitals
// without the middle initial, is the same person; the same hospital's other record number is
// another person (the matching rules of docs/intake.md, "Whose records").
func TestImportSamePersonOtherHospital(t *testing.T) {
	r := in(newVault(t))
	tmp := t.TempDir()
	patient := func(name, given, family, system, mrn string) string {
		f := filepath.Join(tmp, name)
		os.WriteFile(f, []byte(`{"resourceType":"Patient","id":"`+mrn+`","identifier":[{"system":"`+system+`","value":"`+mrn+`"}],`+
			`"name":[{"given":`+given+`,"family":"`+family+`"}],"gender":"male","birthDate":"1970-05-06"}`), 0o600)
		return f
	}
	r.run(t, "import", patient("a.json", `["Sam","J."]`, "Rivera", "urn:oid:1.2.3", "111")).ok(t)
	if res := r.run(t, "import", patient("b.json", `["SAM"]`, "RIVERA", "http://clinic-b.example/mrn", "999")).ok(t); strings.Contains(res.stdout, "(new)") {
		t.Errorf("the same person became a new one: %s", res.stdout)
	}
	if res := r.run(t, "import", patient("c.json", `["SAM"]`, "RIVERA", "urn:oid:1.2.3", "222")).ok(t); !strings.Contains(res.stdout, "(new)") {
		t.Errorf("another record number of the same hospital was merged: %s", res.stdout)
	}
	if res := r.run(t, "profile", "list", "--json").ok(t); strings.Count(res.stdout, `"id"`) != 2 {
		t.Errorf("people: %s", res.stdout)
	}
}
