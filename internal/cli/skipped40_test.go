package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F535: Gérard's cardiology appointment, written "2027-03-14T02:30:00-05:00" (02:30 with the
// winter's offset on the night Montréal's clocks go forward at 02:00), showed as 03:30 beside
// its own title "arrivée 02 h 30" without a word, and the import said his records were "on
// several clocks" and sent the carer to change his zone. Now the import line, Today and the
// reminders say the record's 02:30 is a time the clocks skip, shown at 03:30: check it.
func TestAppointmentAtATimeTheClocksSkipIsSaid(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Toronto")
	p := filepath.Join(t.TempDir(), "clinic.json")
	obs := func(id, at string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/g"},"effectiveDateTime":"` + at + `","valueQuantity":{"value":70,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}}`
	}
	data := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"g","name":[{"family":"Leblanc","given":["Gérard"]}],"gender":"male","birthDate":"1947-05-05"}},` +
		obs("o1", "2026-12-01T09:00:00-05:00") + `,` + obs("o2", "2026-07-01T09:00:00-04:00") + `,` +
		`{"resource":{"resourceType":"Appointment","id":"cardio","status":"booked","description":"Cardiologie — Holter 24 h, arrivée 02 h 30","start":"2027-03-14T02:30:00-05:00","participant":[{"actor":{"reference":"Patient/g"},"status":"accepted"}]}}]}`
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	const said = "02:30 on 14 Mar 2027, a time the clocks skip that night (they go forward an hour): shown at 03:30"
	line := r.run(t, "import", p).ok(t).stdout
	if !strings.Contains(line, "Gérard Leblanc's records give "+said) || strings.Contains(line, "several clocks") {
		t.Errorf("import: %q\nwant %q and nothing of several clocks", line, said)
	}
	today := r.run(t, "today", "--at", "2027-03-13T20:00").ok(t).stdout
	if !strings.Contains(today, "Appointment: Cardiologie — Holter 24 h, arrivée 02 h 30, 14 Mar 2027, 03:30 (the record says "+said+", the moment it names — check the time with the clinic)") {
		t.Errorf("today:\n%s", today)
	}
	rem := r.run(t, "reminders", "--from", "2027-03-13T18:00", "--to", "2027-03-14T12:00").ok(t).stdout
	if !strings.Contains(rem, "the appointment is at 03:30 (the record says "+said) {
		t.Errorf("reminders:\n%s", rem)
	}
}
