package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F436: Tobi's levetiracetam is 10 mg/kg twice a day, of a 100 mg/mL oral solution; he weighed
// 17 kg on 20 Nov 2026. Every reminder said "(10 mg/kg)": the parent at the bottle had to work
// out 170 mg = 1.7 mL herself. today, reminders and medicines now say what the rule comes to at
// his last weight, and a dose taken as reminded records the amount.
func TestDoseByWeightSaysWhatItComesTo(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	weight := func(id, day, kg string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],` +
			`"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"Patient/tobi"},` +
			`"effectiveDateTime":"` + day + `T11:00:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	order := func(id, name, mgPerKg, times string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order","medicationCodeableConcept":{"text":"` + name + `"},` +
			`"subject":{"reference":"Patient/tobi"},"authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":[` + times + `]}},` +
			`"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006"}]},"doseAndRate":[{"doseQuantity":{"value":` + mgPerKg + `,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]}}`
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"tobi","name":[{"given":["Tobi"],"family":"Okafor"}],"birthDate":"2022-06-10"}},` +
		weight("w1", "2026-06-03", "16.1") + "," + weight("w2", "2026-11-20", "17.0") + "," +
		order("lev", "Levetiracetam 100 mg/mL oral solution", "10", `"08:00:00","19:00:00"`) + "," +
		order("ibu", "Ibuprofen 100 mg/5 mL oral suspension", "5", `"09:00:00","21:00:00"`) + `]}`
	f := filepath.Join(t.TempDir(), "tobi.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	pid := strings.Fields(r.run(t, "profile", "list").ok(t).stdout)[4] // ID NAME BORN DIED, then Tobi's id
	lev := "Levetiracetam 100 mg/mL oral solution (10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026)"
	ibu := "Ibuprofen 100 mg/5 mL oral suspension (5 mg/kg: 85 mg = 4.25 mL at 17 kg on 20 Nov 2026)"
	for _, c := range []struct {
		what string
		args []string
		want []string
	}{
		{"today", []string{"today", "--profile", pid, "--at", "2026-12-07T07:00:00Z"}, []string{"08:00  upcoming  " + lev, ibu}},
		{"reminders", []string{"reminders", "--profile", pid, "--from", "2026-12-07", "--to", "2026-12-08"}, []string{lev, ibu}},
		{"medicines", []string{"medicines", "--profile", pid}, []string{"10 mg/kg (170 mg = 1.7 mL at 17 kg on 20 Nov 2026) by mouth, twice a day at 08:00 and 19:00"}},
	} {
		out := r.run(t, c.args...).ok(t).stdout
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q\nwant %q", c.what, out, w)
			}
		}
		if strings.Contains(out, "(10 mg/kg)") {
			t.Errorf("%s: the rule alone: %q", c.what, out)
		}
	}
	// Taken as reminded: 170 mg was given, not "10 mg/kg" nor nothing.
	r.run(t, "dose", "take", "--profile", pid, "--ref", "MedicationRequest/lev", "--at", "2026-12-01T08:00:00Z", "--when", "2026-12-01T08:05:00Z").ok(t)
	if out := r.run(t, "records", "--profile", pid, "--type", "MedicationAdministration", "--json").ok(t).stdout; !strings.Contains(out, `"dosage":{"text":"170 mg"}`) {
		t.Errorf("dose taken: %s\nwant the dosage 170 mg", out)
	}
}

// F446: weighed again at home (18.4 kg on 1 Dec), Tobi's reminders turned into 184 mg = 1.84 mL
// — a dose nobody prescribed — and a dose answered before read as given at the new weight. A dose
// at set times keeps the amount at the weight of its order's day and says the new weight beside
// it, to ask the care team; an as-needed dose by weight is worked out at the last weight, as it
// is given; an answered dose keeps the amount recorded.
func TestNewWeightDoesNotSilentlyChangeAPrescribedDose(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	weight := func(id, day, kg string) string {
		return `{"resource":{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/tobi"},` +
			`"effectiveDateTime":"` + day + `T11:00:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}}`
	}
	patient := `{"resource":{"resourceType":"Patient","id":"tobi","name":[{"given":["Tobi"],"family":"Okafor"}],"birthDate":"2022-06-10"}}`
	orders := `{"resourceType":"Bundle","type":"collection","entry":[` + patient + `,` + weight("w1", "2026-11-20", "17") + `,` +
		`{"resource":{"resourceType":"MedicationRequest","id":"lev","status":"active","intent":"order","medicationCodeableConcept":{"text":"Levetiracetam 100 mg/mL oral solution"},` +
		`"subject":{"reference":"Patient/tobi"},"authoredOn":"2026-11-20","dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","19:00:00"]}},` +
		`"doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"par","status":"active","intent":"order","medicationCodeableConcept":{"text":"Paracetamol 120 mg/5 mL oral suspension"},` +
		`"subject":{"reference":"Patient/tobi"},"authoredOn":"2026-11-20","dosageInstruction":[{"asNeededCodeableConcept":{"text":"fever"},"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},` +
		`"doseAndRate":[{"doseQuantity":{"value":15,"unit":"mg/kg","system":"http://unitsofmeasure.org","code":"mg/kg"}}]}]}}]}`
	later := `{"resourceType":"Bundle","type":"collection","entry":[` + patient + `,` + weight("w2", "2026-12-01", "18.4") + `]}`
	tmp := t.TempDir()
	for name, b := range map[string]string{"tobi.json": orders, "weight.json": later} {
		if err := os.WriteFile(filepath.Join(tmp, name), []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "import", filepath.Join(tmp, "tobi.json")).ok(t)
	pid := strings.Fields(r.run(t, "profile", "list").ok(t).stdout)[4]
	r.run(t, "dose", "take", "--profile", pid, "--ref", "MedicationRequest/lev", "--at", "2026-11-30T08:00:00Z", "--when", "2026-11-30T08:05:00Z").ok(t)
	r.run(t, "import", filepath.Join(tmp, "weight.json")).ok(t)
	const lev = "Levetiracetam 100 mg/mL oral solution (10 mg/kg: 170 mg = 1.7 mL at 17 kg on 20 Nov 2026; weighed 18.4 kg on 1 Dec 2026 since: ask the care team whether the dose should change)"
	for _, c := range []struct {
		what string
		args []string
		want []string
	}{
		{"today", []string{"today", "--profile", pid, "--at", "2026-12-07T07:00:00Z"}, []string{"08:00  upcoming  " + lev, "Paracetamol 120 mg/5 mL oral suspension (15 mg/kg: 276 mg = 11.5 mL at 18.4 kg on 1 Dec 2026)"}},
		{"an answered dose", []string{"today", "--profile", pid, "--at", "2026-11-30T09:00:00Z"}, []string{"08:00  taken     Levetiracetam 100 mg/mL oral solution (170 mg)"}},
		{"reminders", []string{"reminders", "--profile", pid, "--from", "2026-12-07", "--to", "2026-12-08"}, []string{lev}},
		{"medicines", []string{"medicines", "--profile", pid}, []string{"10 mg/kg (170 mg = 1.7 mL at 17 kg on 20 Nov 2026; weighed 18.4 kg on 1 Dec 2026 since: ask the care team whether the dose should change), twice a day at 08:00 and 19:00"}},
	} {
		out := r.run(t, c.args...).ok(t).stdout
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q\nwant %q", c.what, out, w)
			}
		}
		if strings.Contains(out, "184 mg") {
			t.Errorf("%s: a dose worked out at the new weight: %q", c.what, out)
		}
	}
}
