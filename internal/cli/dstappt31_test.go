package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F356: `appointment add --start 2027-03-14T02:30` for a New York person (a time their clock
// skips: it goes forward from 02:00 to 03:00) was saved as 01:30, an hour before the time
// typed, without a word. It is refused in one line naming the gap and the real times; the
// hour the clocks repeat is refused with both instants to choose from; a time with its offset
// is that choice.
func TestAppointmentAtATimeTheClocksSkipOrRepeat(t *testing.T) {
	r := in(newVault(t)).with("TZ", "UTC")
	r.run(t, "profile", "add", "--name", "Rita Hayes", "--birth-date", "1960-06-06").ok(t)
	var ps []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps)
	if len(ps) != 1 {
		t.Fatalf("people %+v", ps)
	}
	p := ps[0].ID
	r.run(t, "profile", "set", "--profile", p, "--zone", "America/New_York").ok(t)
	for _, tc := range []struct{ start, end, refused, added string }{
		{start: "2027-03-14T02:30", refused: "--start 2027-03-14T02:30 does not exist on New York time: the clocks go forward from 02:00 to 03:00 that night; say 01:30 or 03:30"},
		{start: "2027-03-14T01:00", end: "2027-03-14T02:15:00", refused: "--end 2027-03-14T02:15:00 does not exist on New York time"},
		{start: "2027-11-07T01:30", refused: "--start 2027-11-07T01:30 happens twice on New York time: the clocks go back from 02:00 to 01:00 that night; say which, 2027-11-07T01:30:00-04:00 (the first) or 2027-11-07T01:30:00-05:00 (the second)"},
		{start: "2027-03-14T03:30", added: "Sleep study, 14 Mar 2027, 03:30 New York time (07:30 here)."},
		{start: "2027-11-07T01:30:00-05:00", added: "Sleep study, 7 Nov 2027, 01:30 EST New York time (06:30 here)."}, // the repeated hour names its zone (F482)
	} {
		args := []string{"appointment", "add", "--profile", p, "--start", tc.start, "--title", "Sleep study"}
		if tc.end != "" {
			args = append(args, "--end", tc.end)
		}
		res := r.run(t, args...)
		switch {
		case tc.refused != "" && (res.code != 2 || !strings.Contains(res.stderr, tc.refused) || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0):
			t.Errorf("%s: exit %d, stderr %q, want refused with %q", tc.start, res.code, res.stderr, tc.refused)
		case tc.added != "" && (res.code != 0 || !strings.Contains(res.stdout, tc.added)):
			t.Errorf("%s: exit %d, %q %q, want %q", tc.start, res.code, res.stdout, res.stderr, tc.added)
		}
	}
	rem := r.run(t, "reminders", "--profile", p, "--from", "2027-03-01", "--to", "2027-12-01").ok(t).stdout
	if n := strings.Count(rem, "Sleep study"); n != 4 { // two reminders each of the two added
		t.Errorf("reminders: %d, want those of the two added only:\n%s", n, rem)
	}
}
