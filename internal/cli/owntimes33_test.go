package cli_test

import (
	"strings"
	"testing"
	"time"
)

// F425: warfarin 5 tablets Mon/Wed/Fri and 4 tablets the other days: after 'schedule set
// --times' the reminders said "Warfarin sodium 1 mg tablet" with no amount and medicines "once
// a day at 19:00": the day's amount was on no line. New times keep each day's dose.
func TestOwnTimesKeepTheDosesOfEachDay(t *testing.T) {
	r := in(newVault(t)).with("TZ", "Europe/London")
	dosage := func(tablets, days string) string {
		return `{"sequence":1,"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":[` + days + `],"timeOfDay":["18:00:00"]}},` +
			`"doseAndRate":[{"doseQuantity":{"value":` + tablets + `,"unit":"tablet","system":"http://unitsofmeasure.org","code":"{tbl}"}}]}`
	}
	warf := `{"resourceType":"MedicationRequest","id":"warf","status":"active","intent":"order","authoredOn":"2026-11-30","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Warfarin sodium 1 mg tablet"},"dosageInstruction":[` +
		dosage("5", `"mon","wed","fri"`) + `,` + dosage("4", `"tue","thu","sat","sun"`) + `]}`
	r.run(t, "import", bundleFile(t, warf)).ok(t)
	robin := profileIDs(t, r)["Robin"]
	out := r.run(t, "schedule", "set", "--profile", robin, "--ref", "MedicationRequest/warf", "--times", "19:00").ok(t).stdout
	if want := "Plan: 5 tablets Mon, Wed, Fri at 19:00; and 4 tablets Tue, Thu, Sat, Sun at 19:00"; !strings.HasPrefix(out, want) {
		t.Errorf("schedule set: %q, want %q", out, want)
	}
	// The days after today: today's doses before the change keep the old plan's times.
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(lon)
	from := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, lon)
	rem := r.run(t, "reminders", "--from", from.Format(time.RFC3339), "--to", from.AddDate(0, 0, 2).Format(time.RFC3339)).ok(t).stdout
	for d := range 2 {
		day := from.AddDate(0, 0, d)
		tablets := "4 tablets"
		if wd := day.Weekday(); wd == time.Monday || wd == time.Wednesday || wd == time.Friday {
			tablets = "5 tablets"
		}
		// words, not columns: '9 Dec' beside '10 Dec' is one space wider
		if want := day.Format("2 Jan 2006") + ", 19:00 Robin Tester dose Warfarin sodium 1 mg tablet (" + tablets + ")"; !strings.Contains(strings.Join(strings.Fields(rem), " "), want) {
			t.Errorf("reminders:\n%s\nwant %q", rem, want)
		}
	}
}
