package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F420: `reminders` listed an appointment at its reminder's time alone: "11 Dec 2026, 08:20 …
// appointment Anticoagulation clinic (INR check)" for a clinic at 10:20, as if it were at
// 08:20. Each appointment line now says when the appointment is, on the person's clock, and
// --json gives its "start".
func TestRemindersSayWhenTheAppointmentIs(t *testing.T) {
	r := in(newVault(t)).with("TZ", "America/New_York")
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %+v", people)
	}
	id := people[0].ID
	r.run(t, "appointment", "add", "--profile", id, "--start", "2030-03-04T15:20:00Z", "--title", "Anticoagulation clinic").ok(t)

	out := r.run(t, "reminders", "--profile", id, "--from", "2030-03-03", "--to", "2030-03-05").ok(t).stdout
	for _, want := range []string{
		"Anticoagulation clinic — the appointment is on 4 Mar 2030, 10:20\n",
		"4 Mar 2030, 08:20", "Anticoagulation clinic — the appointment is at 10:20\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("reminders does not say %q:\n%s", want, out)
		}
	}
	var js []struct{ At, Kind, Start string }
	if err := json.Unmarshal([]byte(r.run(t, "reminders", "--json", "--profile", id, "--from", "2030-03-03", "--to", "2030-03-05").ok(t).stdout), &js); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, j := range js {
		if j.Kind != "appointment" {
			continue
		}
		n++
		if j.Start != "2030-03-04T10:20:00-05:00" || j.At == j.Start {
			t.Errorf("--json appointment reminder at %s, start %q; want start 2030-03-04T10:20:00-05:00", j.At, j.Start)
		}
	}
	if n == 0 {
		t.Errorf("no appointment reminder in --json: %+v", js)
	}
}
