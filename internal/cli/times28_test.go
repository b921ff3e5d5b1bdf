package cli_test

import (
	"encoding/json"
	"testing"
)

// F208: `schedule set --times` reads a time as people write it, as the app's Times box does
// (one reader, schedule.ReadClock): '8pm', '8:30am', '20.00'; one it cannot read is refused
// in words that say how to write it.
func TestScheduleSetReadsTimesAsPeopleWriteThem(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	pid := people[0].ID
	for _, c := range []struct{ times, want string }{
		{"8pm", "Plan: once a day at 20:00 — Amlodipine 5 mg (Lena Living).\n"},
		{"8:30am, 20.00", "Plan: twice a day at 08:30 and 20:00 — Amlodipine 5 mg (Lena Living).\n"},
	} {
		if got := r.run(t, "schedule", "set", "--profile", pid, "--ref", "MedicationRequest/amlodipine", "--times", c.times).ok(t).stdout; got != c.want {
			t.Errorf("--times %q: %q, want %q", c.times, got, c.want)
		}
	}
	r.run(t, "schedule", "set", "--profile", pid, "--ref", "MedicationRequest/amlodipine", "--times", "eight").fails(t, 2, `"eight"`, "write it like 20:00")
}
