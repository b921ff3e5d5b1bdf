package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F224: 'dose log' on a medicine taken at set times said "Recorded: taken at …" and Today never
// showed the dose anywhere. It is refused (nothing logged), naming 'dose take --at'; an
// as-needed medicine is logged as before.
func TestDoseLogRefusedForAMedicineAtSetTimes(t *testing.T) {
	y := time.Now().UTC()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Mum Smith"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-met","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}}}]}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-prn","status":"active","intent":"order","medicationCodeableConcept":{"text":"Paracetamol 500 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"asNeededBoolean":true}]}}]}`
	f := filepath.Join(t.TempDir(), "mum.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	r := in(newVault(t)).with("TZ", "UTC")
	r.run(t, "import", f).ok(t)
	before := r.run(t, "today", "--json").ok(t).stdout
	r.run(t, "dose", "log", "--ref", "MedicationRequest/rx-met").fails(t, 2, "taken at set times", "dose take --ref MedicationRequest/rx-met --at TIME", "nothing logged")
	if after := r.run(t, "today", "--json").ok(t).stdout; after != before {
		t.Errorf("today changed after a refused 'dose log':\n%s\n%s", before, after)
	}
	if out := r.run(t, "dose", "log", "--ref", "MedicationRequest/rx-prn").ok(t).stdout; !strings.HasPrefix(out, "Recorded: taken at ") {
		t.Errorf("dose log of an as-needed medicine: %q", out)
	}
}
