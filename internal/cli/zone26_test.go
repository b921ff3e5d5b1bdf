package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F57: a caregiver's computer in New York, a person whose home time zone is Europe/Dublin.
// At 19:15 on Thursday 10 Dec in New York it is 00:15 on Friday 11 Dec in Dublin. `today`
// (for everyone, and for the person) says every line on the person's clock and names it: the
// 08:00 dose is 08:00 (Dublin), the 19:30 (New York) appointment "11 Dec 2026, 00:30 Dublin
// time (10 Dec, 19:30 here)". Before, `today` without --profile printed the dose at 03:00 and
// the appointment at 19:30 with no zone, under the person's Dublin day.
func TestTodayOnePersonsClock(t *testing.T) {
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
	r.run(t, "appointment", "add", "--profile", pid, "--start", "2026-12-10T19:30:00-05:00", "--title", "Telehealth check").ok(t)
	at := "2026-12-10T19:15:00-05:00"
	for _, args := range [][]string{{"today", "--at", at}, {"today", "--profile", pid, "--at", at}} {
		out := r.run(t, args...).ok(t).stdout
		for _, want := range []string{
			"Times are Dublin time: it is Friday 11 December, 00:15 there, 5 hours ahead of this computer.",
			"08:00  upcoming  Amlodipine 5 mg",
			"Appointment: Telehealth check, 11 Dec 2026, 00:30 Dublin time (10 Dec, 19:30 here)",
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
			if d.Ref == "MedicationRequest/amlodipine" && d.At != "2026-12-11T08:00:00Z" {
				t.Errorf("%v --json: the 08:00 dose at %s", args, d.At)
			}
		}
	}
	// Where both clocks agree nothing names a zone.
	out := in(dir).with("TZ", "Europe/Dublin").run(t, "today", "--at", "2026-12-11T00:15:00Z").ok(t).stdout
	if strings.Contains(out, "Dublin time") || !strings.Contains(out, "Appointment: Telehealth check, 11 Dec 2026, 00:30\n") {
		t.Errorf("same clock: %s", out)
	}
}
