package health

import (
	"testing"
	"time"
)

// F189: Results' latest line (ChangeWordsIn) said "−28 mL/min/1.73 m² since 1 Jun 2026" from an
// eGFR the lab wrote ">90"; it is "down more than 28 … (then above 90 …)".
func TestChangeFromALimit(t *testing.T) {
	obs := func(id, cmp, v, when string) Resource {
		return Resource{Key: Key{"lab", "Observation", id}, Profile: "p", JSON: []byte(`{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"33914-3"}]},` +
			`"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + v + cmp + `,"unit":"mL/min/{1.73_m2}","system":"http://unitsofmeasure.org","code":"mL/min/{1.73_m2}"}}`)}
	}
	for _, tc := range []struct {
		name string
		recs []Resource
		want string
	}{
		{"above 90, then 62", []Resource{obs("a", `,"comparator":">"`, "90", "2026-06-01"), obs("b", "", "62", "2026-11-01")},
			"down more than 28 mL/min/1.73 m² since 1 Jun 2026 (then above 90 mL/min/1.73 m²)"},
		{"62, then above 90", []Resource{obs("a", "", "62", "2026-06-01"), obs("b", `,"comparator":">"`, "90", "2026-11-01")},
			"up more than 28 mL/min/1.73 m² since 1 Jun 2026 (now above 90 mL/min/1.73 m²)"},
		{"above 90, then 95", []Resource{obs("a", `,"comparator":">"`, "90", "2026-06-01"), obs("b", "", "95", "2026-11-01")},
			"change not known since 1 Jun 2026 (then above 90 mL/min/1.73 m²)"},
		{"no limits", []Resource{obs("a", "", "90", "2026-06-01"), obs("b", "", "62", "2026-11-01")},
			"−28 mL/min/1.73 m² since 1 Jun 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := Results(NewSet(tc.recs, nil))
			if len(se) != 1 || se[0].Len() != 2 {
				t.Fatalf("%d series", len(se))
			}
			if got := ChangeWordsIn(se[0], se[0].At(1).T, time.UTC); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}
