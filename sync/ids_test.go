package sync

import (
	"testing"

	"carekeeper/storage"
)

// The identity index finds the first entry of each identity, also when identities share a
// hash (all of them here, or none).
func TestIDIndex(t *testing.T) {
	ids := []storage.ID{
		{Source: LocalSource, Type: "Patient", ID: "p"},
		{Source: LocalSource, Type: "Observation", ID: "o"},
		{Source: "https://a.example/fhir", Type: "Observation", ID: "o"},
		{Source: LocalSource, Type: "Observation", ID: "o"}, // a later copy
		{Source: LocalSource, Type: "Observation", ID: "o2"},
	}
	for _, collide := range []bool{false, true} {
		x := newIDIndex()
		if collide {
			x.testHash = func(storage.ID) uint64 { return 7 }
		}
		for _, id := range ids {
			x.add(id)
		}
		x.clip()
		for want, id := range []int{0, 1, 2, 1, 4} {
			if got, ok := x.get(ids[want]); !ok || got != id {
				t.Errorf("collide %v: get(%v) = %d, %v; want %d", collide, ids[want], got, ok, id)
			}
		}
		if _, ok := x.get(storage.ID{Source: LocalSource, Type: "Patient", ID: "q"}); ok {
			t.Errorf("collide %v: an identity not added is found", collide)
		}
		if x.unique() || x.distinct != 4 || len(x.ids) != 5 {
			t.Errorf("collide %v: unique %v, distinct %d, %d ids", collide, x.unique(), x.distinct, len(x.ids))
		}
	}
}
