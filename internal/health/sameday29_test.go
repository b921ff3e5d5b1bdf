package health

import (
	"testing"
	"time"
)

// F246: two readings of one day read 'Latest, on 5 Dec 2026 · −14/−7 mmHg since 5 Dec 2026':
// the change is said since the time of the reading before when both are of the same day on the
// person's clock, and since its day otherwise.
func TestChangeSinceASameDayReadingSaysItsTime(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	bp := func(id, at string, sys, dia int) Resource {
		return Resource{Key: Key{LocalSource, "Observation", id}, JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"` + at + `","component":[` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":` + itoa(sys) + `,"unit":"mmHg"}},` +
			`{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":` + itoa(dia) + `,"unit":"mmHg"}}]}`)}
	}
	for _, tc := range []struct {
		name          string
		first, second string
		loc           *time.Location
		want          string
	}{
		{"same afternoon in Los Angeles", "2026-12-05T17:03:00-08:00", "2026-12-05T17:39:00-08:00", la, "−14/−7 mmHg since 17:03"},
		// two UTC days, one day in Los Angeles: its time there
		{"same evening, two days in UTC", "2026-12-05T15:30:00-08:00", "2026-12-06T01:00:00Z", la, "−14/−7 mmHg since 15:30"},
		{"another day", "2026-12-04T17:03:00-08:00", "2026-12-05T17:39:00-08:00", la, "−14/−7 mmHg since 4 Dec 2026"},
		// one day in UTC, two in Los Angeles (03:00 UTC is the evening before there)
		{"two days in Los Angeles", "2026-12-05T03:00:00Z", "2026-12-05T20:00:00Z", la, "−14/−7 mmHg since 4 Dec 2026"},
		{"a day without a time before", "2026-12-05", "2026-12-05T17:39:00-08:00", la, "−14/−7 mmHg since 5 Dec 2026"},
		{"no clock: the record's own", "2026-12-05T08:00:00+01:00", "2026-12-05T09:15:00+01:00", nil, "−14/−7 mmHg since 08:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := Results(NewSet([]Resource{bp("a", tc.first, 142, 91), bp("b", tc.second, 128, 84)}, nil))
			if len(rs) != 1 || rs[0].Len() != 2 {
				t.Fatalf("%d series", len(rs))
			}
			se := rs[0]
			if got := ChangeWordsIn(se, se.Latest().T, tc.loc); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

func itoa(n int) string { return Number(float64(n), "") }
