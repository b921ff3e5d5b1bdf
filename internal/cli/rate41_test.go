package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F551: Stanisław's home oxygen, 2 L/min for 15 hours a day, was a 07:30 dose with Taken and
// Skip, "overdue" and then missed every morning. A medicine that runs at a rate over hours has
// no moment of a dose: it is said, not reminded; his inhaler beside it still is.
func TestMedicineThatRunsAtARateIsNotReminded(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Warsaw")
	f := filepath.Join(t.TempDir(), "stanislaw.json")
	med := func(id, medication, dosage string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"Patient/sw"},` +
			`"authoredOn":"2026-11-20","medicationCodeableConcept":` + medication + `,"dosageInstruction":[` + dosage + `]}}`
	}
	daily := `"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"`
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"sw","name":[{"given":["Stanisław"],"family":"Wójcik"}],"birthDate":"1949-02-11"}},
` + med("o2", `{"coding":[{"system":"http://snomed.info/sct","code":"24099007","display":"Oxygen"}],"text":"Tlen medyczny — koncentrator tlenu"}`,
		`{"text":"Tlen 2 l/min przez wąsy tlenowe, co najmniej 15 godzin na dobę",`+daily+`,"duration":15,"durationUnit":"h"}},"doseAndRate":[{"rateQuantity":{"value":2,"unit":"L/min"}}]}`) + `,
` + med("pump", `{"text":"Treprostinil pump"}`,
		`{`+daily+`}},"route":{"text":"subcutaneous"},"doseAndRate":[{"rateRatio":{"numerator":{"value":1.5,"unit":"ng/kg"},"denominator":{"value":1,"unit":"min"}}}]}`) + `,
` + med("tio", `{"text":"Spiriva Respimat 2.5 µg"}`,
		`{"text":"2 inhalacje raz dziennie",`+daily+`,"timeOfDay":["08:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff"}}]}`) + `]}`
	shift := weeksAfterNow(t, "2026-12-08") // the day looked at comes after the import (laterdates43_test.go)
	bundle = shiftDates(bundle, shift)
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)

	rem := r.run(t, "reminders", "--from", shiftDates("2026-12-08", shift), "--to", shiftDates("2026-12-09", shift)).ok(t).stdout
	if strings.Contains(rem, "Tlen") || strings.Contains(rem, "Treprostinil") {
		t.Errorf("reminders lists a medicine that runs at a rate:\n%s", rem)
	}
	if !strings.Contains(rem, "Spiriva") {
		t.Errorf("reminders leaves out the inhaler taken at 08:00:\n%s", rem)
	}
	today := r.run(t, "today", "--at", shiftDates("2026-12-08T21:30:00+01:00", shift)).ok(t).stdout
	for _, l := range strings.Split(today, "\n") {
		if (strings.Contains(l, "Tlen") || strings.Contains(l, "Treprostinil")) && !strings.Contains(l, "No reminders") {
			t.Errorf("today: %q", l)
		}
	}
	if !strings.Contains(today, "missed    Spiriva") {
		t.Errorf("today does not miss the inhaler:\n%s", today)
	}
	if !strings.Contains(today, "No reminders: Tlen medyczny — koncentrator tlenu (Tlen 2 l/min") ||
		!strings.Contains(today, "co najmniej 15 godzin na dobę): it runs over hours at a rate (oxygen or an infusion), not taken as doses") ||
		strings.Contains(today, "Set its times: 'carekeeper schedule set") {
		t.Errorf("today does not say the oxygen runs over hours:\n%s", today)
	}
	meds := r.run(t, "medicines").ok(t).stdout
	for _, want := range []string{"2 L/min, 15 hours a day; runs over hours, not taken as doses", "1.5 ng/kg/1 min; runs over hours"} {
		if !strings.Contains(meds, want) {
			t.Errorf("medicines does not say %q:\n%s", want, meds)
		}
	}
	if n := strings.Count(meds, "przez wąsy tlenowe"); n != 1 {
		t.Errorf("medicines says the oxygen's instruction %d times, want once (as its dose):\n%s", n, meds)
	}
	if strings.Contains(meds, "07:30") {
		t.Errorf("medicines gives CareKeeper's time to a medicine that runs at a rate:\n%s", meds)
	}
}
