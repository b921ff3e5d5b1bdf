package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// F352: a weighing dated 21:00 today, imported at 10:23 UTC on a computer in London, was
// 'results” latest ("Body weight  63 kg  6 Dec 2026  3 readings"): after 10:00 UTC it is
// already tomorrow at UTC+14 and every reading of today counted as taken. A timed reading is
// judged by its own instant: one an hour from now is not the latest and is said ("1 reading
// dated later today, HH:MM", or "after today" when that hour is tomorrow there). The clock is
// the real one (the CLI has no other): the reading is dated an hour from now. --json marks it
// "notTakenYet".
func TestResultsLeavesOutAReadingNotTakenYet(t *testing.T) {
	weight := func(id, at, v string) string {
		return observation(id, "29463-7", at, `"valueQuantity":{"value":`+v+`,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`)
	}
	for _, zone := range []string{"Europe/London", "Pacific/Kiritimati"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			r := in(newVault(t)).with("TZ", zone)
			ahead := time.Now().Add(time.Hour).Truncate(time.Minute)
			r.run(t, "import", bundleFile(t, weight("w1", "2026-11-20T09:00:00Z", "64.4"), weight("w2", "2026-12-01T09:00:00Z", "63.5"),
				weight("w3", ahead.UTC().Format(time.RFC3339), "63"))).ok(t)
			out := r.run(t, "results", "--profile", profileIDs(t, r)["Robin"]).ok(t).stdout
			var line string
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "weight") {
					line = l
				}
			}
			// either is true of a reading an hour ahead, as the day turns or not there
			later := "3 readings; 1 reading dated later today, " + ahead.In(loc).Format("15:04")
			after := "3 readings; 1 reading dated after today, " + ahead.In(loc).Format("2 Jan 2006")
			if !strings.Contains(line, "63.5 kg") || !strings.Contains(line, "1 Dec 2026") ||
				!(strings.HasSuffix(strings.TrimSpace(line), later) || strings.HasSuffix(strings.TrimSpace(line), after)) {
				t.Errorf("results says\n%s\nwant 63.5 kg of 1 Dec 2026, and %q (or %q)", out, later, after)
			}
			// --json marks it: "notTakenYet" on that reading alone
			var series []struct {
				Values []struct {
					Value       float64
					NotTakenYet bool
				}
			}
			js := r.run(t, "results", "--profile", profileIDs(t, r)["Robin"], "--json").ok(t).stdout
			if err := json.Unmarshal([]byte(js), &series); err != nil || len(series) != 1 || len(series[0].Values) != 3 {
				t.Fatalf("%v: %s", err, js)
			}
			for _, v := range series[0].Values {
				if v.NotTakenYet != (v.Value == 63) {
					t.Errorf("--json: %v notTakenYet %v", v.Value, v.NotTakenYet)
				}
			}
		})
	}
}
