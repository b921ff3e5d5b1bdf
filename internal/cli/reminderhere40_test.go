package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F525 item 11: Margaret's tablet in Perth, her times Sydney time: `reminders` listed "17:00
// Sydney time" with no "(14:00 here)", where appointments say it — the reader in Perth worked
// out each one, and the difference changes when Sydney's clocks change. Each reminder now says
// this computer's time beside the person's while the clocks differ; nothing where they agree.
func TestRemindersSayThisComputersTimeToo(t *testing.T) {
	dir := newVault(t)
	perth := in(dir).with("TZ", "Australia/Perth")
	perth.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(perth.run(t, "profile", "list", "--json").ok(t).stdout), &people)
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
	st.Zone = "Australia/Sydney"
	if err := remind.SaveSettings(context.Background(), v, pid, st); err != nil {
		t.Fatal(err)
	}
	v.Close()
	perth.run(t, "schedule", "set", "--profile", pid, "--ref", "MedicationRequest/amlodipine", "--times", "17:00").ok(t)
	for _, c := range []struct {
		name, tz, from, to string
		want, not          []string
	}{
		// Sydney on daylight time (AEDT, +11): 3 hours ahead of Perth; from 5 Apr on AEST (+10): 2
		{"Perth, Sydney's summer and winter", "Australia/Perth", "2027-04-03", "2027-04-06", []string{
			"3 Apr 2027, 17:00 Sydney time (14:00 here)", "4 Apr 2027, 17:00 Sydney time (15:00 here)", "5 Apr 2027, 17:00 Sydney time (15:00 here)"}, nil},
		{"Sydney: one clock", "Australia/Sydney", "2027-04-03", "2027-04-06", []string{"3 Apr 2027, 17:00 "}, []string{"here", "Sydney time"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := in(dir).with("TZ", c.tz).run(t, "reminders", "--profile", pid, "--from", c.from, "--to", c.to).ok(t).stdout
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("reminders lack %q:\n%s", w, out)
				}
			}
			for _, w := range c.not {
				if strings.Contains(out, w) {
					t.Errorf("reminders say %q on one clock:\n%s", w, out)
				}
			}
		})
	}
}
