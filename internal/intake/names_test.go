package intake

import (
	"strings"
	"testing"

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
