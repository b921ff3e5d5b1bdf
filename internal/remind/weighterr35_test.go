package remind

import (
	"errors"
	"fmt"
	"testing"

	"carekeeper/storage"
)

// A weighing deleted between the listing and its read is left out; any other error reading it
// (a damaged record, a read that failed) is returned: skipped as "gone", a dose by weight was
// worked out at an older weight without a word. (The store gives no way to damage a record from
// outside it: the read is given here.)
func TestWeightSeriesSkipsOnlyAWeighingGone(t *testing.T) {
	rec := func(id storage.ID) *storage.Record {
		return &storage.Record{Profile: "p", ID: id, Meta: storage.Meta{Date: "2026-11-20T10:00:00Z"}, Resource: []byte(`{"resourceType":"Observation","id":"` + id.ID +
			`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"effectiveDateTime":"2026-11-20T10:00:00Z","valueQuantity":{"value":17,"unit":"kg","code":"kg","system":"http://unitsofmeasure.org"}}`)}
	}
	ids := []storage.ID{{Source: "clinic", Type: "Observation", ID: "w1"}, {Source: "clinic", Type: "Observation", ID: "w2"}}
	damaged := errors.New("record damaged")
	for _, tc := range []struct {
		name    string
		w2      error
		points  int
		wantErr error
	}{
		{"both read", nil, 1, nil},
		{"one deleted since the listing", fmt.Errorf("get: %w", storage.ErrNotFound), 1, nil},
		{"one damaged", damaged, 0, damaged},
	} {
		get := func(id storage.ID) (*storage.Record, error) {
			if id.ID == "w2" && tc.w2 != nil {
				return nil, tc.w2
			}
			return rec(id), nil
		}
		se, err := weightSeriesOf(ids, get)
		if !errors.Is(err, tc.wantErr) || tc.wantErr == nil && err != nil {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.wantErr)
			continue
		}
		if tc.wantErr == nil && (se == nil || se.Len() < tc.points) {
			t.Errorf("%s: series %+v", tc.name, se)
		}
	}
}
