package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// F293: stopping a medicine wiped the day's doses already given from Today: Warfarin's 18:00
// dose taken at 04:00, then 'medicines stop', and `today` no longer said it was given. The
// dose given stays on the day.
func TestStoppedMedicineKeepsTheDaysDosesGiven(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	file := filepath.Join(t.TempDir(), "mum.json")
	os.WriteFile(file, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+
		`{"fullUrl":"urn:uuid:mum","resource":{"resourceType":"Patient","id":"mum","name":[{"family":"Smith","given":["Margaret"]}],"birthDate":"1947-04-09"}},`+
		`{"fullUrl":"urn:uuid:m2","resource":{"resourceType":"MedicationRequest","id":"m2","status":"active","intent":"order","authoredOn":"2026-11-01",`+
		`"subject":{"reference":"urn:uuid:mum"},"medicationCodeableConcept":{"text":"Warfarin 3 mg tablet"},`+
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["18:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`), 0o600)
	res := importJSON(t, r, file)
	mum, _ := res["profile"].(string)
	r.run(t, "dose", "take", "--profile", mum, "--ref", "MedicationRequest/m2", "--at", "2026-12-06T18:00:00Z", "--when", "2026-12-06T04:00:00Z").ok(t)
	given := func() bool {
		t.Helper()
		var days []struct {
			Doses []struct {
				Name, At, State string
			} `json:"doses"`
		}
		out := r.run(t, "today", "--profile", mum, "--at", "2026-12-06T12:00:00Z", "--json").ok(t).stdout
		if err := json.Unmarshal([]byte(out), &days); err != nil || len(days) != 1 {
			t.Fatalf("today --json: %v %s", err, out)
		}
		for _, d := range days[0].Doses {
			if d.State == "taken" {
				return true
			}
		}
		return false
	}
	if !given() {
		t.Fatal("the dose given is not on the day before the medicine is stopped")
	}
	r.run(t, "medicines", "stop", "--profile", mum, "--ref", "MedicationRequest/m2").ok(t)
	if !given() {
		t.Error("stopping the medicine took the dose given today off the day")
	}
}
