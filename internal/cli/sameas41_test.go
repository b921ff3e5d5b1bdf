package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F556: 'dose take' by the GP's record of a medicine whose row reminds by another record (a
// newer letter's copy) was recorded against the GP's own plan, which nothing reminds by: "a
// dose at 18:30, when none is scheduled … counted for the 20:00 dose", while Today and the
// other device still asked for the 18:30 dose — a second apixaban was the risk. A record folded
// into a row answers the row's doses.
func TestDoseTakenByACopysRecordAnswersTheRowsDose(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Warsaw")
	f := filepath.Join(t.TempDir(), "stanislaw.json")
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}]}`
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"sw","name":[{"given":["Stanisław"],"family":"Wójcik"}],"birthDate":"1944-03-12"}},
{"resource":{"resourceType":"MedicationRequest","id":"sw-apix","status":"active","intent":"order","subject":{"reference":"Patient/sw"},"authoredOn":"2026-06-03",` + apixaban + `,
 "dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}},
{"resource":{"resourceType":"MedicationStatement","id":"letter","status":"active","subject":{"reference":"Patient/sw"},"effectivePeriod":{"start":"2026-12-04"},` + apixaban + `,
 "dosage":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}]}]}}]}`
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	before := r.run(t, "today", "--at", "2026-12-07T18:20:00+01:00").ok(t).stdout
	if !strings.Contains(before, "18:30") {
		t.Fatalf("the newer copy's 18:30 dose is not the row's (the test's premise):\n%s", before)
	}
	got := r.run(t, "dose", "take", "--ref", "MedicationRequest/sw-apix", "--at", "2026-12-07T18:30", "--when", "2026-12-07T18:20").ok(t).stdout
	if !strings.Contains(got, "Recorded: the 18:30 dose, taken at") || strings.Contains(got, "none is scheduled") {
		t.Errorf("dose take by the GP's record: %q", got)
	}
	after := r.run(t, "today", "--at", "2026-12-07T18:40:00+01:00").ok(t).stdout
	var line string
	for _, l := range strings.Split(after, "\n") {
		if strings.Contains(l, "18:30") {
			line = l
		}
	}
	if !strings.Contains(line, "taken") {
		t.Errorf("today after the dose: the 18:30 line is %q:\n%s", line, after)
	}
}
