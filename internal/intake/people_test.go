package intake

import (
	"strings"
	"testing"

	cksync "carekeeper/sync"
)

// The summary says whose records a file holds, each new person marked, and never zero counts.
func TestDescribeFor(t *testing.T) {
	v := newVault(t)
	two := []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"a","name":[{"given":["Ann"],"family":"X"}],"birthDate":"1980-01-01"}},
{"resource":{"resourceType":"Patient","id":"b","name":[{"given":["Bob"],"family":"Y"}],"birthDate":"1970-01-01"}},
{"resource":{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"subject":{"reference":"Patient/a"},"valueQuantity":{"value":70,"unit":"kg"}}}]}`)
	p := write(t, "two.json", two)
	opt := Options{Options: cksync.Options{Now: clock}}
	name := func(id string) string {
		pr, err := v.Profile(id)
		if err != nil {
			return ""
		}
		return pr.Name
	}
	s, err := importPath(t, v, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.DescribeFor(name), "3 added; for Ann X (new) and Bob Y (new)"; got != want {
		t.Errorf("first import: %q, want %q", got, want)
	}
	if s, err = importPath(t, v, p, opt); err != nil {
		t.Fatal(err)
	}
	if got, want := s.DescribeFor(name), "nothing new: 3 records already there; for Ann X and Bob Y"; got != want {
		t.Errorf("again: %q, want %q", got, want)
	}
	three := &Summary{Summary: cksync.Summary{Added: map[string]int{"Patient": 3}, People: []string{"1", "2", "3"}, NewPeople: []string{"2"}}}
	if got, want := three.DescribeFor(func(id string) string { return map[string]string{"1": "A", "2": "B"}[id] }), "3 added; for 3 people: A, B (new), a person without a name"; got != want {
		t.Errorf("three: %q, want %q", got, want)
	}
}

// A name of 3,000,000 characters was printed whole in the import's line (finding F27): it is
// cut with "…", the rest of the line kept.
func TestDescribeForCutsALongName(t *testing.T) {
	long := strings.Repeat("a", 3_000_000)
	s := &Summary{Summary: cksync.Summary{Added: map[string]int{"Patient": 1}, People: []string{"1"}, NewPeople: []string{"1"}}}
	got := s.DescribeFor(func(string) string { return long })
	if len(got) > 120 || !strings.HasPrefix(got, "1 added; for aaaa") || !strings.HasSuffix(got, "… (new)") {
		t.Errorf("%d bytes: %.200q", len(got), got)
	}
}
