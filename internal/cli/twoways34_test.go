package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F443: Tobi's hospital discharge summary repeats his orders writing the doses another way —
// levetiracetam "1.7 mL twice a day" (no times) for the order's 10 mg/kg at 08:00 and 19:00 (he
// weighs 17 kg; 100 mg/mL), midazolam "1 mL" for the order's 5 mg of 5 mg/1 mL, without the
// order's "at most 1 dose a day". The newer summary moved his anti-epileptic to CareKeeper's
// 07:30 and 18:30, dropped the most a day, and medicines said "Sources give different doses".
func TestOneDoseWrittenTwoWaysKeepsTheOrdersTimes(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	patient := `{"resource":{"resourceType":"Patient","id":"tobi","name":[{"given":["Tobi"],"family":"Okafor"}],"birthDate":"2022-06-10"}}`
	med := func(id, authored, name, dosage string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","medicationCodeableConcept":{"text":"` + name + `"},` +
			`"subject":{"reference":"Patient/tobi"},"authoredOn":"` + authored + `","dosageInstruction":[` + dosage + `]}}`
	}
	qty := func(v, unit string) string {
		return `"doseAndRate":[{"doseQuantity":{"value":` + v + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}]`
	}
	const lev, mid = "Levetiracetam 100 mg/mL oral solution", "Buccolam 5 mg/1 mL oromucosal solution"
	orders := `{"resourceType":"Bundle","type":"collection","entry":[` + patient + `,` +
		`{"resource":{"resourceType":"Observation","id":"w","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/tobi"},` +
		`"effectiveDateTime":"2026-11-20T11:00:00Z","valueQuantity":{"value":17,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}},` +
		med("lev", "2026-11-20", lev, `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","19:00:00"]}},`+qty("10", "mg/kg")+`}`) + `,` +
		med("mid", "2026-11-20", mid, `{"asNeededCodeableConcept":{"text":"Seizure"},`+qty("5", "mg")+`,`+
			`"maxDosePerPeriod":{"numerator":{"value":1,"unit":"dose"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}`) + `]}`
	discharge := `{"resourceType":"Bundle","type":"collection","entry":[` + patient + `,` +
		med("d-lev", "2026-11-21", lev, `{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},`+qty("1.7", "mL")+`}`) + `,` +
		med("d-mid", "2026-11-21", mid, `{"asNeededCodeableConcept":{"text":"Seizure"},`+qty("1", "mL")+`}`) + `]}`
	tmp := t.TempDir()
	for name, b := range map[string]string{"tobi.json": orders, "discharge.json": discharge} {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "import", filepath.Join(tmp, "tobi.json")).ok(t)
	r.run(t, "import", filepath.Join(tmp, "discharge.json")).ok(t)
	pid := strings.Fields(r.run(t, "profile", "list").ok(t).stdout)[4]
	rem := r.run(t, "reminders", "--profile", pid, "--from", "2026-12-07", "--to", "2026-12-08").ok(t).stdout
	for _, want := range []string{"7 Dec 2026, 08:00", "7 Dec 2026, 19:00", "(10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026)"} {
		if !strings.Contains(rem, want) {
			t.Errorf("reminders: %q\nwant %q", rem, want)
		}
	}
	if strings.Contains(rem, "07:30") || strings.Contains(rem, "18:30") {
		t.Errorf("reminders at CareKeeper's times: %q", rem)
	}
	meds := r.run(t, "medicines", "--profile", pid).ok(t).stdout
	if strings.Contains(meds, "different doses") || strings.Contains(meds, "CareKeeper's times") || !strings.Contains(meds, "at most 1 dose a day") {
		t.Errorf("medicines: %q\nwant no different doses, the order's times and its most a day", meds)
	}
}
