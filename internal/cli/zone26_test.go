package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F57: a caregiver's computer in New York, a person whose home time zone is Europe/Dublin.
// At 19:15 on Thursday 10 Dec in New York it is 00:15 on Friday 11 Dec in Dublin. `today`
// (for everyone, and for the person) says every line on the person's clock and names it: the
// 08:00 dose is 08:00 (Dublin), the 19:30 (New York) appointment "11 Dec 2026, 00:30 Dublin
// time (10 Dec, 19:30 here)". Before, `today` without --profile printed the dose at 03:00 and
// the appointment at 19:30 with no zone, under the person's Dublin day. The Thursday is one to
// come (the times set today count from now on), with Dublin five hours ahead.
func TestTodayOnePersonsClock(t *testing.T) {
	nyc, dub := zoneOf(t, "America/New_York"), zoneOf(t, "Europe/Dublin")
	thu := comingDay(time.Thursday, nyc, dub, 5*time.Hour)
	fri := thu.AddDate(0, 0, 1)
	atNY := func(h, m int) time.Time { return time.Date(thu.Year(), thu.Month(), thu.Day(), h, m, 0, 0, nyc) }
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	pid := people[0].ID
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := remind.LoadSettings(v, pid)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Europe/Dublin"
	if err := remind.SaveSettings(context.Background(), v, pid, st); err != nil {
		t.Fatal(err)
	}
	v.Close()
	r.run(t, "schedule", "set", "--profile", pid, "--ref", "MedicationRequest/amlodipine", "--times", "08:00").ok(t)
	r.run(t, "appointment", "add", "--profile", pid, "--start", atNY(19, 30).Format(time.RFC3339), "--title", "Telehealth check").ok(t)
	at := atNY(19, 15).Format(time.RFC3339)
	dose := time.Date(fri.Year(), fri.Month(), fri.Day(), 8, 0, 0, 0, dub).UTC().Format(time.RFC3339)
	for _, args := range [][]string{{"today", "--at", at}, {"today", "--profile", pid, "--at", at}} {
		out := r.run(t, args...).ok(t).stdout
		for _, want := range []string{
			"Times are Dublin time: it is " + fri.Format("Monday 2 January") + ", 00:15 there, 5 hours ahead of this computer.",
			"08:00  upcoming  Amlodipine 5 mg",
			"Appointment: Telehealth check, " + fri.Format("2 Jan 2006") + ", 00:30 Dublin time (" + thu.Format("2 Jan") + ", 19:30 here)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q in\n%s", args, want, out)
			}
		}
		var views []struct {
			Zone  string
			Doses []struct{ Ref, At string }
		}
		json.Unmarshal([]byte(r.run(t, append(args, "--json")...).ok(t).stdout), &views)
		if len(views) != 1 || views[0].Zone != "Europe/Dublin" {
			t.Fatalf("%v --json: %+v", args, views)
		}
		for _, d := range views[0].Doses {
			if d.Ref == "MedicationRequest/amlodipine" && d.At != dose {
				t.Errorf("%v --json: the 08:00 dose at %s", args, d.At)
			}
		}
	}
	// Where both clocks agree nothing names a zone.
	out := in(dir).with("TZ", "Europe/Dublin").run(t, "today", "--at", atNY(19, 15).UTC().Format(time.RFC3339)).ok(t).stdout
	if strings.Contains(out, "Dublin time") || !strings.Contains(out, "Appointment: Telehealth check, "+fri.Format("2 Jan 2006")+", 00:30\n") {
		t.Errorf("same clock: %s", out)
	}
}

// zoneOf is the named time zone.
func zoneOf(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// comingDay is the first weekday wd at least two days from now, on here's clock, on which the
// zone there is ahead of here by ahead (the weeks around a daylight-saving change, when the two
// differ by another hour, are passed over): a test whose plan is changed now looks at a day
// after the change, which a fixed date stops being one day.
func comingDay(wd time.Weekday, here, there *time.Location, ahead time.Duration) time.Time {
	d := time.Now().In(here).AddDate(0, 0, 2)
	d = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, here)
	for d.Weekday() != wd || offset(d, there)-offset(d, here) != ahead {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

func offset(t time.Time, loc *time.Location) time.Duration {
	_, s := t.In(loc).Zone()
	return time.Duration(s) * time.Second
}
