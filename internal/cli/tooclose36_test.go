package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F478: two parents each gave the child her fever medicine ("at least 6 hours apart") on their
// own device before the devices exchanged, an hour apart: after the exchange both said only "2
// doses taken today, the last at …". `today` (text and --json "tooClose") now says the pair and
// where each was given, on both devices.
func TestTodaySaysAsNeededDosesGivenTooCloseOnTwoDevices(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	now := time.Now().UTC()
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"sofia","name":[{"text":"Sofia Reyes"}],"birthDate":"2025-10-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"ibu","status":"active","intent":"order","medicationCodeableConcept":{"text":"Children's ibuprofen 100 mg/5 mL"},` +
		`"subject":{"reference":"Patient/sofia"},"authoredOn":"` + now.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]}]}}]}`
	f := filepath.Join(t.TempDir(), "sofia.json")
	os.WriteFile(f, []byte(bundle), 0o600)
	a.run(t, "import", f).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "dose", "log", "--ref", "MedicationRequest/ibu", "--when", now.Add(-2*time.Hour).Format(time.RFC3339)).ok(t)
	b.run(t, "dose", "log", "--ref", "MedicationRequest/ibu", "--when", now.Add(-time.Hour).Format(time.RFC3339)).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "household", "sync").ok(t)
	for _, c := range []struct {
		r     runner
		other string // each says "this computer" of itself
	}{{a, " on Anna's laptop"}, {b, " on Dad's laptop"}} {
		r := c.r
		out := r.run(t, "today").ok(t).stdout
		if !strings.Contains(out, "1 hour apart: this medicine says at least 6 hours between doses.") || !strings.Contains(out, " on this computer") || !strings.Contains(out, c.other) {
			t.Errorf("today does not say the doses were given too close together:\n%s", out)
		}
		var tj []struct {
			AsNeeded []struct {
				TooClose string `json:"tooClose"`
			}
		}
		if err := json.Unmarshal([]byte(r.run(t, "today", "--json").ok(t).stdout), &tj); err != nil || len(tj) != 1 || len(tj[0].AsNeeded) != 1 {
			t.Fatalf("today --json: %+v %v", tj, err)
		}
		if !strings.HasPrefix(tj[0].AsNeeded[0].TooClose, "Given at ") {
			t.Errorf("today --json: %+v", tj[0].AsNeeded[0])
		}
	}
}
