package health

import (
	"testing"
	"time"
)

// F220: a course given by its length ('for 7 days', boundsDuration) or its number of doses
// ('5 doses', count) written on 20 Nov has run out by 6 Dec: it is past, ended 27 Nov (25 Nov
// for 5 daily doses) — it read 'taking' though no reminder came. On 22 Nov it is taken.
func TestCourseOfALengthEnds(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		end        string // the course's end, the day after its last
	}{
		{"7 days", `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","boundsDuration":{"value":7,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}}]}`, "2026-11-27"},
		{"5 doses", `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","count":5}}}]}`, "2026-11-25"},
		{"6 doses, 3 a day", `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","count":6}}}]}`, "2026-11-22"},
		{"2 weeks from the bounds' start", `{"resourceType":"MedicationStatement","status":"active","dateAsserted":"2026-11-01","dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","boundsPeriod":{"start":"2026-11-20"},"boundsDuration":{"value":2,"unit":"wk"}}}}]}`, "2026-12-04"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := RecordFacts([]byte(tc.json))
			if got := f.End.Format("2006-01-02"); got != tc.end {
				t.Errorf("end %s, want %s", got, tc.end)
			}
			dec6 := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
			if s := MedicineState(f, Death{}, dec6); s != MedPast {
				t.Errorf("on 6 Dec: %v, want past", s)
			}
		})
	}
	open := RecordFacts([]byte(`{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}]}`))
	if !open.End.IsZero() {
		t.Errorf("a course with no length ends %v, want open", open.End)
	}
	f := RecordFacts([]byte(`{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","count":5}}}]}`))
	if s := MedicineState(f, Death{}, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)); s != MedTaking {
		t.Errorf("on 22 Nov: %v, want taking", s)
	}
}
