package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F391: a child's antibiotic whose record gives 08:00, 14:00 and 20:00 but "once a day" gets no
// reminders. The app's Today says so under the medicine; 'today' said "Nothing planned today."
// with the course running. It now says it too, with the command to set its times.
func TestTodaySaysAMedicineNothingRemindsOf(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "lily.json")
	if err := os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"lily","name":[{"given":["Lily"],"family":"Moreno"}],"birthDate":"2019-04-14"}},
{"resource":{"resourceType":"MedicationRequest","id":"amox","status":"active","intent":"order","subject":{"reference":"Patient/lily"},
"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Amoxicillin 250 mg/5 mL oral suspension"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mL"}}]}]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	out := r.run(t, "today").ok(t).stdout
	if strings.Contains(out, "Nothing planned today.") || !strings.Contains(out, "No reminders: Amoxicillin 250 mg/5 mL oral suspension") ||
		!strings.Contains(out, "--ref MedicationRequest/amox --times HH:MM") {
		t.Errorf("today:\n%s", out)
	}
	var tj []struct {
		NoReminders []struct{ Ref, Name, Why string } `json:"noReminders"`
	}
	if err := json.Unmarshal([]byte(r.run(t, "today", "--json").ok(t).stdout), &tj); err != nil || len(tj) != 1 || len(tj[0].NoReminders) != 1 ||
		tj[0].NoReminders[0].Ref != "MedicationRequest/amox" || tj[0].NoReminders[0].Why == "" {
		t.Errorf("today --json: %+v %v", tj, err)
	}
}
