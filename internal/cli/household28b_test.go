package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// F149 in the status: a setting made here that a later change on another device replaced was
// said once by 'household sync' and never by 'household status', which says a person deleted
// on another device for a day. Now the status says it for a day too (text and --json).
func TestHouseholdStatusSaysASettingReplacedElsewhere(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	mum := strings.TrimSpace(a.run(t, "profile", "add", "--name", "Mum Smith").ok(t).stdout)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	a.run(t, "profile", "set", "--profile", mum, "--alert-after", "20").ok(t)
	b.run(t, "profile", "set", "--profile", mum, "--alert-after", "45").ok(t) // later: it wins
	b.run(t, "household", "sync").ok(t)
	out := a.run(t, "household", "sync").ok(t).stdout
	want := "Caregivers' alert for Mum Smith: 20 minutes after a dose's time, set here "
	i := strings.Index(out, want)
	if i < 0 {
		t.Fatalf("household sync on Dad's laptop: %q", out)
	}
	line := strings.TrimSuffix(strings.SplitN(out[i:], "\n", 2)[0], ".")
	status := a.run(t, "household", "status").ok(t).stdout
	if strings.Count(status, "\n"+line+".\n") != 1 {
		t.Errorf("household status on Dad's laptop: %q, want once %q", status, line)
	}
	var st struct{ Warnings []string }
	res := a.run(t, "household", "status", "--json").ok(t)
	if err := json.Unmarshal([]byte(res.stdout), &st); err != nil {
		t.Fatalf("household status --json: %q (%v)", res.stdout, err)
	}
	n := 0
	for _, w := range st.Warnings {
		if w == line {
			n++
		}
	}
	if n != 1 {
		t.Errorf("household status --json warnings: %q, want once %q", st.Warnings, line)
	}
	// Anna's laptop, whose change won, says nothing of it.
	if status := b.run(t, "household", "status").ok(t).stdout; strings.Contains(status, "replaced") {
		t.Errorf("household status on Anna's laptop: %q", status)
	}
}
