package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"carekeeper/internal/testutil"
)

// F412: a medicine whose record gives no times CareKeeper can follow was said in 'medicines'
// as "set the times yourself" alone, the record's own "5ml three times daily" (HL7's
// MedicationStatement example006) or "1 tablet per day" (example003) dropped: nobody could
// tell how often; and "1–2 times a day" (frequencyMax) was "once a day". The record's words
// stay before "set the times yourself", and a range of times is said as one.
func TestMedicinesSaysHowOftenWhenCareKeeperCannotSetTimes(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "MedicationRequest", "id": "salb", "status": "active", "intent": "order",
		"subject": map[string]any{"reference": "Patient/pat1"}, "authoredOn": "2015-01-15",
		"medicationCodeableConcept": map[string]any{"text": "Salbutamol 100 mcg per puff inhaler"},
		"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"frequency": 1, "frequencyMax": 2, "period": 1, "periodUnit": "d"}},
			"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": 2, "unit": "puff"}}}}}})
	own := filepath.Join(t.TempDir(), "salb.json")
	if err := os.WriteFile(own, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", testutil.Fixture(t, "hl7-examples/Patient-pat1.json"), testutil.Fixture(t, "hl7-examples/MedicationStatement-example006.json"),
		testutil.Fixture(t, "hl7-examples/MedicationStatement-example003.json"), own).ok(t)
	var rows []struct{ Name, Schedule string }
	if err := json.Unmarshal([]byte(r.run(t, "medicines", "--at", "2015-01-16T10:00:00Z", "--json").ok(t).stdout), &rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range rows {
		got[row.Name] = row.Schedule
	}
	for name, want := range map[string]string{
		"Amoxicillin":                          "5ml three times daily; set the times yourself",
		"Little Pink Pill for water retention": "1 tablet per day; set the times yourself",
		"Salbutamol 100 mcg per puff inhaler":  "1–2 times a day; set the times yourself",
	} {
		if got[name] != want {
			t.Errorf("%s: schedule %q, want %q (all: %q)", name, got[name], want, got)
		}
	}
}
