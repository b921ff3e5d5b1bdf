package schedule

import (
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F71: what a record says about how often an as-needed dose may be taken — the HL7 R4 examples
// and a few shapes of maxDosePerPeriod.
func TestPlanLimit(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	h := time.Hour
	for _, tc := range []struct {
		name string
		file string // an HL7 example, or
		json string // a MedicationRequest's dosageInstruction
		want Limit
	}{
		// "one to two tablets every 4-6 hours as needed": 4 hours; a range of doses cannot be counted.
		{name: "every 4–6 hours", file: "MedicationRequest-medrx0301.json", want: Limit{MinGap: 4 * h}},
		{name: "every 4 hours", file: "MedicationRequest-medrx0307.json", want: Limit{MinGap: 4 * h}},
		{name: "every 15 minutes", file: "MedicationRequest-medrx0315.json", want: Limit{MinGap: 15 * time.Minute}},
		// "twice daily as needed for fever to a maximum of 3 per day": 720 mg a day of 240 mg.
		{name: "720 mg a day of 240 mg", file: "MedicationRequest-medrx0324.json", want: Limit{MaxDoses: 3, Per: 24 * h, MostInDoseUnit: 720, Dose: "240 mg"}},
		{name: "once a day as needed", file: "MedicationRequest-medrx0310.json", want: Limit{MaxDoses: 1, Per: 24 * h}},
		{name: "not as needed", file: "MedicationStatement-example004.json", want: Limit{}},
		{name: "Q4H code", json: `[{"asNeededBoolean":true,"timing":{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation","code":"Q4H"}]}}}]`,
			want: Limit{MinGap: 4 * h}},
		{name: "8 tablets in 24 hours of 2", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}],"maxDosePerPeriod":{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":24,"unit":"h"}}}]`,
			want: Limit{MinGap: 6 * h, MaxDoses: 4, Per: 24 * h, MostInDoseUnit: 8, Dose: "2 tablet"}},
		{name: "R5 list, doses without a unit", json: `[{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}],"maxDosePerPeriod":[{"numerator":{"value":4},"denominator":{"value":1,"code":"d"}}]}]`,
			want: Limit{MaxDoses: 4, Per: 24 * h}},
		// F437: a rescue medicine, "do not give a second dose": at most 1 dose in 24 hours, written
		// as GP systems write it, is a count of doses, not an amount of "1 dose" said and not counted.
		{name: "1 dose a day of 5 mg", json: `[{"asNeededCodeableConcept":{"text":"seizure"},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mg"}}],"maxDosePerPeriod":{"numerator":{"value":1,"unit":"dose"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]`,
			want: Limit{MaxDoses: 1, Per: 24 * h}},
		{name: "2 {doses} in 12 hours of 1 puff", json: `[{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":1,"unit":"puff"}}],"maxDosePerPeriod":{"numerator":{"value":2,"system":"http://unitsofmeasure.org","code":"{doses}"},"denominator":{"value":12,"unit":"h"}}}]`,
			want: Limit{MaxDoses: 2, Per: 12 * h}},
		{name: "units that differ", json: `[{"asNeededBoolean":true,"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}],"maxDosePerPeriod":{"numerator":{"value":40,"unit":"mg"},"denominator":{"value":1,"unit":"d"}}}]`,
			want: Limit{MaxAmount: "40 mg", AmountPer: 24 * h}}, // said as written (F367)
		{name: "the maximum wins over twice a day", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}],"maxDosePerPeriod":{"numerator":{"value":3,"unit":"tablet"},"denominator":{"value":1,"unit":"d"}}}]`,
			want: Limit{MaxDoses: 3, Per: 24 * h, MostInDoseUnit: 3, Dose: "1 tablet"}},
		{name: "up to 4 times a day", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"frequencyMax":4,"period":1,"periodUnit":"d"}}}]`,
			want: Limit{MaxDoses: 4, Per: 24 * h}},
		{name: "says nothing", json: `[{"asNeededBoolean":true}]`, want: Limit{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := []byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-01-01","dosageInstruction":` + tc.json + `}`)
			if tc.file != "" {
				res = testutil.ReadFile(t, filepath.Join(dir, tc.file))
			}
			p, err := PlanFromResource(res)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Limit(); got != tc.want {
				t.Errorf("limit %+v, want %+v", got, tc.want)
			}
		})
	}
}

// F165: an as-needed medicine says its limits where its plan is said (Medicines, its
// settings, `medicines`), the limits Today asks about before a dose (F71); "as needed" alone
// when the record says none.
func TestAsNeededSaysItsLimits(t *testing.T) {
	dir := filepath.Join(testutil.FixturesDir(t), "hl7-examples")
	for _, tc := range []struct {
		name string
		file string // an HL7 example, or
		json string // a MedicationRequest's dosageInstruction
		want string
	}{
		{name: "every 4–6 hours", file: "MedicationRequest-medrx0301.json", want: "as needed for rib pain, at least 4 hours apart"},
		{name: "every 15 minutes", file: "MedicationRequest-medrx0315.json", want: "as needed, at least 15 minutes apart"},
		{name: "twice daily, at most 3 a day", file: "MedicationRequest-medrx0324.json", want: "as needed for fever, at most 3 doses a day"},
		{name: "once daily at bedtime", file: "MedicationRequest-medrx0310.json", want: "as needed for restless legs, at most 1 dose a day"},
		{name: "every 4 hours, 720 mg a day of 240 mg", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":240,"unit":"mg"}}],"maxDosePerPeriod":{"numerator":{"value":720,"unit":"mg"},"denominator":{"value":1,"unit":"d"}}}]`,
			want: "as needed, at least 4 hours apart, at most 3 doses a day"},
		// F538: Maxime's salbutamol, "maximum 8 inhalations par jour", was "at most 4 doses a day"
		{name: "2 puffs, at most 8 puffs a day", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"}}],"maxDosePerPeriod":{"numerator":{"value":8,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"},"denominator":{"value":24,"unit":"h"}}}]`,
			want: "as needed, at least 4 hours apart, at most 8 puffs a day"},
		{name: "every 90 minutes, 8 in 12 hours", json: `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":90,"periodUnit":"min"}},"maxDosePerPeriod":{"numerator":{"value":8},"denominator":{"value":12,"unit":"h"}}}]`,
			want: "as needed, at least 1 hour 30 minutes apart, at most 8 in 12 hours"}, // no dose given: 8 of what, the record does not say (F517)
		{name: "says nothing", json: `[{"asNeededBoolean":true}]`, want: "as needed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := []byte(`{"resourceType":"MedicationRequest","authoredOn":"2026-01-01","dosageInstruction":` + tc.json + `}`)
			if tc.file != "" {
				res = testutil.ReadFile(t, filepath.Join(dir, tc.file))
			}
			p, err := PlanFromResource(res)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Describe(DefaultRoutine()); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}
