package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// 'household status' kept a line for each dose answered on two devices, for a day: 13 lines
// after a morning both laptops answered, burying the rest of the status. Three or more are
// now one line counting them by medicine; --details lists each as before.
func TestHouseholdStatusSumsDosesAnsweredTwice(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	today := time.Now().UTC()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Mum Smith"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-met","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + today.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]}}]}`
	f := filepath.Join(t.TempDir(), "mum.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	a.run(t, "import", f).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	for d := 1; d <= 4; d++ {
		day := today.AddDate(0, 0, -d)
		at := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, time.UTC)
		a.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.Format(time.RFC3339), "--when", at.Add(2*time.Minute).Format(time.RFC3339)).ok(t)
		b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.Format(time.RFC3339), "--when", at.Add(10*time.Minute).Format(time.RFC3339)).ok(t)
	}
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	st := b.run(t, "household", "status").ok(t).stdout
	want := "4 doses were answered as given on two devices before they exchanged: Metformin 500 mg for Mum Smith (4); if both answers of a dose were real, it was given twice ('household status --details' lists each).\n"
	if !strings.Contains(st, want) || strings.Contains(st, "was given twice:") {
		t.Errorf("household status:\n%s\nwant one line %q", st, want)
	}
	if details := b.run(t, "household", "status", "--details").ok(t).stdout; strings.Count(details, "Metformin 500 mg for Mum Smith was given twice: at 08:02 on Dad's laptop and at 08:10 on this computer") != 4 {
		t.Errorf("household status --details:\n%s\nwant each of the 4 doses", details)
	}
}
