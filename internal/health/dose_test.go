package health

import (
	"testing"
	"time"
)

// A medicine says how much is taken, how and when, in words; one without an amount says
// nothing of one (never "0 mg").
func TestMedicines_DoseInWords(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, dosage, dose, timing string
	}{
		{"tablets by mouth at set times",
			`{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006","display":"Oral route"}]},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}`,
			"1 tablet by mouth", "twice a day at 08:00 and 20:00"},
		{"a range of puffs, as needed (C-CDA's FDA route code)",
			`{"asNeededBoolean":true,"route":{"coding":[{"system":"http://ncimeta.nci.nih.gov","code":"C38216"}]},"doseAndRate":[{"doseRange":{"low":{"value":1,"unit":"puff"},"high":{"value":2,"unit":"puff"}}}]}`,
			"1–2 puffs inhaled", "as needed"},
		// C-CDA's precondition becomes asNeededCodeableConcept: the visit summary said "4 times a
		// day" of the CCD example's inhaler, not as needed (held-out check of issue 15).
		{"as needed for a reason",
			`{"asNeededCodeableConcept":{"text":"Wheezing"},"timing":{"repeat":{"frequency":4,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"Puff"}}]}`,
			"2 puffs", "as needed for wheezing, at most 4 doses a day"}, // F360: a limit, not a schedule
		{"mg, route named only",
			`{"timing":{"repeat":{"when":["HS"]}},"route":{"text":"Oral route (qualifier value)"},"doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}`,
			"500 mg by mouth", "at bedtime"},
		// F442: "5 mg buccal route", the code's word: a parent reads where it goes
		{"buccal, as needed for a seizure",
			`{"asNeededCodeableConcept":{"text":"seizure"},"route":{"coding":[{"system":"http://snomed.info/sct","code":"54471007","display":"Buccal route"}]},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}`,
			"5 mg into the cheek", "as needed for seizure"},
		{"UCUM annotation of a count", `{"doseAndRate":[{"doseQuantity":{"value":2,"system":"http://unitsofmeasure.org","code":"{tbl}"}}]}`, "2 tablets", ""},
		{"a zero dose says nothing", `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":0,"unit":"mg"}}]}`, "", "once a day"},
		{"a dose without a value says nothing", `{"doseAndRate":[{"doseQuantity":{"unit":"mg"}}]}`, "", ""},
		{"text only", `{"text":"Take as directed"}`, "", "Take as directed"},
		{"no dosage", ``, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if tc.dosage != "" {
				extra = `,"dosageInstruction":[` + tc.dosage + `]`
			}
			meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2026-11-20", "1", "Some medicine", extra)}, nil), MedOptions{Now: now})
			if len(meds) != 1 {
				t.Fatalf("%d medicines", len(meds))
			}
			m := meds[0]
			if m.Dose != tc.dose || m.Timing != tc.timing {
				t.Errorf("dose %q, timing %q; want %q, %q", m.Dose, m.Timing, tc.dose, tc.timing)
			}
			if want := HowTaken(tc.dose, tc.timing); (want == "") != (m.Dose == "" && m.Timing == "") {
				t.Errorf("HowTaken %q", want)
			}
		})
	}
	if got := HowTaken("1 tablet by mouth", "twice a day"); got != "1 tablet by mouth, twice a day" {
		t.Errorf("HowTaken = %q", got)
	}
}
