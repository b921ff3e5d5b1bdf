package health

import (
	"testing"

	"carekeeper/internal/schedule"
)

// F360: an inhaler "2 puffs q6 hours PRN wheezing" read "2 puffs inhaled, 4 times a day, as
// needed" on the Medicines screen (Medication.Timing) and "as needed, at most 4 doses a day" in
// `medicines` (the reminders' plan words); "for wheezing" and "6 hours apart" were lost. One
// wording from both: the plan's.
func TestAsNeededSaidOneWayWithItsReason(t *testing.T) {
	for _, tc := range []struct{ name, dosage, want string }{
		{"q6h for wheezing", `{"asNeededCodeableConcept":{"coding":[{"display":"Wheezing"}],"text":"Wheezing"},"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"Puff"}}]}`,
			"as needed for wheezing, at least 6 hours apart"},
		{"4 a day for wheezing", `{"asNeededCodeableConcept":{"text":"Wheezing"},"timing":{"repeat":{"frequency":4,"period":1,"periodUnit":"d"}}}`,
			"as needed for wheezing, at most 4 doses a day"},
		{"display only, abbreviation kept", `{"asNeededCodeableConcept":{"coding":[{"display":"COPD exacerbation"}]},"timing":{"code":{"coding":[{"code":"Q4H"}]}}}`,
			"as needed for COPD exacerbation, at least 4 hours apart"},
		{"no reason, no timing", `{"asNeededBoolean":true}`, "as needed"},
		{"not as needed", `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}`, "twice a day"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := `{"resourceType":"MedicationStatement","id":"m","status":"active","subject":{"reference":"Patient/p"},"effectiveDateTime":"2026-11-01",
"medicationCodeableConcept":{"text":"Albuterol inhaler"},"dosage":[` + tc.dosage + `]}`
			meds := Medicines(NewSet([]Resource{{Key: Key{LocalSource, "MedicationStatement", "m"}, JSON: []byte(rec)}}, nil), MedOptions{})
			if len(meds) != 1 || meds[0].Timing != tc.want {
				t.Fatalf("Timing: %+v, want %q", meds, tc.want)
			}
			plan, err := schedule.PlanFromResource([]byte(rec))
			if err != nil {
				t.Fatal(err)
			}
			if plan.AsNeeded {
				if got := plan.Describe(schedule.DefaultRoutine()); got != tc.want {
					t.Errorf("the plan's words %q, the medicine's %q", got, tc.want)
				}
			}
		})
	}
}
