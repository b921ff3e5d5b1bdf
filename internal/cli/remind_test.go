package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

type reminderOut struct {
	At, Profile, Person, Kind, Title, Ref string
}

func TestRemindersContract(t *testing.T) {
	file := testutil.Fixture(t, "synthea/synthea_Jules135_Gutmann970_*.json")
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", file).ok(t)
	var people []struct{ ID, Name string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	pid := people[0].ID

	list := func(args ...string) []reminderOut {
		t.Helper()
		var out []reminderOut
		res := r.run(t, append([]string{"reminders", "--json"}, args...)...).ok(t)
		if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
			t.Fatalf("%v: %s", err, res.stdout)
		}
		return out
	}
	rs := list("--profile", pid, "--from", "2026-06-01", "--to", "2026-06-03")
	// Three active medicines once a day (at breakfast, 07:30 by default), two days.
	if len(rs) != 6 {
		t.Fatalf("%d reminders: %+v", len(rs), rs)
	}
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].At < rs[j].At }) {
		t.Error("not sorted")
	}
	for _, x := range rs {
		if !strings.HasSuffix(x.At, "T07:30:00+01:00") || x.Kind != "dose" || x.Profile != pid || x.Person == "" ||
			x.Title == "" || !strings.HasPrefix(x.Ref, "MedicationRequest/") {
			t.Errorf("reminder %+v", x)
		}
	}
	if all := list("--from", "2026-06-01T00:00:00Z", "--to", "2026-06-02T00:00:00Z"); len(all) != 3 {
		t.Errorf("without --profile: %d", len(all))
	}

	// dose take records a MedicationAdministration for the occurrence.
	var dose map[string]string
	json.Unmarshal([]byte(r.run(t, "dose", "take", "--ref", rs[0].Ref, "--at", rs[0].At, "--when", "2026-06-01T07:45:00+01:00", "--json").ok(t).stdout), &dose)
	if dose["occurrence"] != "2026-06-01T07:30" || dose["status"] != "taken" || dose["scheduled"] != rs[0].At {
		t.Errorf("dose %v", dose)
	}
	r.run(t, "dose", "skip", "--ref", rs[1].Ref, "--at", rs[1].At).ok(t)
	var admins []map[string]any
	json.Unmarshal([]byte(r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout), &admins)
	n := 0
	for _, a := range admins {
		if a["effectiveDateTime"] == "2026-06-01T07:45:00+01:00" && a["status"] == "completed" || a["status"] == "not-done" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("dose events: %v", admins)
	}

	// The person's own schedule overrides the record.
	r.run(t, "schedule", "set", "--profile", pid, "--ref", rs[0].Ref, "--times", "08:00,20:00").ok(t)
	var times []string
	for _, x := range list("--profile", pid, "--from", "2026-06-10", "--to", "2026-06-11") {
		if x.Ref == rs[0].Ref {
			times = append(times, x.At)
		}
	}
	if strings.Join(times, ",") != "2026-06-10T08:00:00+01:00,2026-06-10T20:00:00+01:00" {
		t.Errorf("after schedule set: %v", times)
	}

	// Appointments: added, listed, exported.
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	var added map[string]string
	json.Unmarshal([]byte(r.run(t, "appointment", "add", "--profile", pid, "--start", start.Format(time.RFC3339), "--title", "Eye clinic",
		"--location", "St Mary's", "--note", "Bring glasses", "--json").ok(t).stdout), &added)
	if !strings.HasPrefix(added["ref"], "Appointment/") {
		t.Fatalf("appointment add: %v", added)
	}
	var appts int
	for _, x := range list("--profile", pid, "--from", start.Add(-48*time.Hour).Format(time.RFC3339), "--to", start.Format(time.RFC3339)) {
		if x.Kind == "appointment" && x.Ref == added["ref"] && x.Title == "Eye clinic" {
			appts++
		}
	}
	if appts != 2 {
		t.Errorf("appointment reminders: %d", appts)
	}
	ics := filepath.Join(t.TempDir(), "a.ics")
	if err := os.WriteFile(ics, []byte("old"), 0o644); err != nil { // an existing 0644 file becomes 0600
		t.Fatal(err)
	}
	os.Chmod(ics, 0o644)
	r.run(t, "appointment", "export", "--out", ics).ok(t)
	if st, err := os.Stat(ics); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the calendar file's mode: %v", st.Mode().Perm())
	}
	b, _ := os.ReadFile(ics)
	if !strings.Contains(string(b), "DTSTART:"+start.Format("20060102T150405Z")+"\r\n") || !strings.Contains(string(b), "LOCATION:St Mary's\r\n") {
		t.Errorf("ics:\n%s", b)
	}

	for _, args := range [][]string{
		{"reminders"},
		{"reminders", "--from", "2026-06-01"},
		{"reminders", "--from", "yesterday", "--to", "2026-06-02"},
		{"dose"},
		{"dose", "eat", "--ref", "x"},
		{"dose", "take", "--ref", "x"},
		{"dose", "take", "--at", "2026-06-01"},
		{"appointment", "add", "--profile", pid},
		{"appointment", "export"},
		{"schedule", "set", "--profile", pid, "--ref", "x"},
		{"schedule", "set", "--profile", pid, "--ref", "x", "--times", "25:00"},
	} {
		r.run(t, args...).fails(t, 2, "carekeeper")
	}
	r.run(t, "dose", "take", "--ref", "MedicationRequest/nope", "--at", "2026-06-01").fails(t, 1, "no active medicine")
}
