package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

type reminderOut struct {
	At, Profile, Person, Kind, Title, Ref string
}

// livingBundle is a FHIR Bundle of a living person with three active prescriptions written a
// month ago, once a day each (the synthetic fixtures' active orders are years old, and the
// people on them are no longer being reminded of them).
func livingBundle(t *testing.T) string {
	t.Helper()
	authored := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	entries := []string{`{"resource":{"resourceType":"Patient","id":"liv","name":[{"family":"Living","given":["Lena"]}],"birthDate":"1960-05-01"}}`}
	for _, name := range []string{"Amlodipine 5 MG", "Metformin 500 MG", "Simvastatin 20 MG"} {
		id := strings.ToLower(strings.Fields(name)[0])
		entries = append(entries, `{"resource":{"resourceType":"MedicationRequest","id":"`+id+`","status":"active","intent":"order",`+
			`"medicationCodeableConcept":{"text":"`+name+`"},"subject":{"reference":"Patient/liv"},"authoredOn":"`+authored+`",`+
			`"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}]}}`)
	}
	file := filepath.Join(t.TempDir(), "living.json")
	if err := os.WriteFile(file, []byte(`{"resourceType":"Bundle","type":"collection","entry":[`+strings.Join(entries, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestRemindersContract(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", livingBundle(t)).ok(t)
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
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	d0 := time.Now().In(lon).AddDate(0, 0, -1) // yesterday: its doses can be taken now
	day := func(n int) string { return d0.AddDate(0, 0, n).Format("2006-01-02") }
	at := func(n, h, m int) string {
		x := d0.AddDate(0, 0, n)
		return time.Date(x.Year(), x.Month(), x.Day(), h, m, 0, 0, lon).Format(time.RFC3339)
	}
	rs := list("--profile", pid, "--from", day(0), "--to", day(2))
	// Three active medicines once a day (at breakfast, 07:30 by default), two days.
	if len(rs) != 6 {
		t.Fatalf("%d reminders: %+v", len(rs), rs)
	}
	if !sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].At < rs[j].At }) {
		t.Error("not sorted")
	}
	for _, x := range rs {
		if (x.At != at(0, 7, 30) && x.At != at(1, 7, 30)) || x.Kind != "dose" || x.Profile != pid || x.Person == "" ||
			x.Title == "" || !strings.HasPrefix(x.Ref, "MedicationRequest/") {
			t.Errorf("reminder %+v", x)
		}
	}
	if all := list("--from", day(0)+"T00:00:00Z", "--to", day(1)+"T00:00:00Z"); len(all) != 3 {
		t.Errorf("without --profile: %d", len(all))
	}

	// dose take records a MedicationAdministration for the occurrence.
	var dose map[string]string
	json.Unmarshal([]byte(r.run(t, "dose", "take", "--ref", rs[0].Ref, "--at", rs[0].At, "--when", at(0, 7, 45), "--json").ok(t).stdout), &dose)
	if dose["occurrence"] != day(0)+"T07:30" || dose["status"] != "taken" || dose["scheduled"] != rs[0].At {
		t.Errorf("dose %v", dose)
	}
	r.run(t, "dose", "skip", "--ref", rs[1].Ref, "--at", rs[1].At).ok(t)
	var admins []map[string]any
	json.Unmarshal([]byte(r.run(t, "records", "--type", "MedicationAdministration", "--json").ok(t).stdout), &admins)
	n := 0
	for _, a := range admins {
		if a["effectiveDateTime"] == at(0, 7, 45) && a["status"] == "completed" || a["status"] == "not-done" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("dose events: %v", admins)
	}

	// The person's own schedule overrides the record.
	r.run(t, "schedule", "set", "--profile", pid, "--ref", rs[0].Ref, "--times", "08:00,20:00").ok(t)
	var times []string
	for _, x := range list("--profile", pid, "--from", day(8), "--to", day(9)) {
		if x.Ref == rs[0].Ref {
			times = append(times, x.At)
		}
	}
	if strings.Join(times, ",") != at(8, 8, 0)+","+at(8, 20, 0) {
		t.Errorf("after schedule set: %v", times)
	}

	var sched []struct {
		Ref       string
		Reminders bool
	}
	json.Unmarshal([]byte(r.run(t, "schedule", "list", "--json").ok(t).stdout), &sched)
	if len(sched) != 3 || !sched[0].Reminders || !sched[1].Reminders || !sched[2].Reminders {
		t.Errorf("schedule list: %+v", sched)
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
		{"schedule", "set", "--profile", pid, "--ref", "x", "--every", "0.5"}, // the scheduler could not follow it
	} {
		r.run(t, args...).fails(t, 2, "carekeeper")
	}
	// --every 0 was given: it says the limits, not "give exactly one of --times, --every …" (verify18).
	r.run(t, "schedule", "set", "--profile", pid, "--ref", "x", "--every", "0").fails(t, 2, "--every: ")
	r.run(t, "dose", "take", "--ref", "MedicationRequest/nope", "--at", day(0)).fails(t, 1, "no active medicine")

	// Issue 12 §3: implausible dose times and an unknown TZ are refused in one clear line.
	for _, c := range []struct{ at, when, msg string }{
		{"1900-01-01", "", "more than a year ago"},
		{day(30), "", "more than a day ahead"},
		{rs[0].At, "2999-01-01T08:00:00Z", "in the future"},
		{rs[0].At, "1900-01-01", "more than a year ago"},
		{time.Now().AddDate(0, -2, 0).Format("2006-01-02"), "", "no dose of this medicine is due"}, // before the order
	} {
		args := []string{"dose", "take", "--ref", rs[1].Ref, "--at", c.at} // (rs[0] has the person's own plan now)
		if c.when != "" {
			args = append(args, "--when", c.when)
		}
		r.run(t, args...).fails(t, 2, c.msg)
	}
	bad := in(dir).with("TZ", "Mars/Olympus_Mons")
	bad.run(t, "reminders", "--from", day(0), "--to", day(1)).fails(t, 1, "not a time zone this computer knows")
	bad.run(t, "dose", "take", "--ref", rs[0].Ref, "--at", rs[0].At).fails(t, 1, "not a time zone")
	// Every command that opens the vault refuses it before the vault is opened (today and
	// medicines once showed the day in UTC, and wrote to the vault while doing so).
	before := testutil.SnapshotDir(t, dir)
	for _, args := range [][]string{{"today"}, {"medicines"}, {"records"}, {"schedule", "list"}, {"daemon"}} {
		bad.run(t, args...).fails(t, 1, `TZ="Mars/Olympus_Mons" is not a time zone this computer knows`)
	}
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("the vault changed: %s", d)
	}
}

// Issue 11 §2: deceased people get no reminders (Jules Gutmann, Wendell Lesch and Fletcher
// Hyatt died; Fletcher has 122 prescriptions), even when their orders are confirmed.
func TestRemindersLeaveTheDeceasedOut(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	for _, f := range []string{"synthea/synthea_Jules135_Gutmann970_*.json", "synthea/Wendell_Lesch_*.json", "synthea/Fletcher_Hyatt_*.json"} {
		r.run(t, "import", testutil.Fixture(t, f)).ok(t)
	}
	now := time.Now()
	res := r.run(t, "reminders", "--json", "--from", now.AddDate(0, 0, -1).Format("2006-01-02"), "--to", now.AddDate(1, 0, 0).Format("2006-01-02")).ok(t)
	if strings.TrimSpace(res.stdout) != "[]" {
		t.Errorf("reminders for the deceased: %.300s", res.stdout)
	}
}

// Windows too long to list or summarise are refused before the vault is opened: the reminders
// of one medicine every 4 hours from 1900 to 9999 never ended, and a summary to 9999 took
// hundreds of MB for its weekly adherence.
func TestLongWindowsRefused(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	p := people[0].ID
	before := testutil.SnapshotDir(t, dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"reminders", "--from", "1900-01-01", "--to", "9999-12-31"}, "--from and --to may be at most 2 years apart"},
		{[]string{"reminders", "--from", "2026-01-01", "--to", "2028-01-02"}, "at most 2 years apart"},
		{[]string{"summary", "--profile", p, "--from", "0001-01-01", "--to", "2026-01-01", "--out", "x.pdf"}, "--from and --to may be at most 150 years apart"},
		{[]string{"summary", "--profile", p, "--from", "2026-01-01", "--to", "9999-12-31", "--out", "x.pdf"}, "--to is more than a year ahead"},
	} {
		r.run(t, c.args...).fails(t, 2, c.want)
	}
	if d := before.Diff(testutil.SnapshotDir(t, dir)); d != "" {
		t.Errorf("the vault changed: %s", d)
	}
	r.run(t, "reminders", "--from", "2026-01-01", "--to", "2028-01-01").ok(t)
	// A year from today where the command runs (London), not in the test's own zone: under
	// TZ=Pacific/Kiritimati it is already tomorrow there, a day more than a year ahead.
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	r.run(t, "summary", "--profile", p, "--from", "1900-01-01", "--to", time.Now().In(london).AddDate(1, 0, 0).Format("2006-01-02"), "--out", filepath.Join(t.TempDir(), "x.pdf")).ok(t)
}

// `today --at` lists exactly the day's dose reminders that `reminders` lists, with their state
// by the clock. A dose of a schedule set after its time is not the day's (here a 00:00 dose set
// now): the day's doses before the change are the plan's then in force, the record's (F164).
func TestTodayAgreesWithReminders(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	imported := time.Now().Truncate(time.Second)
	r.run(t, "import", livingBundle(t)).ok(t)
	var people []struct{ ID string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 {
		t.Fatalf("people %v", people)
	}
	pid := people[0].ID
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	var rs []reminderOut
	day := time.Now().In(lon)
	from, to := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
	json.Unmarshal([]byte(r.run(t, "reminders", "--json", "--profile", pid, "--from", from, "--to", to).ok(t).stdout), &rs)
	if len(rs) == 0 {
		t.Fatal("no reminders today")
	}
	setAt := time.Now()
	var recordBefore []string // the record's doses of the medicine before its schedule was set
	for _, x := range rs {
		if tm, _ := time.Parse(time.RFC3339, x.At); x.Kind == "dose" && x.Ref == rs[0].Ref && tm.Before(setAt.Truncate(time.Minute)) && !tm.Before(imported) {
			recordBefore = append(recordBefore, x.At)
		}
	}
	r.run(t, "schedule", "set", "--profile", pid, "--ref", rs[0].Ref, "--times", "00:00,23:59").ok(t)
	rs0 := rs[0].Ref
	rs = nil
	json.Unmarshal([]byte(r.run(t, "reminders", "--json", "--profile", pid, "--from", from, "--to", to).ok(t).stdout), &rs)
	asked := time.Now().Add(time.Minute).Truncate(time.Second)
	if asked.In(lon).Format("2006-01-02") != from {
		asked = time.Now().Truncate(time.Second) // a minute before midnight: still today
	}
	var views []struct {
		Doses []struct{ Ref, At, State string }
	}
	json.Unmarshal([]byte(r.run(t, "today", "--json", "--profile", pid, "--at", asked.Format(time.RFC3339)).ok(t).stdout), &views)
	if len(views) != 1 {
		t.Fatalf("today: %+v", views)
	}
	key := func(ref, at string) string {
		tm, err := time.Parse(time.RFC3339, at)
		if err != nil {
			t.Fatalf("%q: %v", at, err)
		}
		return ref + " " + tm.UTC().Format(time.RFC3339)
	}
	var want, got []string
	// Left out of today: a time CareKeeper picked (the medicines say "once a day" with no
	// time) that passed, unanswered, before the medicine was imported (F46) — also of the
	// medicine whose times were set since, as once the reminders have run (F421).
	picked := map[string]bool{}
	for _, x := range rs {
		if x.Kind == "dose" {
			want = append(want, key(x.Ref, x.At))
			if tm, _ := time.Parse(time.RFC3339, x.At); tm.Before(imported) {
				picked[key(x.Ref, x.At)] = true
			}
		}
	}
	for _, d := range views[0].Doses {
		got = append(got, key(d.Ref, d.At))
		if tm, _ := time.Parse(time.RFC3339, d.At); tm.Before(asked) && d.State == "upcoming" {
			t.Errorf("the dose at %s is upcoming at %s", d.At, asked.Format(time.RFC3339))
		}
	}
	want = slices.DeleteFunc(want, func(k string) bool { return picked[k] && !slices.Contains(got, k) })
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("today --at lists\n%s\nreminders list\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if midnight := key(rs0, day.Format("2006-01-02")+"T00:00:00"+day.Format("Z07:00")); slices.Contains(got, midnight) && setAt.In(lon).Format("15:04") != "00:00" {
		t.Errorf("the 00:00 dose set after its time is on today: %v", got)
	}
	for _, at := range recordBefore { // the record's doses after the import
		if !slices.Contains(got, key(rs0, at)) {
			t.Errorf("the record's dose at %s, before the schedule was set, is not on today: %v", at, got)
		}
	}
}
