package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// F193 (the part left): a dose answered, then the times set by hand ('schedule set --times'):
// the visit summary's adherence line was gone, the dose answered before the change no longer
// counted. The doses CareKeeper kept are counted across the change, from the first one.
func TestSummaryKeepsTheDosesAcrossATimesChange(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Now().In(lon)
	file := filepath.Join(t.TempDir(), "metformin.json")
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"urn:uuid:7c0f4bde-30a5-4c48-9c38-0d4e0c6d2b11","resource":{"resourceType":"Patient","id":"p","name":[{"family":"Okafor","given":["Adaeze"]}],"birthDate":"1984-02-11"}},
{"resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order",
 "medicationCodeableConcept":{"text":"Metformin 500 mg tablet"},
 "subject":{"reference":"urn:uuid:7c0f4bde-30a5-4c48-9c38-0d4e0c6d2b11"},"authoredOn":"` + now.AddDate(0, -2, 0).Format("2006-01-02") + `",
 "dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},
  "doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`
	if err := os.WriteFile(file, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	var imp struct{ Profile string }
	if err := json.Unmarshal([]byte(r.run(t, "import", "--json", file).ok(t).stdout), &imp); err != nil || imp.Profile == "" {
		t.Fatalf("import: %v", err)
	}
	// Yesterday's 20:00 dose, taken at 20:05.
	y := now.AddDate(0, 0, -1)
	due := time.Date(y.Year(), y.Month(), y.Day(), 20, 0, 0, 0, lon)
	r.run(t, "dose", "take", "--profile", imp.Profile, "--ref", "MedicationRequest/m1", "--at", due.Format(time.RFC3339), "--when", due.Add(5*time.Minute).Format(time.RFC3339)).ok(t)
	line := func() string {
		out := t.TempDir()
		pdf, fhir := filepath.Join(out, "s.pdf"), filepath.Join(out, "s.json")
		r.run(t, "summary", "--profile", imp.Profile, "--from", now.AddDate(0, -3, 0).Format("2006-01-02"), "--to", now.Format("2006-01-02"),
			"--out", pdf, "--fhir", fhir).ok(t)
		b, err := os.ReadFile(fhir)
		if err != nil {
			t.Fatal(err)
		}
		return regexp.MustCompile(`(?i)doses [^"<]*taken on time[^"<]*`).FindString(string(b))
	}
	before := line()
	if before == "" {
		t.Fatal("no adherence line with a dose answered")
	}
	r.run(t, "schedule", "set", "--profile", imp.Profile, "--ref", "MedicationRequest/m1", "--times", "07:00,19:00").ok(t)
	after := line()
	// Counted from the dose kept yesterday, not from the period's start: at most the day's
	// few doses since, the one taken on time among them.
	var taken, of int
	if _, err := fmt.Sscanf(after[strings.Index(after, ": ")+2:], "%d of %d", &taken, &of); err != nil || !strings.HasPrefix(after, "doses since") || taken != 1 || of > 4 {
		t.Errorf("after the times were set: %q (before: %q)", after, before)
	}
}
