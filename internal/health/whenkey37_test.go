package health

import (
	"fmt"
	"testing"
	"time"
)

// F487: furosemide, 1 tablet once a day, from the GP ("in the morning", timing.when MORN) and a
// discharge letter (no when) was "Sources give different doses": when is a time of day, compared
// apart as timeOfDay is (a source giving none agrees with any).
func TestWhenIsComparedAsATimeOfDay(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	gp := `{"resourceType":"MedicationRequest","id":"gp","status":"active","intent":"order","authoredOn":"2026-11-18","medicationCodeableConcept":{"text":"Furosemide 40 mg tablet"},` +
		`"dosageInstruction":[{"text":"40 mg every morning","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["%s"]}},"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006","display":"Oral route"}],"text":"by mouth"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}`
	letter := `{"resourceType":"MedicationStatement","id":"letter","status":"active","effectivePeriod":{"start":"2026-11-28"},"medicationCodeableConcept":{"text":"Furosemide 40 mg tablet"},` +
		`"dosage":[{"text":"Furosemide 40 mg tablet, 1 tablet every morning","timing":{"repeat":{"boundsPeriod":{"start":"2026-11-28"},"frequency":1,"period":1,"periodUnit":"d"%s}},"route":{"coding":[{"code":"C38288","display":"Oral","system":"http://ncimeta.nci.nih.gov"}],"text":"Oral"},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}`
	for _, tc := range []struct {
		name, gpWhen, letterTiming, want string
	}{
		{"morning and no time", "MORN", "", ""},
		{"morning and morning", "MORN", `,"when":["MORN"]`, ""},
		{"morning and evening", "MORN", `,"when":["EVE"]`, "Sources give different times of day"},
	} {
		rs := []Resource{
			{Key: Key{"https://gp.example", "MedicationRequest", "gp"}, Profile: "p", JSON: []byte(fmt.Sprintf(gp, tc.gpWhen))},
			{Key: Key{"letter.xml", "MedicationStatement", "letter"}, Profile: "p", JSON: []byte(fmt.Sprintf(letter, tc.letterTiming))},
		}
		meds := Medicines(NewSet(rs, nil), MedOptions{Now: now})
		if len(meds) != 1 {
			t.Fatalf("%s: %d medicines", tc.name, len(meds))
		}
		if got := meds[0].Difference; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
