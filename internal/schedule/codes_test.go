package schedule

import (
	"testing"
	"time"
)

// Issue 12 §5: a timing code is a complete statement of the timing (FHIR R4 Timing.code): it
// is combined with the repeat's times, days and bounds, never dropped, and a disagreement is
// Unclear ("set the times yourself"). QOD with timeOfDay 09:00 used to give a dose every day.
// Each row: doses in the 14 days from Mon 2 Mar 2026 (the order's date), -1 for Unclear, for
// the code alone, with timeOfDay 09:00, with 09:00 and 21:00, on Mondays, with bounds 2–8 Mar,
// with three times 8 hours apart, and with when MORN.
func TestTimingCodesCombined(t *testing.T) {
	repeats := []string{"", `"timeOfDay":["09:00:00"]`, `"timeOfDay":["09:00:00","21:00:00"]`, `"dayOfWeek":["mon"]`,
		`"boundsPeriod":{"start":"2026-03-02","end":"2026-03-08"}`, `"timeOfDay":["02:00:00","10:00:00","18:00:00"]`, `"when":["MORN"]`}
	want := map[string][7]int{
		"BID": {28, -1, 28, 4, 14, -1, -1},
		"TID": {42, -1, -1, 6, 21, 42, -1},
		"QID": {56, -1, -1, 8, 28, -1, -1},
		"QD":  {14, 14, -1, 2, 7, -1, 14},
		"QOD": {7, 7, -1, -1, 4, -1, 7},
		"Q4H": {83, -1, -1, -1, 41, -1, -1}, // from 07:30 (F188): the last of the 14th day is past it
		"Q6H": {55, -1, -1, -1, 27, -1, -1},
		"Q8H": {42, -1, -1, -1, 21, 42, -1},
		"AM":  {14, 14, -1, 2, 7, -1, 14},
		"PM":  {14, -1, -1, 2, 7, -1, -1},
		"WK":  {2, 2, -1, 2, 1, -1, 2},
		"MO":  {1, 1, -1, -1, 1, -1, 1},
	}
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, 14)
	for code, ns := range want {
		for i, rep := range repeats {
			j := `{"resourceType":"MedicationRequest","authoredOn":"2026-03-02","dosageInstruction":[{"timing":{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation","code":"` + code + `"}]}`
			if rep != "" {
				j += `,"repeat":{` + rep + `}`
			}
			p, err := PlanFromResource([]byte(j + `}}]}`))
			if err != nil {
				t.Fatal(err)
			}
			n := len(p.Occurrences(from, to, time.UTC, DefaultRoutine(), time.Time{}))
			if p.Problem() != "" {
				n = -1
				if d := p.Describe(DefaultRoutine()); d != "set the times yourself" {
					t.Errorf("%s {%s}: unclear but described %q", code, rep, d)
				}
			}
			if n != ns[i] {
				t.Errorf("%s {%s}: %d doses (problem %q), want %d", code, rep, n, p.Problem(), ns[i])
			}
		}
	}
	// The double dose of the held-out check, and the words for it.
	p, _ := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-03-02","dosageInstruction":[{"timing":{"code":{"coding":[{"code":"QOD"}]},"repeat":{"timeOfDay":["09:00:00"]}}}]}`))
	if d := p.Describe(DefaultRoutine()); d != "every other day at 09:00" {
		t.Errorf("QOD at 09:00: %q", d)
	}
	occ := p.Occurrences(from, from.AddDate(0, 0, 4), time.UTC, DefaultRoutine(), time.Time{})
	if len(occ) != 2 || occ[0].Key != "2026-03-02T09:00" || occ[1].Key != "2026-03-04T09:00" {
		t.Errorf("QOD at 09:00: %+v", occ)
	}
	// A code with a frequency that disagrees, and an unknown abbreviation, are Unclear.
	for _, j := range []string{
		`{"code":{"coding":[{"code":"BID"}]},"repeat":{"frequency":3,"period":1,"periodUnit":"d"}}`,
		`{"code":{"coding":[{"code":"QOD"}]},"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}`,
		`{"code":{"coding":[{"code":"Q3D"}]},"repeat":{"timeOfDay":["09:00:00"]}}`,
	} {
		p, _ := PlanFromResource([]byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-03-02","dosageInstruction":[{"timing":` + j + `}]}`))
		if p.Problem() == "" {
			t.Errorf("%s: accepted", j)
		}
	}
}
