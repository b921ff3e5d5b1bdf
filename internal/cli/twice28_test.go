package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F221: one dose given on two devices of the household before they exchanged (Mum got her
// Metformin twice) read 'taken' on both and nothing said it was given twice. Both answers are
// kept, and `today` (text and --json) says it: "00:00 Metformin …: taken twice — at … on
// Dad's laptop and at … on Anna's laptop".
func TestTodaySaysADoseTakenOnTwoDevices(t *testing.T) {
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
	a.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at).ok(t)
	b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "household", "sync").ok(t)
	// each device names itself "this computer", as the app and 'household status' do (F489)
	for _, c := range []struct {
		r     runner
		other string
	}{{a, " on Anna's laptop"}, {b, " on Dad's laptop"}} {
		r, other := c.r, c.other
		out := r.run(t, "today").ok(t).stdout
		if !strings.Contains(out, "Metformin 500 mg: taken twice — at ") || !strings.Contains(out, other) || !strings.Contains(out, " on this computer") {
			t.Errorf("today does not say the dose was taken twice:\n%s", out)
		}
		var tj []struct {
			Doses []struct {
				TakenTwice string `json:"takenTwice"`
				Takes      []struct{ At, Device string }
			}
		}
		if err := json.Unmarshal([]byte(r.run(t, "today", "--json").ok(t).stdout), &tj); err != nil || len(tj) != 1 || len(tj[0].Doses) != 1 {
			t.Fatalf("today --json: %+v %v", tj, err)
		}
		if d := tj[0].Doses[0]; !strings.HasPrefix(d.TakenTwice, "taken twice — at ") || len(d.Takes) != 2 {
			t.Errorf("today --json dose: %+v", d)
		}
	}
}
