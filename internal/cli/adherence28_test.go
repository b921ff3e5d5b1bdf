package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A medicine imported today with an order written two months ago: the visit summary told the
// doctor "0 of 132 taken on time" — doses before CareKeeper knew of it, never reminded of,
// counted as not marked (F193, vcli28). Nothing is counted before the medicine came in.
func TestSummaryCountsNoDoseBeforeTheMedicineCameIn(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	now := time.Now()
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
	out := t.TempDir()
	pdf, fhir := filepath.Join(out, "s.pdf"), filepath.Join(out, "s.json")
	r.run(t, "summary", "--profile", imp.Profile, "--from", now.AddDate(0, -3, 0).Format("2006-01-02"), "--to", now.Format("2006-01-02"),
		"--out", pdf, "--fhir", fhir).ok(t)
	b, err := os.ReadFile(fhir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Metformin") {
		t.Fatalf("the summary has no Metformin:\n%.2000s", b)
	}
	if strings.Contains(string(b), "taken on time") {
		i := strings.Index(string(b), "taken on time")
		t.Errorf("the summary counts doses of a medicine CareKeeper has had for a moment: %q", b[max(0, i-120):i+60])
	}
}
