package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// Maxime's salbutamol, 2 puffs a dose: Today said "3 doses taken today" of 2 + 2 + 4 puffs and
// 'dose log' "Recorded: taken at …", neither saying how much. Today adds the day's amounts up
// in the dose's unit ("3 doses taken today (8 puffs)", --json "todayAmount"), and 'dose log'
// says what it recorded ("Recorded: 4 puffs taken at …").
func TestDosesTakenTodaySayHowMuch(t *testing.T) {
	for _, tc := range []struct {
		name     string
		logs     [][]string // --when, then more flags
		recorded []string   // each log's line begins so
		today    string
		amount   string // --json todayAmount
	}{
		{"one dose of the record's", [][]string{{"08:50"}},
			[]string{"Recorded: 2 puffs taken at 7 Dec 2026, 08:50 — "}, "1 dose taken today (2 puffs), at 08:50", "2 puffs"},
		{"two of 2 and one of 4 puffs", [][]string{{"00:30"}, {"04:40"}, {"09:20", "--dose", "4 puffs"}},
			[]string{"Recorded: 2 puffs taken at ", "Recorded: 2 puffs taken at ", "Recorded: 4 puffs taken at 7 Dec 2026, 09:20 — "},
			"3 doses taken today (8 puffs), the last at 09:20", "8 puffs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := in(newVault(t)).with("TZ", "America/Toronto")
			id := importOnePerson(t, r, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mx","name":[{"given":["Maxime"],"family":"Leblanc-Nguyen"}],"birthDate":"2015-02-11"}},
{"resource":{"resourceType":"MedicationRequest","id":"salb","status":"active","intent":"order","subject":{"reference":"Patient/mx"},"authoredOn":"2026-09-01",
"medicationCodeableConcept":{"text":"Ventolin HFA (salbutamol) 100 mcg/inhalation"},
"dosageInstruction":[{"asNeededCodeableConcept":{"text":"wheezing"},
"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"}}]}]}}]}`)
			for i, l := range tc.logs {
				args := append([]string{"dose", "log", "--profile", id, "--ref", "MedicationRequest/salb", "--yes", "--when", "2026-12-07T" + l[0]}, l[1:]...)
				if out := r.run(t, args...).ok(t).stdout; !strings.HasPrefix(out, tc.recorded[i]) {
					t.Errorf("dose log %v said %q, want it to begin %q", l, out, tc.recorded[i])
				}
			}
			at := "2026-12-07T09:30:00-05:00"
			if today := r.run(t, "today", "--at", at).ok(t).stdout; !strings.Contains(today, tc.today) {
				t.Errorf("today does not say %q:\n%s", tc.today, today)
			}
			var js []struct {
				AsNeeded []struct {
					Today       int
					TodayAmount string
				}
			}
			if err := json.Unmarshal([]byte(r.run(t, "today", "--at", at, "--json").ok(t).stdout), &js); err != nil || len(js) != 1 || len(js[0].AsNeeded) != 1 {
				t.Fatalf("today --json: %+v %v", js, err)
			}
			if got := js[0].AsNeeded[0].TodayAmount; got != tc.amount {
				t.Errorf("todayAmount %q, want %q", got, tc.amount)
			}
		})
	}
}

// F555: Stanisław's Ventolin "1–2 puffs … maximum 8 puffs a day" (a dose given as a range, so
// its most is an amount, not a count of doses): 2 + 2 + 2 + 4 + 2 puffs logged in the day read
// "5 doses taken today" and nothing of the 12 puffs. Today says the puffs over the most.
func TestRangeDoseOverItsMostInPuffs(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/Warsaw")
	id := importOnePerson(t, r, `{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"sw","name":[{"given":["Stanisław"],"family":"Wójcik"}],"birthDate":"1944-03-02"}},
{"resource":{"resourceType":"MedicationRequest","id":"sw-salb","status":"active","intent":"order","subject":{"reference":"Patient/sw"},"authoredOn":"2026-09-01",
"medicationCodeableConcept":{"text":"Ventolin (salbutamol) 100 µg/dawkę"},
"dosageInstruction":[{"asNeededCodeableConcept":{"text":"duszność"},"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},
"doseAndRate":[{"doseRange":{"low":{"value":1,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"},"high":{"value":2,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"}}}],
"maxDosePerPeriod":{"numerator":{"value":8,"unit":"puff","system":"http://unitsofmeasure.org","code":"{puff}"},"denominator":{"value":24,"unit":"h","system":"http://unitsofmeasure.org","code":"h"}}}]}}]}`)
	for _, l := range [][]string{{"00:30", "2 puffs"}, {"04:40", "2 puffs"}, {"08:50", "2 puffs"}, {"13:00", "4 puffs"}, {"17:10", "2 puffs"}} {
		r.run(t, "dose", "log", "--profile", id, "--ref", "MedicationRequest/sw-salb", "--yes", "--when", "2026-12-07T"+l[0], "--dose", l[1]).ok(t)
	}
	today := r.run(t, "today", "--at", "2026-12-07T17:15:00+01:00").ok(t).stdout
	for _, want := range []string{"5 doses taken today (12 puffs), the last at 17:10", " · 12 puffs in the last 24 hours: this medicine says at most 8 puffs a day"} {
		if !strings.Contains(today, want) {
			t.Errorf("today does not say %q:\n%s", want, today)
		}
	}
}
