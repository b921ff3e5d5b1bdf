package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F532: Thi Lan's docetaxel, 75 mg/m² into a vein at the day clinic every 21 days, was a 07:30
// home reminder with Taken and Skip, "missed" by the evening of each cycle day. A medicine the
// care team gives — into a vein, or one whose category says it is given at the clinic or in
// hospital — is not reminded of at home nor counted missed; Today and Medicines say who gives
// it. A category of home use keeps an infusion's reminders (home antibiotics), and so does
// anything taken by mouth.
func TestMedicineTheCareTeamGivesIsNotRemindedAtHome(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Toronto")
	f := filepath.Join(t.TempDir(), "thilan.json")
	med := func(id, name, extra, route string) string {
		rt := ""
		if route != "" {
			rt = `"route":` + route + `,`
		}
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","subject":{"reference":"Patient/tl"},` + extra +
			`"authoredOn":"2026-10-20","medicationCodeableConcept":{"text":"` + name + `"},"dosageInstruction":[{` + rt +
			`"timing":{"repeat":{"frequency":1,"period":21,"periodUnit":"d","boundsPeriod":{"start":"2026-10-26"}}},"doseAndRate":[{"doseQuantity":{"value":75,"unit":"mg/m2"}}]}]}}`
	}
	iv := `{"coding":[{"system":"http://snomed.info/sct","code":"47625008","display":"Intravenous route"}]}`
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"tl","name":[{"given":["Thi Lan"],"family":"Nguyen"}],"birthDate":"1979-04-18"}},
` + med("doce", "Docetaxel 75 mg/m2 IV", "", iv) + `,
` + med("zol", "Zoledronic acid 4 mg", `"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"outpatient"}]}],`, "") + `,
` + med("ceft", "Ceftriaxone 2 g", `"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"community"}]}],`, iv) + `,
` + med("cape", "Capecitabine 500 mg tablet", "", `{"text":"oral"}`) + `]}`
	shift := weeksAfterNow(t, "2026-12-28") // the day looked at comes after the import (laterdates43_test.go)
	bundle = shiftDates(bundle, shift)
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)

	rem := r.run(t, "reminders", "--from", shiftDates("2026-12-28", shift), "--to", shiftDates("2026-12-29", shift)).ok(t).stdout
	for _, name := range []string{"Docetaxel", "Zoledronic"} {
		if strings.Contains(rem, name) {
			t.Errorf("reminders lists %s, which the care team gives:\n%s", name, rem)
		}
	}
	for _, name := range []string{"Ceftriaxone", "Capecitabine"} {
		if !strings.Contains(rem, name) {
			t.Errorf("reminders leaves out %s, taken at home:\n%s", name, rem)
		}
	}
	today := r.run(t, "today", "--at", shiftDates("2026-12-28T20:45:00-05:00", shift)).ok(t).stdout
	for _, l := range strings.Split(today, "\n") {
		if strings.Contains(l, "Docetaxel") && !strings.Contains(l, "No reminders") {
			t.Errorf("today on the cycle day: %q", l)
		}
	}
	if !strings.Contains(today, "missed    Capecitabine") {
		t.Errorf("today on the cycle day does not miss the capecitabine:\n%s", today)
	}
	if !strings.Contains(today, "No reminders: Docetaxel 75 mg/m2 IV: the care team gives it (into a vein, or at the clinic or in hospital)") ||
		strings.Contains(today, "Set its times: 'carekeeper schedule set --profile") {
		t.Errorf("today does not say the care team gives the docetaxel:\n%s", today)
	}
	meds := r.run(t, "medicines").ok(t).stdout
	if !strings.Contains(meds, "once every 21 days; given by the care team") {
		t.Errorf("medicines:\n%s", meds)
	}
}
