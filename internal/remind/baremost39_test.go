package remind

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F517: Margaret's discharge letter gives paracetamol 500 mg "two tablets up to four times a day
// if needed for pain (no more than 8 tablets in 24 hours)", its dose only in words and its most a
// bare 8 a day. It was said "at most 8 doses a day": 16 tablets, 8 g. A bare most beside a dose
// not given as an amount, or of several tablets, may count doses or tablets: it is said as the
// record gives it ("at most 8 a day"), and a caution counts it as tablets, the smaller reading.
// A bare most beside a dose of one tablet or of an amount (5 mL) still counts doses.
func TestBareMostIsNotSaidAsDoses(t *testing.T) {
	plan := func(dose string) schedule.Plan {
		dr := ""
		if dose != "" {
			dr = `"doseAndRate":[{` + dose + `}],`
		}
		res := `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-12-02","dosageInstruction":[{"text":"two tablets up to four times a day if needed for pain (no more than 8 tablets in 24 hours)","asNeededCodeableConcept":{"text":"pain"},` +
			`"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},` + dr +
			`"maxDosePerPeriod":{"numerator":{"value":8},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]}`
		p, err := schedule.PlanFromResource([]byte(res))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name, dose, words string
		today             int
		caution           string
	}{
		{"dose in words only (the letter)", "", "at least 6 hours apart, at most 8 a day", 4, ""},
		{"2 tablets a dose", `"doseQuantity":{"value":2,"unit":"tablet"}`, "at least 6 hours apart, at most 8 a day", 4,
			"4 doses were logged today, the last at 20:00: at up to 2 tablets each, that may be 8 tablets already. This medicine says at most 8 a day."},
		{"2 tablets, 3 logged: a fourth stays within 8 tablets", `"doseQuantity":{"value":2,"unit":"tablet"}`, "at least 6 hours apart, at most 8 a day", 3, ""},
		{"1–2 tablets", `"doseRange":{"low":{"value":1,"unit":"tablet"},"high":{"value":2,"unit":"tablet"}}`, "at least 6 hours apart, at most 8 a day", 0, ""},
		{"1 tablet a dose: doses", `"doseQuantity":{"value":1,"unit":"tablet"}`, "at least 6 hours apart, at most 8 doses a day", 0, ""},
		{"5 mL a dose: doses", `"doseQuantity":{"value":5,"unit":"mL"}`, "at least 6 hours apart, at most 8 doses a day", 0, ""},
	} {
		p := plan(tt.dose)
		if got := p.Limit().Words(); got != tt.words {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.words)
		}
		if got := DailyAmountCaution(&Medicine{Name: "Paracetamol 500 mg tablet", Plan: p}, tt.today, "20:00"); got != tt.caution {
			t.Errorf("%s: caution\n got %q\nwant %q", tt.name, got, tt.caution)
		}
	}
}
