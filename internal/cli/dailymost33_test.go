package cli_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F367: Paracetamol 500 mg tablet, 2 tablets when needed, at most 4 g a day: 'dose log' said
// nothing before a fifth dose of 2 tablets (the four logged today made 4000 mg): the most in
// mg was not counted against doses in tablets. It is counted by the tablet's strength and
// asked first, as the app's Log a dose asks. The clock is the real one: the person's zone is
// one where it is between 08:00 and 20:00 now, so the four doses of the last hours are today's.
func TestDoseLogCountsTabletsAgainstAMostInMg(t *testing.T) {
	now := time.Now()
	zone := ""
	for off := -11; off <= 14; off++ {
		if h := now.In(time.FixedZone("", off*3600)).Hour(); h >= 8 && h < 20 {
			zone = fmt.Sprintf("Etc/GMT%+d", -off) // Etc/GMT-5 is UTC+5
			if off == 0 {
				zone = "Etc/GMT"
			}
			break
		}
	}
	r := in(newVault(t)).with("TZ", zone)
	med := `{"resourceType":"MedicationRequest","id":"para","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Paracetamol 500 mg tablet"},"authoredOn":"2026-01-01",` +
		`"dosageInstruction":[{"asNeededCodeableConcept":{"text":"pain"},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"tablet"}}],` +
		`"maxDosePerPeriod":{"numerator":{"value":4,"unit":"g"},"denominator":{"value":1,"unit":"d","system":"http://unitsofmeasure.org","code":"d"}}}]}`
	r.run(t, "import", bundleFile(t, med)).ok(t)
	for h := 4; h >= 1; h-- {
		r.run(t, "dose", "log", "--ref", "MedicationRequest/para", "--when", now.Add(-time.Duration(h)*time.Hour).Format(time.RFC3339)).ok(t)
	}
	last := now.Add(-time.Hour).In(time.FixedZone("", 0))
	if loc, err := time.LoadLocation(zone); err == nil {
		last = now.Add(-time.Hour).In(loc)
	}
	r.run(t, "dose", "log", "--ref", "MedicationRequest/para").fails(t, 2,
		"4 doses were logged today, the last at "+last.Format("15:04")+": at up to 2 tablets (1000 mg) each, that may be 8 tablets (4000 mg) already. This medicine says at most 4 g a day.",
		"Nothing logged")
	if out := r.run(t, "dose", "log", "--ref", "MedicationRequest/para", "--yes").ok(t).stdout; !strings.Contains(out, "Paracetamol") {
		t.Errorf("with --yes: %q", out)
	}
}
