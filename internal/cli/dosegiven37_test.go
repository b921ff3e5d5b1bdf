package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F490: 'dose take' of Tobi's mealtime insulin, whose record gives no amount but a carbohydrate
// ratio, recorded "taken" with no units at all, so the visit summary, the household's other
// device and a "given twice" line could not say how much insulin was given; the app asks
// (F457). Without --dose it is refused, nothing recorded; with it the amount is recorded and
// the Timeline says it.
func TestDoseTakeOfARatioNeedsTheAmount(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "tobi", "name": []any{map[string]any{"given": []string{"Tobi"}, "family": "Okoye"}}, "birthDate": "2011-03-02"}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationRequest", "id": "m-asp", "status": "active", "intent": "order",
			"medicationCodeableConcept": map[string]any{"text": "Insulin aspart 100 units/mL pen"}, "subject": map[string]any{"reference": "Patient/tobi"},
			"authoredOn": time.Now().AddDate(0, -1, 0).Format("2006-01-02"),
			"dosageInstruction": []any{map[string]any{"text": "1 unit per 10 g carbohydrate with meals",
				"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"07:30:00"}}}}}}},
	}})
	f := filepath.Join(t.TempDir(), "tobi.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	id := importJSON(t, r, f)["profile"].(string)
	y := time.Now().UTC().AddDate(0, 0, -1)
	due := time.Date(y.Year(), y.Month(), y.Day(), 7, 30, 0, 0, time.UTC).Format("2006-01-02T15:04")
	r.run(t, "dose", "take", "--profile", id, "--ref", "MedicationRequest/m-asp", "--at", due).fails(t, 2,
		"the record of this medicine gives no amount, only how to work it out: say how much was given with --dose")
	if out := r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout; strings.Contains(out, "MedicationAdministration") {
		t.Fatalf("a refused dose was recorded: %s", out)
	}
	r.run(t, "dose", "take", "--profile", id, "--ref", "MedicationRequest/m-asp", "--at", due, "--dose", "4 units").ok(t)
	if out := r.run(t, "timeline", "--profile", id).ok(t).stdout; !strings.Contains(out, "Dose taken: Insulin aspart 100 units/mL pen (4 units)") {
		t.Errorf("the Timeline does not say the 4 units given:\n%s", out)
	}
}
