package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F478: two parents each gave Sofia her ibuprofen, taken as needed and at least 6 hours apart,
// on their own device before they exchanged, 1½ hours apart: neither could know, and after the
// exchange nothing said it. The exchange says it, with who gave which, as it says a dose given
// twice.
func TestAsNeededDosesTooCloseOnTwoDevicesAreSaid(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	y := time.Now().UTC()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"sofia","name":[{"text":"Sofia Reyes"}],"birthDate":"2025-10-05"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"s-m1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Children's ibuprofen 100 mg/5 mL"},` +
		`"subject":{"reference":"Patient/sofia"},"authoredOn":"` + y.AddDate(0, 0, -3).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"text":"4 mL every 6 hours as needed for fever","asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}}}]}}]}`
	f := filepath.Join(t.TempDir(), "sofia.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	a.run(t, "import", f).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	day := y.AddDate(0, 0, -1)
	at := func(h, m int) string {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, time.UTC).Format(time.RFC3339)
	}
	a.run(t, "dose", "log", "--ref", "MedicationRequest/s-m1", "--when", at(16, 0)).ok(t)
	b.run(t, "dose", "log", "--ref", "MedicationRequest/s-m1", "--when", at(17, 30)).ok(t)
	a.run(t, "household", "sync").ok(t)
	out := b.run(t, "household", "sync").ok(t).stdout
	want := "Children's ibuprofen 100 mg/5 mL for Sofia Reyes was given at 16:00 on Dad's laptop and at 17:30 on this computer, 1 hour 30 minutes apart: this medicine says at least 6 hours between doses"
	if !strings.Contains(out, want) {
		t.Errorf("household sync on the second device:\n%s\nwant a line %q", out, want)
	}
}
