package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F294: on 6 Dec, 'today' said "Refill: Warfarin 3 mg tablet runs out 29 Nov 2026" — a date a
// week gone, said as one to come. A run-out already past says so, and what to do.
func TestTodaySaysARunOutAlreadyPast(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	handed := time.Now().UTC().AddDate(0, 0, -35)
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Margaret"}, "family": "Smith"}}, "birthDate": "1940-01-01"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m2", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Warfarin 3 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authoredOn": handed.AddDate(0, 0, -1).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"18:00:00"}}},
				"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 1, "unit": "tablet"}}}}}}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationDispense", "id": "d2", "status": "completed",
			"medicationCodeableConcept": map[string]any{"text": "Warfarin 3 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
			"authorizingPrescription": []any{map[string]any{"reference": "MedicationRequest/m2"}},
			"quantity":                map[string]any{"value": 28, "unit": "tablet"}, "whenHandedOver": handed.Format("2006-01-02")}},
	}})
	f := filepath.Join(t.TempDir(), "mum.json")
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
	if !strings.Contains(line, "Warfarin 3 mg tablet would have run out on ") || !strings.HasSuffix(line, ", counted from its schedule: check how many are left") {
		t.Errorf("refill line %q, want it said as past:\n%s", line, out)
	}
}
