package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A reading dated by its day alone counted as taken once its day had begun at UTC+14
// (Pacific/Kiritimati): in Pago Pago (UTC-11) tomorrow's lab is always "today" at UTC+14, and
// 'results' gave it as the latest. It is taken once its day has begun on the person's clock:
// 'results' says "1 reading dated after today, <tomorrow>" and --json "notTakenYet". The clock is
// the real one (the CLI has no other); tomorrow there is tomorrow's date at UTC+14 or the day
// before it, so the old rule took it as taken all day.
func TestResultsDateOnlyTomorrowIsNotTakenOnThePersonsClock(t *testing.T) {
	loc, err := time.LoadLocation("Pacific/Pago_Pago")
	if err != nil {
		t.Fatal(err)
	}
	weight := func(id, at, v string) string {
		return observation(id, "29463-7", at, `"valueQuantity":{"value":`+v+`,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}`)
	}
	r := in(newVault(t)).with("TZ", "Pacific/Pago_Pago")
	today := time.Now().In(loc)
	tomorrow := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, time.UTC)
	r.run(t, "import", bundleFile(t, weight("w1", "2026-11-20", "64.4"), weight("w2", "2026-12-01", "63.5"),
		weight("w3", tomorrow.Format("2006-01-02"), "63"))).ok(t)
	robin := profileIDs(t, r)["Robin"]
	out := r.run(t, "results", "--profile", robin).ok(t).stdout
	if want := "3 readings; 1 reading dated after today, " + tomorrow.Format("2 Jan 2006"); !strings.Contains(out, "63.5 kg") || !strings.Contains(out, want) {
		t.Errorf("results says\n%s\nwant 63.5 kg as the latest and %q", out, want)
	}
	var series []struct {
		Values []struct {
			Value       float64
			NotTakenYet bool
		}
	}
	js := r.run(t, "results", "--profile", robin, "--json").ok(t).stdout
	if err := json.Unmarshal([]byte(js), &series); err != nil || len(series) != 1 || len(series[0].Values) != 3 {
		t.Fatalf("%v: %s", err, js)
	}
	for _, v := range series[0].Values {
		if v.NotTakenYet != (v.Value == 63) {
			t.Errorf("--json: %v notTakenYet %v", v.Value, v.NotTakenYet)
		}
	}
}
