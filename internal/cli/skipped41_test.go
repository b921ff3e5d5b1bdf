package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F552: F535's fix read an appointment's start written "02:30+01:00" on the night Warsaw's
// clocks go from 02:00 CET to 03:00 CEST as the slip it is, but not its end, "03:00+01:00",
// written with the same night's old offset: Stanisław's records were again "written on several
// clocks" and the carer sent to set his zone. The end of the slot is the same slip.
func TestAppointmentSlotAtATimeTheClocksSkipIsOneSlip(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Warsaw")
	obs := func(id, at string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/s"},"effectiveDateTime":"` + at + `","valueQuantity":{"value":70,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}}`
	}
	file := func(name, slot string) string {
		p := filepath.Join(t.TempDir(), name)
		data := `{"resourceType":"Bundle","type":"collection","entry":[` +
			`{"resource":{"resourceType":"Patient","id":"s","name":[{"family":"Wójcik","given":["Stanisław"]}],"gender":"male","birthDate":"1948-03-02"}},` +
			obs("o1", "2026-12-01T09:00:00+01:00") + `,` + obs("o2", "2026-07-01T09:00:00+02:00") + `,` +
			`{"resource":{"resourceType":"Appointment","id":"holter","status":"booked","description":"Holter EKG, zgłoszenie godz. 02:30",` + slot +
			`,"participant":[{"actor":{"reference":"Patient/s"},"status":"accepted"}]}}]}`
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const said = "Stanisław Wójcik's records give 02:30 on 28 Mar 2027, a time the clocks skip that night (they go forward an hour): shown at 03:30"
	for _, c := range []struct{ name, slot string }{
		{"start and end on the old offset", `"start":"2027-03-28T02:30:00+01:00","end":"2027-03-28T03:00:00+01:00"`},
		{"an end later that morning", `"start":"2027-03-28T02:30:00+01:00","end":"2027-03-28T09:30:00+01:00"`},
		{"start alone", `"start":"2027-03-28T02:30:00+01:00"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in(newVault(t)).with("TZ", "Europe/Warsaw")
			line := r.run(t, "import", file("poz.json", c.slot)).ok(t).stdout
			if !strings.Contains(line, said) || strings.Contains(line, "several clocks") {
				t.Errorf("import: %q\nwant %q and nothing of several clocks", line, said)
			}
		})
	}
	// A record's time a day away from the slip, on the old offset, is not the slip: several
	// clocks, as before.
	line := r.run(t, "import", file("poz.json", `"start":"2027-03-28T02:30:00+01:00","end":"2027-03-29T09:30:00+01:00"`)).ok(t).stdout
	if !strings.Contains(line, "several clocks") {
		t.Errorf("import of an end a day later on the old offset: %q", line)
	}
}
