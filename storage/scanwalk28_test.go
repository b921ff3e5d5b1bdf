package storage

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// A type of more records than scanType collects the keys of is read by walking the person's
// records: the same records, in the same order (date, then identity), with the same metadata,
// as the type index gives them; other people's and other types' records are left out.
func TestRecordsOfALargeTypeWalked(t *testing.T) {
	v, _ := scanVault(t, 700) // p1: ~300 Observations and ~300 Conditions, some undated
	ctx := context.Background()
	list := func(q Query) []string {
		var out []string
		if err := v.Records(ctx, q, func(r *Record) error {
			out = append(out, fmt.Sprintf("%s %s %v %s %d", r.Profile, r.Meta.Date, r.ID, r.Meta.FullURL, len(r.Resource)))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	queries := []Query{{Profile: "p1", Type: "Observation"}, {Profile: "p2", Type: "Condition", MetaOnly: true}, {Profile: "p1", Type: "Nothing"}}
	var slab [][]string
	for _, q := range queries {
		slab = append(slab, list(q))
	}
	old := scanSlabRecords
	defer func() { scanSlabRecords = old }()
	scanSlabRecords = 10
	for i, q := range queries {
		if walked := list(q); !slices.Equal(walked, slab[i]) {
			t.Errorf("%+v: walked %d records, the type index gave %d\n%v\n%v", q, len(walked), len(slab[i]), walked[:min(3, len(walked))], slab[i][:min(3, len(slab[i]))])
		}
	}
	if len(slab[0]) < 100 || len(slab[1]) < 20 {
		t.Errorf("too few records compared: %d, %d", len(slab[0]), len(slab[1]))
	}
}
