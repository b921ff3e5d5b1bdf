package schedule_test

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F519: Margaret's warfarin, as GP systems write a weekday dose: two dosageInstructions with
// no sequence, 3 mg on Mon, Wed and Fri at 17:00 and 2 mg on the other days at 17:00. It
// reminded of nothing ("several dosages without an order"), though no day is in both, so
// neither can come first: they hold together. Dosages without a sequence that could be one
// after the other (a day in two, one without days, an as-needed one, or a sequence given on
// one only) stay unclear.
func TestDosagesOnTheirOwnWeekdaysHoldTogether(t *testing.T) {
	syd, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	dosage := func(seq, days, dose string) string {
		s := `{`
		if seq != "" {
			s += `"sequence":` + seq + `,`
		}
		rep := `"frequency":1,"period":1,"periodUnit":"wk","timeOfDay":["17:00:00"]`
		if days != "" {
			rep += `,"dayOfWeek":[` + days + `]`
		} else {
			rep = `"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["17:00:00"]`
		}
		return s + `"timing":{"repeat":{` + rep + `}},"doseAndRate":[{"doseQuantity":{"value":` + dose + `,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}`
	}
	const mwf, others = `"mon","wed","fri"`, `"tue","thu","sat","sun"`
	for _, tc := range []struct {
		name    string
		dosages []string
		want    string // 7–13 Dec 2026 (7 Dec a Monday), or the reason it is unclear
	}{
		{"3 mg Mon/Wed/Fri, 2 mg the other days", []string{dosage("", mwf, "3"), dosage("", others, "2")},
			"Mon 17:00 3 mg, Tue 17:00 2 mg, Wed 17:00 3 mg, Thu 17:00 2 mg, Fri 17:00 3 mg, Sat 17:00 2 mg, Sun 17:00 2 mg"},
		{"a day in both", []string{dosage("", mwf, "3"), dosage("", `"mon","tue"`, "2")}, "unclear"},
		{"one without days", []string{dosage("", mwf, "3"), dosage("", "", "2")}, "unclear"},
		{"a sequence on one only", []string{dosage("1", mwf, "3"), dosage("", others, "2")}, "unclear"},
		{"the same sequence", []string{dosage("1", mwf, "3"), dosage("1", others, "2")},
			"Mon 17:00 3 mg, Tue 17:00 2 mg, Wed 17:00 3 mg, Thu 17:00 2 mg, Fri 17:00 3 mg, Sat 17:00 2 mg, Sun 17:00 2 mg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dosesOf(t, tc.dosages, time.Date(2026, 12, 7, 0, 0, 0, 0, syd), 7, "Mon 15:04")
			if got != tc.want {
				t.Errorf("got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// dosesOf are the doses of a MedicationRequest of dosages (authored 10 Nov 2026) in the days
// from from on its clock, each as its time in layout and its dose ("Mon 17:00 3 mg"), joined
// by ", "; "unclear" when its plan cannot be followed. The weekday and own-times tables share it.
func dosesOf(t *testing.T, dosages []string, from time.Time, days int, layout string) string {
	t.Helper()
	res := `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-11-10","dosageInstruction":[` + strings.Join(dosages, ",") + `]}`
	p, err := schedule.PlanFromResource([]byte(res))
	if err != nil {
		t.Fatal(err)
	}
	if p.Problem() != "" {
		return "unclear"
	}
	var ws []string
	for _, o := range p.Occurrences(from, from.AddDate(0, 0, days), from.Location(), schedule.DefaultRoutine(), time.Time{}) {
		ws = append(ws, o.At.Format(layout)+" "+o.Dose)
	}
	return strings.Join(ws, ", ")
}
