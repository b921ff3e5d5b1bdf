package schedule

import (
	"testing"
	"time"
)

// F367: "1–2 tablets every 6 hours when needed for pain, max 8 a day" (Maria's paracetamol,
// maxDosePerPeriod 8 tablet / 1 d with a dose range of 1–2 tablets) was said "as needed, at
// least 6 hours apart": the daily maximum, which cannot be counted in doses of 1–2 tablets,
// was dropped. It is said as written: "at most 8 tablets a day".
func TestMaxDosePerPeriodNotInDosesIsSaid(t *testing.T) {
	const timing = `"asNeededCodeableConcept":{"text":"pain"},"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseRange":{"low":{"value":1,"unit":"tablet"},"high":{"value":2,"unit":"tablet"}}}]`
	for _, tc := range []struct{ name, max, want string }{
		{"8 tablet a day (lopez.json)", `{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}`, "at least 6 hours apart, at most 8 tablets a day"},
		{"4000 mg a day (maxd.json)", `{"numerator":{"value":4000,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},"denominator":{"value":1,"unit":"d"}}`, "at least 6 hours apart, at most 4000 mg a day"},
		// F517: a bare 4 beside doses of 1–2 tablets may count doses or tablets: said as written.
		{"a bare 4", `{"numerator":{"value":4},"denominator":{"value":1,"unit":"d"}}`, "at least 6 hours apart, at most 4 a day"},
		{"{tablet} in 24 h", `{"numerator":{"value":8,"code":"{tablet}"},"denominator":{"value":24,"code":"h"}}`, "at least 6 hours apart, at most 8 tablets a day"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-01-01","dosageInstruction":[{` + timing + `,"maxDosePerPeriod":` + tc.max + `}]}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Limit().Words(); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
			// The plan, stored as the person's override, keeps it.
			if l := p.Limit(); l.MaxDoses == 0 && (l.MaxAmount == "" || l.AmountPer != 24*time.Hour) {
				t.Errorf("limit %+v", l)
			}
		})
	}
}
