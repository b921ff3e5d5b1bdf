package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F445: the app saves the reminders of the coming days (remind.AgendaFile) when it stops, and
// reminds from that file after a restart until it is unlocked. 'schedule set' moved Tobi's dose
// from 19:00 to 19:30 while the app was closed; the file kept 19:00, and nothing came at 19:30.
// A command that changes what is reminded now rewrites the file; where none was saved it
// writes none.
func TestScheduleSetRewritesTheSavedAgenda(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	med := `{"resourceType":"MedicationRequest","id":"lev","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Levetiracetam 100 mg/mL oral solution"},"authoredOn":"` + time.Now().AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"mL"}}]}]}`
	r.run(t, "import", bundleFile(t, med)).ok(t)
	robin := profileIDs(t, r)["Robin"]
	file := filepath.Join(dir, remind.AgendaFile)
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("an agenda was saved with no app or daemon ever run: %v", err)
	}
	if err := remind.SaveAgenda(dir, nil); err != nil { // as the app does when it stops
		t.Fatal(err)
	}
	r.run(t, "schedule", "set", "--profile", robin, "--ref", "MedicationRequest/lev", "--times", "09:30").ok(t)
	fires, err := remind.LoadAgenda(dir)
	if err != nil {
		t.Fatal(err)
	}
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fires {
		switch at := f.At.In(lon).Format("15:04"); at {
		case "09:30":
			n++
		default:
			t.Errorf("a reminder at %s (%q)", at, f.Text.Title)
		}
	}
	if n < 2 {
		t.Errorf("%d reminders at 09:30 saved, want the coming days': %+v", n, fires)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("agenda file: %v, %v", st, err)
	}
}

// A command that wrote nothing leaves the saved agenda as it was: a listing among the
// commands that may change what is reminded (medicines, schedule, dose), a change refused,
// a file imported again. It used to load every person's reminders again to rewrite the
// same file (issue 13: one more full model load at the end of a large import).
func TestCommandThatWroteNothingKeepsTheSavedAgenda(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	med := `{"resourceType":"MedicationRequest","id":"lev","status":"active","intent":"order","subject":{"reference":"urn:uuid:p1"},` +
		`"medicationCodeableConcept":{"text":"Levetiracetam 100 mg/mL oral solution"},"authoredOn":"` + time.Now().AddDate(0, -1, 0).Format("2006-01-02") + `",` +
		`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"mL"}}]}]}`
	bundle := bundleFile(t, med)
	r.run(t, "import", bundle).ok(t)
	robin := profileIDs(t, r)["Robin"]
	file := filepath.Join(dir, remind.AgendaFile)
	for _, tc := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"medicines listed", []string{"medicines", "--profile", robin}, true},
		{"schedules listed", []string{"schedule", "list", "--profile", robin}, true},
		{"profiles listed", []string{"profile", "list"}, true},
		{"the same file imported again", []string{"import", bundle}, true},
		{"a schedule refused", []string{"schedule", "set", "--profile", robin, "--ref", "MedicationRequest/lev", "--times", "25:99"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// An agenda with nothing in it, as an app would save that had nothing to remind:
			// rewritten, it would hold Robin's 08:00 doses.
			if err := remind.SaveAgenda(dir, nil); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res := r.run(t, tc.args...)
			if tc.ok {
				res.ok(t)
			} else if res.code == 0 {
				t.Fatalf("%v succeeded: %s", tc.args, res.stdout)
			}
			after, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("%v wrote nothing and rewrote the saved agenda:\n%s", tc.args, after)
			}
		})
	}
	// A command that writes still rewrites it (TestScheduleSetRewritesTheSavedAgenda).
	if err := remind.SaveAgenda(dir, nil); err != nil {
		t.Fatal(err)
	}
	r.run(t, "schedule", "set", "--profile", robin, "--ref", "MedicationRequest/lev", "--times", "09:30").ok(t)
	if fires, err := remind.LoadAgenda(dir); err != nil || len(fires) == 0 {
		t.Errorf("schedule set left the saved agenda empty: %v %v", fires, err)
	}
}
