package schedule

import (
	"testing"
	"time"
)

// F551: a medicine that runs at a rate over hours has no dose to remind of.
func TestRunsAtARate(t *testing.T) {
	const daily = `"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}`
	req := func(medication, dosage string) string {
		return `{"resourceType":"MedicationRequest","medicationCodeableConcept":` + medication + `,"dosageInstruction":[` + dosage + `]}`
	}
	from := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, res string
		want      bool
		words     string
	}{
		{"oxygen at a rate for hours a day",
			req(`{"text":"Tlen medyczny"}`, `{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","duration":15,"durationUnit":"h"}},"doseAndRate":[{"rateQuantity":{"value":2,"unit":"L/min"}}]}`),
			true, "2 L/min, 15 hours a day; runs over hours, not taken as doses"},
		{"oxygen by its SNOMED code, written as a dose", req(`{"coding":[{"code":"24099007"}]}`, `{`+daily+`,"doseAndRate":[{"doseQuantity":{"value":2,"unit":"L"}}]}`),
			true, "runs over hours, not taken as doses"},
		{"oxygen named in French", req(`{"text":"Oxygène médical"}`, `{`+daily+`}`), true, "runs over hours, not taken as doses"},
		{"a pump's rate as a ratio", req(`{"text":"Treprostinil"}`, `{`+daily+`,"doseAndRate":[{"rateRatio":{"numerator":{"value":1.5,"unit":"ng/kg"},"denominator":{"value":1,"unit":"min"}}}]}`),
			true, "1.5 ng/kg/1 min; runs over hours, not taken as doses"},
		{"a rate range", req(`{"text":"Heparin"}`, `{`+daily+`,"doseAndRate":[{"rateRange":{"low":{"value":1,"unit":"mL/h"},"high":{"value":3,"unit":"mL/h"}}}]}`),
			true, "1–3 mL/h; runs over hours, not taken as doses"},
		{"a dose given with its rate is taken as a dose", req(`{"text":"Ceftriaxone"}`, `{`+daily+`,"doseAndRate":[{"doseQuantity":{"value":2,"unit":"g"},"rateQuantity":{"value":100,"unit":"mL/h"}}]}`),
			false, ""},
		{"oxygen as needed stays as needed", req(`{"text":"Oxygen"}`, `{"asNeededBoolean":true,`+daily+`}`), false, ""},
		{"a tablet", req(`{"text":"Apixaban 5 mg"}`, `{`+daily+`,"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}`), false, ""},
		{"a name that only starts like oxygen", req(`{"text":"Oxycodone 5 mg"}`, `{`+daily+`}`), false, ""},
	} {
		p, err := PlanFromResource([]byte(tt.res))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := p.Unclear == RunsAtARate; got != tt.want {
			t.Errorf("%s: runs at a rate %v (Unclear %q), want %v", tt.name, got, p.Unclear, tt.want)
		}
		if tt.want {
			if got := p.Describe(DefaultRoutine()); got != tt.words {
				t.Errorf("%s: %q, want %q", tt.name, got, tt.words)
			}
			if occ := p.Occurrences(from, from.AddDate(0, 0, 2), time.UTC, DefaultRoutine(), time.Time{}); len(occ) != 0 {
				t.Errorf("%s: %d doses due", tt.name, len(occ))
			}
		}
	}
}
