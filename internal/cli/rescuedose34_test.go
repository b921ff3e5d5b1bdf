package cli_test

import (
	"testing"
	"time"
)

// F437: Tobi's rescue medicine, buccal midazolam, "do not give a second dose": its record says
// at most 1 "dose" in 24 hours, as GP systems write it. 'medicines' said "at most 1 dose a day",
// yet a second dose was logged without a question. It is asked first now, as the record's
// other limits are.
func TestDoseLogAsksBeforeASecondRescueDose(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	med := `{"resourceType":"MedicationRequest","id":"rescue","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Midazolam 5 mg oromucosal solution"},"authoredOn":"2026-01-01",` +
		`"dosageInstruction":[{"text":"5 mg into the cheek for a seizure over 5 minutes. Do not give a second dose.","asNeededCodeableConcept":{"text":"seizure"},` +
		`"doseAndRate":[{"doseQuantity":{"value":5,"unit":"mg"}}],` +
		`"maxDosePerPeriod":{"numerator":{"value":1,"unit":"dose"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]}`
	r.run(t, "import", bundleFile(t, med)).ok(t)
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	first := time.Now().Add(-2 * time.Hour).In(lon)
	r.run(t, "dose", "log", "--ref", "MedicationRequest/rescue", "--when", first.Format(time.RFC3339)).ok(t)
	when := first.Format("15:04")
	if first.YearDay() != time.Now().In(lon).YearDay() {
		when = first.Format("2 Jan 2006") + ", " + when
	}
	r.run(t, "dose", "log", "--ref", "MedicationRequest/rescue").fails(t, 2,
		"1 dose was logged in the last 24 hours, the last at "+when+". This medicine says at most 1 dose a day.",
		"Nothing logged")
	r.run(t, "dose", "log", "--ref", "MedicationRequest/rescue", "--yes").ok(t)
}
