package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F374/F380 (rest): the refill count uses the dose in force each day, but the "Time to order"
// card's why lines did not say the dose changed (a carer who knew the old dose read its date as
// wrong); and 'reminders' from today listed no refill reminder whose day had passed — the
// supply running out tomorrow, or already run out — while 'today' and the card said it. The
// card now says "The dose went from 2 to 4 tablets a day on …", and 'reminders' lists such a
// refill at now, said as 'today' says it.
func TestRefillSaysTheDoseChangeAndRemindersSayAPassedRefill(t *testing.T) {
	now := time.Now().UTC()
	noon := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.UTC) // the days' counts whatever the hour
	day := func(d int) string { return now.AddDate(0, 0, d).Format("2 Jan 2006") }
	for _, c := range []struct {
		name      string
		perDose   int    // tablets a dose now, twice a day
		handed    int    // days ago the 60 tablets for 30 days were handed over
		updated   int    // days ago the record says it was last updated (0: it does not say)
		why       string // in the card's why lines ("" : no line about the dose)
		reminders string // the refill row of 'reminders' from today
	}{
		{"the dose raised yesterday", 2, 27, 1,
			"The dose went from 2 to 4 tablets a day on " + day(-1) + ": each day is counted with the dose then",
			"Refill Metformin 500 mg tablet (runs out around " + day(1) + ")"},
		{"the dose raised, no date", 2, 27, 0, "",
			"Refill Metformin 500 mg tablet (may have run out: the 60 tablets handed over on " + day(-27) + " were for 30 days, and at the dose now they last 15 days; check how many are left)"},
		{"no change, run out 5 days ago", 1, 35, 0, "",
			"Refill Metformin 500 mg tablet (would have run out on " + day(-5) + ", counted from its schedule: check how many are left)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in(newVault(t)).with("TZ", "UTC")
			handed := noon.AddDate(0, 0, -c.handed)
			rx := map[string]any{"resourceType": "MedicationRequest", "id": "mm1", "status": "active", "intent": "order",
				"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
				"authoredOn": handed.AddDate(0, 0, -8).Format("2006-01-02"),
				"dosageInstruction": []any{map[string]any{"timing": map[string]any{"repeat": map[string]any{"timeOfDay": []string{"09:30:00", "21:30:00"}}},
					"doseAndRate": []any{map[string]any{"doseQuantity": map[string]any{"value": c.perDose, "unit": "tablet"}}}}}}
			if c.updated > 0 {
				rx["meta"] = map[string]any{"versionId": "2", "lastUpdated": noon.AddDate(0, 0, -c.updated).Format(time.RFC3339)}
			}
			b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
				map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p", "name": []any{map[string]any{"given": []string{"Maria"}, "family": "Lopez"}}, "birthDate": "1948-05-03"}},
				map[string]any{"resource": rx},
				map[string]any{"resource": map[string]any{"resourceType": "MedicationDispense", "id": "md1", "status": "completed",
					"medicationCodeableConcept": map[string]any{"text": "Metformin 500 mg tablet"}, "subject": map[string]any{"reference": "Patient/p"},
					"authorizingPrescription": []any{map[string]any{"reference": "MedicationRequest/mm1"}},
					"quantity":                map[string]any{"value": 60, "unit": "tablet"}, "daysSupply": map[string]any{"value": 30, "unit": "d"},
					"whenHandedOver": handed.Format(time.RFC3339)}},
			}})
			f := filepath.Join(t.TempDir(), "maria.json")
			if err := os.WriteFile(f, b, 0o600); err != nil {
				t.Fatal(err)
			}
			importJSON(t, r, f)
			id := profileIDs(t, r)["Maria"]
			ins := r.run(t, "insights", "--profile", id).ok(t).stdout
			if !strings.Contains(ins, "Time to order Metformin 500 mg tablet") {
				t.Errorf("no order card:\n%s", ins)
			}
			if c.why != "" && !strings.Contains(ins, "· "+c.why+"\n") {
				t.Errorf("the card's why lines do not say %q:\n%s", c.why, ins)
			}
			if c.why == "" && strings.Contains(ins, "The dose went") {
				t.Errorf("the card says a dated change the record does not give:\n%s", ins)
			}
			for _, args := range [][]string{{"--profile", id}, nil} { // one person, and everyone
				args = append([]string{"reminders", "--from", now.Format("2006-01-02"), "--to", now.AddDate(0, 0, 14).Format("2006-01-02")}, args...)
				var rows []struct{ Kind, Title string }
				if err := json.Unmarshal([]byte(r.run(t, append(args, "--json")...).ok(t).stdout), &rows); err != nil {
					t.Fatal(err)
				}
				var refills []string
				for _, row := range rows {
					if row.Kind == "refill" {
						refills = append(refills, row.Title)
					}
				}
				if len(refills) != 1 || refills[0] != c.reminders {
					t.Errorf("%q lists the refills %q, want %q", args, refills, c.reminders)
				}
				if out := r.run(t, args...).ok(t).stdout; !strings.Contains(out, "refill  "+c.reminders) {
					t.Errorf("%q says:\n%s", args, out)
				}
			}
		})
	}
}
