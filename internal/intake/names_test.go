package intake

import (
	"strings"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// A file holding two people of one name says which is which: their birth years.
func TestDescribeForTwoOfOneName(t *testing.T) {
	v := newVault(t)
	two := []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"a","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1950-01-01"}},
{"resource":{"resourceType":"Patient","id":"b","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1980-06-01"}},
{"resource":{"resourceType":"Patient","id":"c","name":[{"given":["Bob"],"family":"Y"}],"birthDate":"1970-01-01"}}]}`)
	s, err := importPath(t, v, write(t, "two.json", two), Options{Options: cksync.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := v.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	got := s.DescribeFor(Names(ps))
	for _, want := range []string{"Ann X (born 1950) (new)", "Ann X (born 1980) (new)", "Bob Y (new)"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q does not say %q", got, want)
		}
	}
	if Names(ps)("nobody") != "" {
		t.Error("a name for a profile not in the vault")
	}
}

// Two people of one name born the same year were both "Eve B (born 1975)": their birth dates
// tell them apart (held-out check of issue 15).
func TestNamesSameNameSameYear(t *testing.T) {
	ps := []storage.Profile{
		{ID: "a", Name: "Eve B", BirthDate: "1975-05-01"},
		{ID: "b", Name: "Eve B", BirthDate: "1975-05-02"},
		{ID: "c", Name: "Eve B", BirthDate: "1980-01-01"},
	}
	names := Names(ps)
	for id, want := range map[string]string{"a": "Eve B (born 1 May 1975)", "b": "Eve B (born 2 May 1975)", "c": "Eve B (born 1980)"} {
		if got := names(id); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}
