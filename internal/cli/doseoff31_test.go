package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F370: 'dose take --at 21:00' of Metformin at 09:30 and 21:30 said "a dose at 21:00, when none
// is scheduled" — and Today then read "21:30 taken" (a dose taken at a time with no dose counts
// for the day's nearest dose not yet answered, F85), and 'dose take --at 21:30' was refused as
// already taken. The line now says which dose it counts for; with every dose of the day answered
// it counts for none and says so as before (TestDoseAnsweredOnceAndNotAfterDeath).
func TestDoseTakenOffScheduleSaysWhichDoseItCountsFor(t *testing.T) {
	y := time.Now().UTC().AddDate(0, 0, -1)
	at := func(h, m int) string {
		return time.Date(y.Year(), y.Month(), y.Day(), h, m, 0, 0, time.UTC).Format(time.RFC3339)
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"m","name":[{"text":"Maria Lopez"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"mm1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/m"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["09:30:00","21:30:00"]}}}]}}]}`
	f := filepath.Join(t.TempDir(), "maria.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	r := in(newVault(t)).with("TZ", "UTC")
	r.run(t, "import", f).ok(t)
	r.run(t, "dose", "take", "--ref", "MedicationRequest/mm1", "--at", at(9, 30), "--when", at(9, 40)).ok(t)

	out := r.run(t, "dose", "take", "--ref", "MedicationRequest/mm1", "--at", at(21, 0), "--when", at(21, 5)).ok(t).stdout
	want := "Recorded: a dose at 21:00, when none is scheduled, taken at "
	if !strings.HasPrefix(out, want) || !strings.Contains(out, ", counted for the 21:30 dose — ") {
		t.Errorf("off-schedule take: %q; want %q… \", counted for the 21:30 dose — …\"", out, want)
	}
	// What the line says is what is kept: the 21:30 dose is answered.
	r.run(t, "dose", "take", "--ref", "MedicationRequest/mm1", "--at", at(21, 30)).fails(t, 1, "this dose is already recorded as taken: nothing recorded")

	// --json says it too; with both doses answered a further one counts for none.
	var j struct {
		CountsFor string `json:"counts_for"`
	}
	res := r.run(t, "dose", "take", "--json", "--ref", "MedicationRequest/mm1", "--at", at(14, 0), "--when", at(14, 5)).ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &j); err != nil || j.CountsFor != "" {
		t.Errorf("a third dose: %q (%v); want no counts_for", res.stdout, err)
	}
	out = r.run(t, "dose", "take", "--ref", "MedicationRequest/mm1", "--at", at(15, 0), "--when", at(15, 5)).ok(t).stdout
	if !strings.HasPrefix(out, "Recorded: a dose at 15:00, when none is scheduled, taken at ") || strings.Contains(out, "counted for") {
		t.Errorf("a dose that counts for none: %q", out)
	}
}
