package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F201: 'appointment add --start 2026-12-07' (a day, no time) made a midnight appointment,
// listed at 00:00 and reminded at 22:00 the night before: a time nobody gave. A day alone is
// refused in one line that says what to give; nothing is added. A time given is kept.
func TestAppointmentAddAsksForTheTime(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %+v", people)
	}
	pid := people[0].ID
	for _, c := range []struct{ args []string }{
		{[]string{"--start", "2030-12-07"}},
		{[]string{"--start", "2030-12-07T10:00", "--end", "2030-12-07"}},
	} {
		args := append([]string{"appointment", "add", "--profile", pid, "--title", "Clinic C"}, c.args...)
		res := r.run(t, args...).fails(t, 2, "is a day without a time", "T10:30")
		if strings.Contains(res.stdout, "Added") {
			t.Errorf("%v: %q", c.args, res.stdout)
		}
	}
	var rs []struct{ Kind string }
	json.Unmarshal([]byte(r.run(t, "reminders", "--json", "--profile", pid, "--from", "2030-12-05", "--to", "2030-12-09").ok(t).stdout), &rs)
	for _, x := range rs {
		if x.Kind != "dose" {
			t.Errorf("a %s reminder after a refused appointment", x.Kind)
		}
	}
	out := r.run(t, "appointment", "add", "--profile", pid, "--title", "Clinic C", "--start", "2030-12-07T10:00").ok(t).stdout
	if !strings.Contains(out, "7 Dec 2030, 10:00") {
		t.Errorf("added %q", out)
	}
}
