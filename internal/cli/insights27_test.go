package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F167: `insights` said each card's title and body but not why it is there, which --json has
// and the app shows ("Why am I seeing this?"), and README promises. The text now lists the why
// lines under each card.
func TestInsightsTextSaysWhy(t *testing.T) {
	handed := time.Now().AddDate(0, 0, -26).UTC()
	file := filepath.Join(t.TempDir(), "refill.json")
	body := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"r","name":[{"family":"Refill","given":["Rita"]}],"birthDate":"1955-02-02"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx","status":"active","intent":"order","subject":{"reference":"Patient/r"},` +
		`"authoredOn":"` + handed.Format("2006-01-02") + `","medicationCodeableConcept":{"text":"Amlodipine 5 mg tablet"},` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}},` +
		`{"resource":{"resourceType":"MedicationDispense","id":"d","status":"completed","subject":{"reference":"Patient/r"},` +
		`"authorizingPrescription":[{"reference":"MedicationRequest/rx"}],"medicationCodeableConcept":{"text":"Amlodipine 5 mg tablet"},` +
		`"quantity":{"value":30,"unit":"tablet"},"daysSupply":{"value":30,"unit":"day"},"whenHandedOver":"` + handed.Format(time.RFC3339) + `"}}]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t))
	r.run(t, "import", file).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %+v", people)
	}
	var cards []struct {
		Title string
		Why   []string
	}
	json.Unmarshal([]byte(r.run(t, "insights", "--json", "--profile", people[0].ID).ok(t).stdout), &cards)
	out := r.run(t, "insights", "--profile", people[0].ID).ok(t).stdout
	n := 0
	for _, cd := range cards {
		for _, w := range cd.Why {
			n++
			if !strings.Contains(out, "  · "+w+"\n") {
				t.Errorf("text leaves out why %q of %q:\n%s", w, cd.Title, out)
			}
		}
	}
	if n == 0 {
		t.Fatalf("no card with a why to check: %+v", cards)
	}
}
