package cli_test

import (
	"strings"
	"testing"
)

// F538: Maxime's salbutamol, 2 puffs a dose and "maximum 8 puffs a day", was "at most 4 doses a
// day" and counted doses: after 2 + 2 + 2 + 4 puffs Today said "4 doses taken today" and nothing
// of the 10 puffs. The most is said as the record gives it, and the puffs logged are summed.
func TestMostInPuffsCountsThePuffsGiven(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/Toronto")
	id := importOnePerson(t, r, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mx","name":[{"given":["Maxime"],"family":"Leblanc-Nguyen"}],"birthDate":"2015-02-11"}},
{"resource":{"resourceType":"MedicationRequest","id":"salb","status":"active","intent":"order","subject":{"reference":"Patient/mx"},"authoredOn":"2026-09-01",
"medicationCodeableConcept":{"text":"Ventolin HFA (salbutamol) 100 mcg/inhalation"},
"dosageInstruction":[{"text":"2 inhalations aux 4 heures au besoin, maximum 8 inhalations par jour","asNeededCodeableConcept":{"text":"wheezing"},
"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},
"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"}}],
"maxDosePerPeriod":{"numerator":{"value":8,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"},"denominator":{"value":24,"unit":"h","system":"http://unitsofmeasure.org","code":"h"}}}]}}]}`)
	log := func(when string, more ...string) result {
		return r.run(t, append([]string{"dose", "log", "--profile", id, "--ref", "MedicationRequest/salb", "--when", "2026-12-07T" + when}, more...)...)
	}
	log("00:30", "--yes").ok(t)
	log("04:40", "--yes").ok(t)
	today := r.run(t, "today", "--at", "2026-12-07T05:00:00-05:00").ok(t).stdout
	if !strings.Contains(today, "at least 4 hours apart, at most 8 puffs a day · 2 doses taken today") || strings.Contains(today, "in the last 24 hours") {
		t.Errorf("today after 4 puffs:\n%s", today)
	}
	log("08:50", "--yes").ok(t)
	// a bad attack: 4 puffs; its 6 + 4 is over the 8
	log("09:20", "--dose", "4 puffs", "--yes").ok(t)
	today = r.run(t, "today", "--at", "2026-12-07T09:30:00-05:00").ok(t).stdout
	// (the 08:50 and 09:20 doses, 30 minutes apart, are said too: F525 item 6)
	for _, want := range []string{"4 doses taken today (10 puffs), the last at 09:20 · ", " · 10 puffs in the last 24 hours: this medicine says at most 8 puffs a day"} {
		if !strings.Contains(today, want) {
			t.Errorf("today does not say %q:\n%s", want, today)
		}
	}
	res := r.run(t, "dose", "log", "--profile", id, "--ref", "MedicationRequest/salb", "--when", "2026-12-07T09:50")
	if want := "4 doses were logged in the last 24 hours (10 puffs), the last at 09:20. This medicine says at most 8 puffs a day."; res.code == 0 || !strings.Contains(res.stderr, want) {
		t.Errorf("dose log of a fifth: %d %q, want %q", res.code, res.stderr, want)
	}
}
