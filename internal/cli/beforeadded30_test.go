package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A dose whose time passed, unanswered, before its medicine was imported was "missed" in
// 'today' while the app's Today listed it under "Before it was added … say if each was taken
// or skipped": nobody was reminded of it (F344). 'today' says it as the app does; a later
// dose is upcoming as before.
func TestTodayDoseBeforeTheMedicineWasAdded(t *testing.T) {
	// A computer whose clock reads about 16:00 now, whenever the test runs: Etc/GMT-N is UTC+N.
	utc := time.Now().UTC()
	n := (16 - utc.Hour() + 24) % 24
	if n > 14 {
		n -= 24
	}
	zone := fmt.Sprintf("Etc/GMT%+d", -n)
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	r := in(newVault(t)).with("TZ", zone)
	f := filepath.Join(t.TempDir(), "rosa.json")
	now := utc.In(loc)
	past := now.Add(-12 * time.Hour) // its window over: missed, were it reminded
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Rosa"],"family":"Marquez"}],"birthDate":"1960-01-01"}},
{"resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"Patient/p"},
"authoredOn":"`+now.AddDate(0, 0, -2).Format("2006-01-02")+`","medicationCodeableConcept":{"text":"Fluticasone inhaler"},
"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["`+past.Format("15:04")+`:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff"}}]}]}}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	out := r.run(t, "today").ok(t).stdout
	if strings.Contains(out, "missed") || !strings.Contains(out, "earlier") || !strings.Contains(out, "its time had passed when the medicine was added") {
		t.Errorf("today:\n%s", out)
	}
	var tj []struct {
		Doses []struct{ State string } `json:"doses"`
	}
	if err := json.Unmarshal([]byte(r.run(t, "today", "--json").ok(t).stdout), &tj); err != nil || len(tj) != 1 || len(tj[0].Doses) != 1 || tj[0].Doses[0].State != "before-added" {
		t.Errorf("today --json: %+v %v", tj, err)
	}
}

// F421: a time CareKeeper picked (the record says "in the morning", no time) that passed before
// the medicine was imported was "07:30 overdue" in 'today' until the app or the daemon first
// ran, then gone (F46, F94: nobody was asked to take it then). It is not listed before either.
func TestTodayPickedTimeBeforeTheImportNotListed(t *testing.T) {
	utc := time.Now().UTC()
	n := (16 - utc.Hour() + 24) % 24 // a computer whose clock reads about 16:00
	if n > 14 {
		n -= 24
	}
	zone := fmt.Sprintf("Etc/GMT%+d", -n)
	r := in(newVault(t)).with("TZ", zone)
	f := filepath.Join(t.TempDir(), "walter.json")
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"w","name":[{"given":["Walter"],"family":"Penn"}],"birthDate":"1948-01-01"}},
{"resource":{"resourceType":"MedicationRequest","id":"f1","status":"active","intent":"order","subject":{"reference":"Patient/w"},
"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Furosemide 40 mg tablet"},
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["MORN"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	if out := r.run(t, "today").ok(t).stdout; strings.Contains(out, "Furosemide") {
		t.Errorf("today lists the morning dose CareKeeper picked, whose time passed before the import:\n%s", out)
	}
}
