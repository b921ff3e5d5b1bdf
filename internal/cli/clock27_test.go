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

// F144: a person whose home clock is Dublin, on a computer in New York. `reminders` listed
// "11 Dec 2026, 08:00" (Dublin's 08:00, 03:00 here) with no clock, `schedule list` and
// `schedule set` said "at 08:00" and `medicines` "once a day at 08:00" without saying whose
// 08:00 — read on this computer's clock, five hours off. Now each names the clock while it is
// not this computer's, as `today` and the app's Medicines do; where both agree nothing does.
func TestReminderTimesNameThePersonsClock(t *testing.T) {
	dir := newVault(t)
	ny := in(dir).with("TZ", "America/New_York")
	ny.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(ny.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	pid := people[0].ID
	day := comingDay(time.Friday, zoneOf(t, "America/New_York"), zoneOf(t, "Europe/Dublin"), 5*time.Hour)
	from, to := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
	eight := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, zoneOf(t, "Europe/Dublin")).UTC().Format(time.RFC3339)
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

	set := ny.run(t, "schedule", "set", "--profile", pid, "--ref", "MedicationRequest/amlodipine", "--times", "08:00").ok(t).stdout
	if set != "Plan: once a day at 08:00, Dublin time — Amlodipine 5 mg (Lena Living).\n" {
		t.Errorf("schedule set: %q", set)
	}
	if out := ny.run(t, "schedule", "list", "--profile", pid).ok(t).stdout; !strings.Contains(out, "once a day at 08:00, Dublin time") {
		t.Errorf("schedule list: %s", out)
	}
	if out := ny.run(t, "medicines", "--profile", pid).ok(t).stdout; !strings.Contains(out, "Times are Dublin time:") {
		t.Errorf("medicines: %s", out)
	}
	out := ny.run(t, "reminders", "--profile", pid, "--from", from, "--to", to).ok(t).stdout
	if !strings.Contains(out, day.Format("2 Jan 2006")+", 08:00 Dublin time") {
		t.Errorf("reminders: %s", out)
	}
	var js []struct{ At, Ref string }
	json.Unmarshal([]byte(ny.run(t, "reminders", "--json", "--profile", pid, "--from", from, "--to", to).ok(t).stdout), &js)
	for _, r := range js {
		if r.Ref == "MedicationRequest/amlodipine" && r.At != eight {
			t.Errorf("--json at %s", r.At)
		}
	}

	// On a computer on Dublin's clock nothing names a zone.
	dub := in(dir).with("TZ", "Europe/Dublin")
	for _, args := range [][]string{{"reminders", "--profile", pid, "--from", from, "--to", to},
		{"schedule", "list"}, {"medicines"}} {
		if out := dub.run(t, args...).ok(t).stdout; strings.Contains(out, "Dublin time") || strings.Contains(out, "Times are") {
			t.Errorf("%v names a zone on the same clock: %s", args, out)
		}
	}
}
