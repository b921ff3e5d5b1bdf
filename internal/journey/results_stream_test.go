package journey

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// Results reads each person's observations as they stream (health.ObservationReader, with
// the vault's lent buffers) instead of holding them in a Set: what it gives must be what the
// Set functions give for the same records, deleted records and edge cases included.
func TestResultsStreamedLikeTheSet(t *testing.T) {
	ctx := context.Background()
	v, p := newPerson(t, "Streamed Results")
	now := utc("2026-03-10T12:00:00Z")
	panel := `{"resourceType":"Observation","id":"bp1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-01-05T08:00:00Z","component":[` +
		`{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":131,"unit":"mm[Hg]"}},` +
		`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":85,"unit":"mm[Hg]"}}]}`
	writeAt(t, v, p, storage.AppSource, now,
		observation("g1", "2339-0", "Glucose", 95, "mg/dL", "2026-01-10T08:00:00Z", ""),
		observation("g2", "15074-8", "Glucose", 5.5, "mmol/L", "2026-02-10T08:00:00Z", ""),
		observation("g3", "2339-0", "Glucose", 1.7e300, "mg/dL", "2026-02-11T08:00:00Z", ""),
		observation("g4", "2339-0", "Glucose", 99, "mg/dL", "sometime", ""),
		observation("s1", "8480-6", "Systolic", 120, "mm[Hg]", "2026-01-20T08:00:00Z", ""),
		observation("d1", "8462-4", "Diastolic", 80, "mm[Hg]", "2026-01-20T08:00:00Z", ""),
		observation("d2", "8462-4", "Diastolic", 82, "mm[Hg]", "2026-01-21T08:00:00Z", ""),
		observation("w1", "29463-7", "Body weight", 80, "kg", "2026-01-02", ""),
		strings.Replace(observation("e1", "2339-0", "Glucose", 300, "mg/dL", "2026-03-02T08:00:00Z", ""), `"final"`, `"entered-in-error"`, 1),
		`{"resourceType":"Observation","id":"t1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Urine culture"},"effectiveDateTime":"2026-02-01","valueString":" no  growth "}`,
		`{"resourceType":"Observation","id":"t2","status":"final","category":[{"coding":[{"code":"social-history"}]}],"code":{"text":"Smoking"},"effectiveDateTime":"2026-02-01","valueString":"never"}`,
		panel)
	if _, err := v.Write(ctx, &storage.Batch{Now: now, Deleted: []storage.ID{{Source: storage.AppSource, Type: "Observation", ID: "d2"}}}); err != nil {
		t.Fatal(err)
	}
	_, fixtures := vault(t)
	cases := []struct {
		name             string
		v                *storage.Vault
		p                string
		unreadable, text int // -1: not checked
	}{{"made-up edge cases", v, p, 2, 1}, {"carl", shared.v, fixtures["carl"], -1, -1}, {"fletcher", shared.v, fixtures["fletcher"], -1, -1}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Results(ctx, c.v, c.p)
			if err != nil {
				t.Fatal(err)
			}
			s, err := readSet(ctx, c.v, c.p, ResultTypes)
			if err != nil {
				t.Fatal(err)
			}
			series, text := health.Results(s), health.TextResults(s)
			if len(got) != 1 || len(series) == 0 {
				t.Fatalf("got %d people, the set %d series", len(got), len(series))
			}
			if !reflect.DeepEqual(got[0].Series, series) {
				t.Errorf("series differ from the set's:\n%+v\n%+v", got[0].Series, series)
			}
			if !reflect.DeepEqual(got[0].Text, text) {
				t.Errorf("text results differ: %+v, the set's %+v", got[0].Text, text)
			}
			if u := health.Unreadable(s); got[0].Unreadable != u {
				t.Errorf("Unreadable = %d, the set's %d", got[0].Unreadable, u)
			}
			if c.unreadable >= 0 && (got[0].Unreadable != c.unreadable || len(got[0].Text) != c.text) {
				t.Errorf("%d unreadable and %d text results, want %d and %d", got[0].Unreadable, len(got[0].Text), c.unreadable, c.text)
			}
		})
	}
}
