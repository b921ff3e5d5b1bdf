package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F557 item 2: Stanisław's nightly Berodual at 02:30, on 28 Mar 2027 when Warsaw's clocks go
// from 02:00 to 03:00: 'reminders' and 'today' said "03:00 … Berodual N" with no word. The
// time that does not exist that night is said; the night before says nothing.
func TestDoseAtATimeTheClocksSkipIsSaid(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Warsaw")
	f := filepath.Join(t.TempDir(), "stanislaw.json")
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"sw","name":[{"given":["Stanisław"],"family":"Wójcik"}],"birthDate":"1944-03-12"}},
{"resource":{"resourceType":"MedicationRequest","id":"sw-ber","status":"active","intent":"order","subject":{"reference":"Patient/sw"},"authoredOn":"2026-11-20",
 "medicationCodeableConcept":{"text":"Berodual N"},"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["02:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":20,"unit":"drops"}}]}]}}]}`
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	const words = "02:30 does not exist that night: the clocks go forward an hour"
	rem := r.run(t, "reminders", "--from", "2027-03-27", "--to", "2027-03-29").ok(t).stdout
	var lines []string
	for _, l := range strings.Split(rem, "\n") {
		if strings.Contains(l, "Berodual") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 || strings.Contains(lines[0], "does not exist") || !strings.Contains(lines[1], "28 Mar 2027, 03:00") || !strings.Contains(lines[1], "Berodual N (20 drops) ("+words+")") {
		t.Errorf("reminders:\n%s", rem)
	}
	today := r.run(t, "today", "--at", "2027-03-28T01:00:00+01:00").ok(t).stdout
	if !strings.Contains(today, "03:00  upcoming  Berodual N (20 drops) ("+words+")") {
		t.Errorf("today:\n%s", today)
	}
}
