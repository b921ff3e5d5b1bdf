package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F116: `today` said nothing of a medicine taken as needed, nor of the doses logged today,
// where the app's Today row says "Paracetamol 500 mg · as needed · 2 taken today, the last at
// 13:00". It now lists each as-needed medicine being taken, with today's count and the last
// dose on the person's clock (text and --json). F206: with how much a dose is and the record's
// limits, as Medicines says them ("2 tablets", "at least 4 hours apart, at most 8 tablets a day"),
// and doses counted as doses ("2 doses taken today"), not read as tablets.
func TestTodayListsAsNeededDoses(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	authored := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	file := filepath.Join(t.TempDir(), "prn.json")
	body := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"p","name":[{"family":"Needs","given":["Nora"]}],"birthDate":"1970-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"prn","status":"active","intent":"order","subject":{"reference":"Patient/p"},` +
		`"medicationCodeableConcept":{"text":"Paracetamol 500 mg tablet"},"authoredOn":"` + authored + `",` +
		`"dosageInstruction":[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},` +
		`"maxDosePerPeriod":{"numerator":{"value":8,"unit":"tablet"},"denominator":{"value":1,"unit":"d"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]}}]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", file).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %+v", people)
	}
	pid := people[0].ID
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	y := time.Now().In(ny).AddDate(0, 0, -2)
	at := func(days, h, m int) time.Time { return time.Date(y.Year(), y.Month(), y.Day()+days, h, m, 0, 0, ny) }
	for _, when := range []time.Time{at(0, 9, 0), at(0, 13, 0)} {
		r.run(t, "dose", "log", "--ref", "MedicationRequest/prn", "--profile", pid, "--when", when.Format(time.RFC3339)).ok(t)
	}
	cases := []struct {
		at   time.Time
		want string
	}{
		{at(0, 8, 0), "  As needed: Paracetamol 500 mg tablet (2 tablets) · at least 4 hours apart, at most 8 tablets a day\n"},
		{at(0, 10, 0), "  As needed: Paracetamol 500 mg tablet (2 tablets) · at least 4 hours apart, at most 8 tablets a day · 1 dose taken today (2 tablets), at 09:00\n"},
		{at(0, 20, 0), "  As needed: Paracetamol 500 mg tablet (2 tablets) · at least 4 hours apart, at most 8 tablets a day · 2 doses taken today (4 tablets), the last at 13:00\n"},
		{at(1, 8, 0), "  As needed: Paracetamol 500 mg tablet (2 tablets) · at least 4 hours apart, at most 8 tablets a day · last taken " + strings.TrimPrefix(at(0, 13, 0).Format("_2 Jan 2006, 15:04"), " ") + "\n"},
	}
	for _, c := range cases {
		out := r.run(t, "today", "--profile", pid, "--at", c.at.Format(time.RFC3339)).ok(t).stdout
		if !strings.Contains(out, c.want) {
			t.Errorf("today at %s: no %q in\n%s", c.at, c.want, out)
		}
	}
	var views []struct {
		AsNeeded []struct {
			Ref, Name, Limits, Last string
			Today                   int
		}
	}
	json.Unmarshal([]byte(r.run(t, "today", "--json", "--profile", pid, "--at", at(0, 20, 0).Format(time.RFC3339)).ok(t).stdout), &views)
	if len(views) != 1 || len(views[0].AsNeeded) != 1 {
		t.Fatalf("--json: %+v", views)
	}
	a := views[0].AsNeeded[0]
	if a.Ref != "MedicationRequest/prn" || a.Today != 2 || a.Last != at(0, 13, 0).Format(time.RFC3339) ||
		a.Name != "Paracetamol 500 mg tablet (2 tablets)" || a.Limits != "at least 4 hours apart, at most 8 tablets a day" {
		t.Errorf("--json asNeeded %+v", a)
	}
}
