package cli_test

import (
	"strings"
	"testing"
	"time"
)

// F477: Sofia's ibuprofen, "4 mL every 6 hours as needed for fever": choosing "only as needed"
// (what the record says already) dropped its "at least 6 hours apart", and doses 3 hours and 1
// hour apart were logged for a 14-month-old without a word. The record's spacing stays: the row
// says it, and a dose sooner is asked about as before. A medicine at set times made only as
// needed keeps the as-needed instructions its record has.
func TestOnlyAsNeededKeepsTheRecordsSpacing(t *testing.T) {
	for _, c := range []struct {
		name, dosage string
	}{
		{"as needed in the record", `{"text":"4 mL by mouth every 6 hours as needed for fever","asNeededBoolean":true,` +
			`"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]}`},
		{"at set times and as needed", `{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]},{"sequence":2,"asNeededBoolean":true,` +
			`"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in(newVault(t)).with("TZ", "America/Los_Angeles")
			med := `{"resourceType":"MedicationRequest","id":"ibu","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},` +
				`"medicationCodeableConcept":{"text":"Children's ibuprofen 100 mg/5 mL oral suspension"},"authoredOn":"2026-01-01",` +
				`"dosageInstruction":[` + c.dosage + `]}`
			r.run(t, "import", bundleFile(t, med)).ok(t)
			p := profileIDs(t, r)["Robin"]
			r.run(t, "schedule", "set", "--profile", p, "--ref", "MedicationRequest/ibu", "--as-needed").ok(t)
			if out := r.run(t, "medicines", "--profile", p).ok(t).stdout; !strings.Contains(out, "at least 6 hours apart") {
				t.Errorf("medicines after --as-needed:\n%s", out)
			}
			first := time.Now().Add(-3 * time.Hour)
			r.run(t, "dose", "log", "--profile", p, "--ref", "MedicationRequest/ibu", "--when", first.Format(time.RFC3339)).ok(t)
			r.run(t, "dose", "log", "--profile", p, "--ref", "MedicationRequest/ibu").fails(t, 2,
				"This medicine says at least 6 hours between doses.", "Nothing logged")
		})
	}
}
