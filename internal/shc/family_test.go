package shc_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"carekeeper/internal/shc"
	"carekeeper/internal/shc/shctest"
)

// Two people vaccinated together (same issuer, vaccine, day and lot: a couple's cards) have
// cards whose Immunizations are written alike: their records must not share ids, or importing
// the second card moved the first person's immunizations to the second (found with the
// binary, verify18). The same card of the same person keeps its ids.
func TestResourcesOfTwoPeopleNeverShareIDs(t *testing.T) {
	bundle := shctest.Bundle(t, "covid-vaccines-bundle.json")
	other := bytes.Replace(bundle, []byte(`"1951-01-20"`), []byte(`"1953-06-02"`), 1)
	other = bytes.Replace(other, []byte(`"Anyperson"`), []byte(`"Otherperson"`), 1)
	if bytes.Equal(other, bundle) {
		t.Fatal("the example card's Patient was not changed")
	}
	ids := func(b []byte, nbf time.Time) []string {
		c, err := shc.Parse(shctest.Sign(t, shctest.ExampleKey(t), b, shctest.Claims{Nbf: nbf}))
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.Resources()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			var x struct{ ID string }
			json.Unmarshal(r, &x)
			out = append(out, x.ID)
		}
		return out
	}
	a, again, b := ids(bundle, now.Add(-time.Hour)), ids(bundle, now.Add(-2*time.Hour)), ids(other, now.Add(-time.Hour))
	if len(a) != len(b) || len(a) < 2 {
		t.Fatalf("%d and %d resources", len(a), len(b))
	}
	for i := range a {
		if a[i] != again[i] {
			t.Errorf("entry %d: the same card gave ids %s and %s", i, a[i], again[i])
		}
		if a[i] == b[i] {
			t.Errorf("entry %d: two people's cards gave it the same id %s", i, a[i])
		}
	}
}
