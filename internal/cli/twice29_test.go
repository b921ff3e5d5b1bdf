package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F221, the sync's part: one dose given on two devices of the household before they exchanged
// (Mum got her Metformin twice). Today says it since 1322fbf; 'household sync' said only
// "received 1, applied 1". Now the exchange that brings the second answer says it on each
// device, once, on the person's clock, and 'household status' says it for a day.
func TestHouseholdSyncSaysADoseGivenTwice(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	a, b = a.with("TZ", "UTC"), b.with("TZ", "UTC")
	day := time.Now().UTC().AddDate(0, 0, -1)
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Mum Smith"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-met","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + day.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}}}]}}]}`
	f := filepath.Join(t.TempDir(), "mum.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	a.run(t, "import", f).ok(t)
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	at := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, time.UTC)
	a.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.Format(time.RFC3339), "--when", at.Add(2*time.Minute).Format(time.RFC3339)).ok(t)
	b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.Format(time.RFC3339), "--when", at.Add(10*time.Minute).Format(time.RFC3339)).ok(t)
	a.run(t, "household", "sync").ok(t)
	dose := " (the 08:00 dose of " + strings.TrimLeft(at.Format("02 Jan 2006"), "0") + ")"
	for _, c := range []struct {
		name string
		r    runner
		want string
	}{
		{"Anna's laptop", b, "Metformin 500 mg for Mum Smith was given twice: at 08:02 on Dad's laptop and at 08:10 on this computer" + dose + ".\n"},
		{"Dad's laptop", a, "Metformin 500 mg for Mum Smith was given twice: at 08:02 on this computer and at 08:10 on Anna's laptop" + dose + ".\n"},
	} {
		out := c.r.run(t, "household", "sync").ok(t).stdout
		if !strings.Contains(out, c.want) {
			t.Errorf("household sync on %s: %q, want %q", c.name, out, c.want)
		}
		// Said once by the sync; the status says it for a day.
		if again := c.r.run(t, "household", "sync").ok(t).stdout; strings.Contains(again, "given twice") {
			t.Errorf("a second household sync on %s: %q", c.name, again)
		}
		if st := c.r.run(t, "household", "status").ok(t).stdout; !strings.Contains(st, c.want) {
			t.Errorf("household status on %s: %q, want %q", c.name, st, c.want)
		}
	}
	// --json: each answer with its time on the person's clock and its device.
	c := b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.AddDate(0, 0, -1).Format(time.RFC3339), "--when", at.AddDate(0, 0, -1).Add(5*time.Minute).Format(time.RFC3339))
	c.ok(t)
	a.run(t, "dose", "take", "--ref", "MedicationRequest/rx-met", "--at", at.AddDate(0, 0, -1).Format(time.RFC3339), "--when", at.AddDate(0, 0, -1).Add(7*time.Minute).Format(time.RFC3339)).ok(t)
	b.run(t, "household", "sync").ok(t)
	res := a.run(t, "household", "sync", "--json").ok(t)
	var out struct {
		TakenTwice []struct {
			Person, Medicine, Scheduled, Line string
			Takes                             []struct{ At, Device string }
		} `json:"takenTwice"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil || len(out.TakenTwice) != 1 {
		t.Fatalf("household sync --json: %q (%v)", res.stdout, err)
	}
	tw := out.TakenTwice[0]
	prev := at.AddDate(0, 0, -1)
	if tw.Person != "Mum Smith" || tw.Medicine != "Metformin 500 mg" || tw.Scheduled != prev.Format(time.RFC3339) || len(tw.Takes) != 2 ||
		tw.Takes[0].At != prev.Add(5*time.Minute).Format(time.RFC3339) || tw.Takes[0].Device != "Anna's laptop" ||
		tw.Takes[1].At != prev.Add(7*time.Minute).Format(time.RFC3339) || tw.Takes[1].Device != "Dad's laptop" ||
		!strings.HasPrefix(tw.Line, "Metformin 500 mg for Mum Smith was given twice: at 08:05 on Anna's laptop and at 08:07 on this computer") {
		t.Errorf("household sync --json takenTwice: %+v", tw)
	}
}

// F261: Warfarin once a day, given on both devices after one changed its time — 18:30 on Dad's
// laptop (the plan it knew), 17:00 on Anna's (her new plan): each answered a dose of its own,
// Today lists two doses taken, and the sync said nothing. Now the sync says two doses were given
// on a day whose plan has one.
func TestHouseholdSyncSaysTwoDosesOfADayWithOne(t *testing.T) {
	folder := t.TempDir()
	a, b, _ := twoDevices(t, folder)
	// Margaret's clock (and the computers') reads about 10:00 now, whenever the test runs, so
	// that 17:00 and 18:00 are both still to come on her day: on UTC, run between 17:00 and
	// 24:00 UTC, it failed, the time set (17:00) having passed that day. Etc/GMT-N is UTC+N.
	utc := time.Now().UTC()
	n := (10 - utc.Hour() + 24) % 24
	if n > 14 {
		n -= 24
	}
	zone := fmt.Sprintf("Etc/GMT%+d", -n)
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	a, b = a.with("TZ", zone), b.with("TZ", zone)
	now := utc.In(loc)
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[` +
		`{"resource":{"resourceType":"Patient","id":"mum","name":[{"text":"Margaret Smith"}],"birthDate":"1950-01-01"}},` +
		`{"resource":{"resourceType":"MedicationRequest","id":"rx-w","status":"active","intent":"order","medicationCodeableConcept":{"text":"Warfarin 3 mg"},` +
		`"subject":{"reference":"Patient/mum"},"authoredOn":"` + now.AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["18:00:00"]}}}]}}]}`
	f := filepath.Join(t.TempDir(), "mum.json")
	if err := os.WriteFile(f, []byte(bundle), 0o600); err != nil {
		t.Fatal(err)
	}
	a.run(t, "import", f).ok(t)
	var mum []struct{ ID string }
	if err := json.Unmarshal([]byte(a.run(t, "profile", "list", "--json").ok(t).stdout), &mum); err != nil || len(mum) != 1 {
		t.Fatalf("profile list: %+v %v", mum, err)
	}
	a.run(t, "profile", "set", "--profile", mum[0].ID, "--zone", zone).ok(t) // her clock, on both devices
	a.run(t, "household", "sync").ok(t)
	b.run(t, "household", "sync").ok(t)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	a.run(t, "dose", "take", "--ref", "MedicationRequest/rx-w", "--at", day.Add(18*time.Hour).Format(time.RFC3339)).ok(t)
	var ps []struct{ ID string }
	if err := json.Unmarshal([]byte(b.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil || len(ps) != 1 {
		t.Fatalf("profile list: %+v %v", ps, err)
	}
	b.run(t, "schedule", "set", "--profile", ps[0].ID, "--ref", "MedicationRequest/rx-w", "--times", "17:00").ok(t)
	b.run(t, "dose", "take", "--ref", "MedicationRequest/rx-w", "--at", day.Add(17*time.Hour).Format(time.RFC3339)).ok(t)
	b.run(t, "household", "sync").ok(t)
	want := "Warfarin 3 mg for Margaret Smith was given twice on " + strings.TrimLeft(day.Format("02 Jan 2006"), "0") + ", when 1 dose a day is planned: at "
	if out := a.run(t, "household", "sync").ok(t).stdout; !strings.Contains(out, want) || !strings.Contains(out, " on this computer") || !strings.Contains(out, " on Anna's laptop") {
		t.Errorf("household sync on Dad's laptop: %q, want %q…", out, want)
	}
	if out := b.run(t, "household", "sync").ok(t).stdout; !strings.Contains(out, want) || !strings.Contains(out, " on Dad's laptop") {
		t.Errorf("household sync on Anna's laptop: %q, want %q…", out, want)
	}
}
