package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F327: a dose skipped on one device and given on another before they exchanged read 'taken'
// on both, and neither sync nor status said it. Both say it once, like a dose given twice.
func TestHouseholdSyncSaysADoseSkippedHereAndGivenThere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	y := time.Now().UTC()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Mum Smith"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-met","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + y.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["00:00:00"]}}}]}}]}`
	f := filepath.Join(t.TempDir(), "mum.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	a.run(t, "import", f).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	at := time.Date(y.Year(), y.Month(), y.Day(), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	a.run(t, "dose", "skip", "--ref", "MedicationRequest/rx-met", "--at", at).ok(t)
	b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at).ok(t)
	b.run(t, "household", "sync").ok(t)
	outA := a.run(t, "household", "sync").ok(t).stdout
	outB := b.run(t, "household", "sync").ok(t).stdout
	for _, c := range []struct{ who, out, want string }{
		{"Dad's laptop", outA, " on this computer and given at "},
		{"Anna's laptop", outB, " on Dad's laptop and given at "},
	} {
		if !strings.Contains(c.out, "Metformin 500 mg for Mum Smith was skipped at ") || !strings.Contains(c.out, c.want) ||
			!strings.Contains(c.out, "(the 00:00 dose of ") || !strings.Contains(c.out, "): it counts as given") {
			t.Errorf("household sync on %s: %q", c.who, c.out)
		}
	}
	if out := a.run(t, "household", "sync").ok(t).stdout; strings.Contains(out, "skipped") {
		t.Errorf("said twice: %q", out)
	}
	if st := a.run(t, "household", "status").ok(t).stdout; !strings.Contains(st, "was skipped at ") {
		t.Errorf("household status on Dad's laptop: %q", st)
	}
	// 'today' says it too, not only "taken, answered by Anna's laptop" (F327).
	for _, c := range []struct {
		who  string
		r    runner
		want string
	}{
		{"Dad's laptop", a, " on this computer and given at "},
		{"Anna's laptop", b, " on Dad's laptop and given at "},
	} {
		out := c.r.run(t, "today").ok(t).stdout
		if !strings.Contains(out, "taken     Metformin 500 mg: skipped at ") || !strings.Contains(out, c.want) || !strings.Contains(out, ": it counts as given") {
			t.Errorf("today on %s:\n%s", c.who, out)
		}
		if js := c.r.run(t, "today", "--json").ok(t).stdout; !strings.Contains(js, `"skippedAndGiven":"skipped at `) {
			t.Errorf("today --json on %s:\n%s", c.who, js)
		}
	}
}
