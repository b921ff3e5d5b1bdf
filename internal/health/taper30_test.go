package health

import (
	"testing"
	"time"
)

// F323: a taper — prednisone 4 tablets a day for 3 days, then 2 a day for 3 days (dosages of
// sequence 1 and 2) — was said to have ended after its first step (22 Nov), and its last three
// days got no doses. The course ends when its last step does; a last step with no end (a
// maintenance dose) leaves it open.
func TestTaperEndsWithItsLastStep(t *testing.T) {
	const (
		d3  = `"boundsDuration":{"value":3,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}`
		day = `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]`
	)
	step := func(seq, repeat string) string {
		return `{"sequence":` + seq + `,"timing":{"repeat":{` + day + `,` + repeat + `}}}`
	}
	req := func(dosages ...string) string {
		s := `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-20","dosageInstruction":[`
		for i, d := range dosages {
			if i > 0 {
				s += ","
			}
			s += d
		}
		return s + `]}`
	}
	for _, tc := range []struct {
		name, json string
		end        string // the day after the last dose; "" open
	}{
		{"two steps of 3 days", req(step("1", d3), step("2", d3)), "2026-11-26"},
		{"steps listed last first", req(step("2", d3), step("1", d3)), "2026-11-26"},
		{"three steps by their number of doses", req(step("1", `"count":3`), step("2", `"count":3`), step("3", `"count":2`)), "2026-11-28"},
		{"steps of dated bounds", req(step("1", `"boundsPeriod":{"start":"2026-12-03","end":"2026-12-07"}`), step("2", `"boundsPeriod":{"start":"2026-12-08","end":"2026-12-12"}`)), "2026-12-13"},
		{"two dosages of one step", req(step("1", d3), step("1", `"boundsDuration":{"value":5,"unit":"d"}`), step("2", d3)), "2026-11-28"},
		{"a last step with no end", req(step("1", d3), `{"sequence":2,"timing":{"repeat":{`+day+`}}}`), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := RecordFacts([]byte(tc.json))
			got := ""
			if !f.End.IsZero() {
				got = f.End.Format("2006-01-02")
			}
			if got != tc.end {
				t.Errorf("end %q, want %q", got, tc.end)
			}
			// The first step is over on 23 Nov (4 Dec for the dated one), the course is not.
			at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
			if tc.name == "steps of dated bounds" {
				at = time.Date(2026, 12, 9, 12, 0, 0, 0, time.UTC)
			}
			if s := MedicineState(f, Death{}, at); s != MedTaking {
				t.Errorf("on %s: %v, want taking", at.Format("2 Jan"), s)
			}
		})
	}
}
