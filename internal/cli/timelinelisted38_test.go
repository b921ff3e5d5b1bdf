package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F497: Ingrid's GP ordered apixaban on 2 Apr 2024 and furosemide on 18 Nov 2026; the
// hospital's discharge letter of 28 Nov 2026 lists both (gen.py's data: the letter's C-CDA
// medicines import as orders of intent plan from their start, written here as the import
// writes them). `timeline` said "Medicine started: Apixaban 5 mg tablet" on 28 Nov too, each
// medicine started twice. The letter's rows now say the course goes on and since when, also
// when the GP's order lies before the days asked for; the GP's rows still say it started.
func TestTimelineSaysADischargeListOfACourseUnderWayIsNoStart(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Berlin", "LANG", "en_GB.UTF-8")
	dir := t.TempDir()
	const apixaban = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1364445","display":"apixaban 5 MG Oral Tablet"}],"text":"apixaban 5 MG Oral Tablet"}`
	const furosemide = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"313988","display":"furosemide 40 MG Oral Tablet"}],"text":"furosemide 40 MG Oral Tablet"}`
	oral := `"route":{"coding":[{"system":"http://snomed.info/sct","code":"26643006","display":"Oral route"}],"text":"by mouth"}`
	tablet := `"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet","system":"http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm","code":"TAB"}}]`
	gp := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"https://fhir.praxis-mueller.example.de/r4/Patient/ingrid-1","resource":{"resourceType":"Patient","id":"ingrid-1","name":[{"family":"Schmidt","given":["Ingrid"]}],"birthDate":"1942-05-14"}},` +
		`{"fullUrl":"https://fhir.praxis-mueller.example.de/r4/MedicationRequest/m-apix","resource":{"resourceType":"MedicationRequest","id":"m-apix","status":"active","intent":"order",` + apixaban +
		`,"subject":{"reference":"Patient/ingrid-1"},"authoredOn":"2024-04-02","dosageInstruction":[{"text":"5 mg twice a day at 08:00 and 20:00","timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}},` + oral + `,` + tablet + `}]}},` +
		`{"fullUrl":"https://fhir.praxis-mueller.example.de/r4/MedicationRequest/m-furo","resource":{"resourceType":"MedicationRequest","id":"m-furo","status":"active","intent":"order",` + furosemide +
		`,"subject":{"reference":"Patient/ingrid-1"},"authoredOn":"2026-11-18","dosageInstruction":[{"text":"40 mg in the morning","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["MORN"]}},` + oral + `,` + tablet + `}]}}]}`
	letterMed := func(id, med, text string, times int) string {
		return `{"fullUrl":"urn:uuid:` + id + `","resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"plan",` + med +
			`,"subject":{"reference":"Patient/p"},"authoredOn":"2026-11-28","dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"code":"{tbl}","system":"http://unitsofmeasure.org","unit":"tablet","value":1}}],` +
			`"route":{"coding":[{"code":"C38288","display":"Oral","system":"http://ncimeta.nci.nih.gov"}],"text":"Oral"},"text":"` + text + `",` +
			`"timing":{"repeat":{"boundsPeriod":{"start":"2026-11-28"},"frequency":` + string(rune('0'+times)) + `,"period":1,"periodUnit":"d"}}}]}}`
	}
	letter := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","id":"p","name":[{"family":"Schmidt","given":["Ingrid"]}],"birthDate":"1942-05-14"}},` +
		letterMed("dm-2", apixaban, "Apixaban 5 mg tablet, 1 tablet twice daily (08:00 and 20:00)", 2) + `,` +
		letterMed("dm-1", furosemide, "Furosemide 40 mg tablet, 1 tablet once daily", 1) + `]}`
	for name, js := range map[string]string{"praxis.json": gp, "entlassung.json": letter} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(js), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "import", filepath.Join(dir, "praxis.json")).ok(t)
	ingrid := profileIDs(t, r)["Ingrid"]
	r.run(t, "import", "--profile", ingrid, filepath.Join(dir, "entlassung.json")).ok(t)

	rows := func(args ...string) []string {
		out := r.run(t, append([]string{"timeline", "--profile", ingrid, "--at", "2026-12-07T08:00:00+01:00"}, args...)...).ok(t).stdout
		var meds []string
		for _, l := range strings.Split(out, "\n") {
			if l = strings.Join(strings.Fields(l), " "); strings.Contains(l, "Medicine") {
				meds = append(meds, l[:strings.Index(l, " · ")])
			}
		}
		return meds
	}
	all := []string{
		"28 Nov 2026 Medicine listed again: Apixaban 5 mg tablet (taken since 2 Apr 2024)",
		"28 Nov 2026 Medicine listed again: Furosemide 40 mg tablet (taken since 18 Nov 2026)",
		"18 Nov 2026 Medicine started: Furosemide 40 mg tablet",
		"2 Apr 2024 Medicine started: Apixaban 5 mg tablet",
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{nil, all},
		{[]string{"--from", "2026-11-01"}, all[:3]}, // the GP's apixaban order lies before
	} {
		got := rows(c.args...)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("timeline %v:\n%s\nwant\n%s", c.args, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
