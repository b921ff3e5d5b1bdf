package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F374: a record says 2 tablets twice a day, with no date of its change, and the 60 tablets
// handed over 27 days ago were for 30 days (1 tablet a dose). Counted with the new dose from the
// hand-over, 'today' said they "would have run out" 12 days ago and the "Time to order" card
// was gone. It now says what is known and to check how many are left, and the card stays.
func TestTodayDoseChangedSinceTheDispenseWithoutADate(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	handed := time.Now().UTC().AddDate(0, 0, -27)
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Maria"}, "family": "Lopez"}}, "birthDate": "1948-05-03"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "mm1", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn": handed.AddDate(0, 0, -8).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:30:00", "21:30:00"}}},
				"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 2, "unit": "tablet"}}}}}}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationDispense", "id": "md1", "status": "completed",
			"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authorizingPrescription": []any{map[string]any{"reference": "MedicationRequest/mm1"}},
			"quantity":                map[string]any{"value": 60, "unit": "tablet"}, "daysSupply": map[string]any{"value": 30, "unit": "d"},
			"whenHandedOver": handed.Format(time.RFC3339)}},
	}})
	f := filepath.Join(t.TempDir(), "maria.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	importJSON(t, r, f)
	out := r.run(t, "today").ok(t).stdout
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Refill:") {
			line = l
		}
	}
	want := "Refill: Metformin 500 mg tablet may have run out: the 60 tablets handed over on " + handed.Format("2 Jan 2006") + " were for 30 days, and at the dose now they last 15 days; check how many are left"
	if strings.TrimSpace(line) != want {
		t.Errorf("refill line %q, want %q:\n%s", strings.TrimSpace(line), want, out)
	}
	if ins := r.run(t, "insights", "--profile", profileIDs(t, r)["Maria"]).ok(t).stdout; !strings.Contains(ins, "Time to order Metformin 500 mg tablet") || !strings.Contains(ins, "may have run out: the 60 tablets handed over on") {
		t.Errorf("insights has no order card saying the dose changed:\n%s", ins)
	}
}
