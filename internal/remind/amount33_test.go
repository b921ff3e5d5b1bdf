package remind

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F367: "Paracetamol 500 mg tablet, 2 tablets as needed, at most 4 g a day": the most was said
// but not counted against doses in tablets. With the tablet's strength in the medicine's name
// it is counted: the fifth dose of 2 tablets (the fourth made 4000 mg) is asked about.
func TestDailyAmountCautionCountsTabletsAgainstAMostInMg(t *testing.T) {
	med := func(name, dose, most string) *Medicine {
		res := `{"resourceType":"MedicationRequest","status":"active","authoredOn":"2026-12-01","dosageInstruction":[{"asNeededBoolean":true,` +
			`"doseAndRate":[{` + dose + `}],"maxDosePerPeriod":{"numerator":` + most + `,"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]}`
		p, err := schedule.PlanFromResource([]byte(res))
		if err != nil {
			t.Fatal(err)
		}
		return &Medicine{Name: name, Plan: p}
	}
	two := `"doseQuantity":{"value":2,"unit":"tablet"}`
	ranged := `"doseRange":{"low":{"value":1,"unit":"tablet"},"high":{"value":2,"unit":"tablet"}}`
	for _, tt := range []struct {
		name  string
		med   *Medicine
		today int
		want  string
	}{
		{"4 g a day, 4 doses of 2 × 500 mg", med("Paracetamol 500 mg tablet", two, `{"value":4,"unit":"g"}`), 4,
			"4 doses were logged today, the last at 20:00: at up to 2 tablets (1000 mg) each, that may be 8 tablets (4000 mg) already. This medicine says at most 4 g a day."},
		{"4000 mg a day, a range", med("Paracetamol 500 mg tablet", ranged, `{"value":4000,"unit":"mg"}`), 4,
			"4 doses were logged today, the last at 20:00: at up to 2 tablets (1000 mg) each, that may be 8 tablets (4000 mg) already. This medicine says at most 4000 mg a day."},
		{"3 doses: a fourth stays within 4 g", med("Paracetamol 500 mg tablet", two, `{"value":4,"unit":"g"}`), 3, ""},
		{"in tablets, as before", med("Paracetamol 500 mg tablet", ranged, `{"value":8,"unit":"tablet"}`), 4,
			"4 doses were logged today, the last at 20:00: at up to 2 tablets each, that may be 8 tablets already. This medicine says at most 8 tablets a day."},
		{"no strength in the name", med("Paracetamol tablet", two, `{"value":4,"unit":"g"}`), 4, ""},
		{"two strengths (co-codamol)", med("Co-codamol 30 mg/500 mg tablet", two, `{"value":4,"unit":"g"}`), 4, ""},
		{"micrograms against mg", med("Fentanyl 100 micrograms tablet", `"doseQuantity":{"value":1,"unit":"tablet"}`, `{"value":0.4,"unit":"mg"}`), 4,
			"4 doses were logged today, the last at 20:00: at up to 1 tablet (100 micrograms) each, that may be 4 tablets (400 micrograms) already. This medicine says at most 0.4 mg a day."},
		// F367's rest: a liquid's mL against a most in mg, by its strength per mL
		{"mL against mg (120 mg/5 mL)", med("Paracetamol 120 mg/5 mL oral suspension", `"doseQuantity":{"value":10,"unit":"mL"}`, `{"value":1000,"unit":"mg"}`), 4,
			"4 doses were logged today, the last at 20:00: at up to 10 mL (240 mg) each, that may be 40 mL (960 mg) already. This medicine says at most 1000 mg a day."},
		{"mL against g, a fourth stays within", med("Paracetamol 120 mg/5 mL oral suspension", `"doseQuantity":{"value":10,"unit":"mL"}`, `{"value":1,"unit":"g"}`), 3, ""},
		{"mL of a liquid with two strengths", med("Co-amoxiclav 250 mg/62.5 mg/5 mL", `"doseQuantity":{"value":10,"unit":"mL"}`, `{"value":1000,"unit":"mg"}`), 4, ""},
	} {
		if got := DailyAmountCaution(tt.med, tt.today, "20:00"); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
