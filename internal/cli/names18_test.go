package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A date of death after today is an error in the record: the person is not shown as dead,
// their reminders go on, and profile list says plainly that the date is in the future.
// (Regression: "Died 1 May 2027" was shown and the reminders stopped.)
func TestFutureDateOfDeathIsNotADeath(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/London")
	future := time.Now().AddDate(1, 0, 0)
	src, err := os.ReadFile(livingBundle(t))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "future.json")
	body := strings.Replace(string(src), `"birthDate":"1960-05-01"`, `"birthDate":"1960-05-01","deceasedDateTime":"`+future.Format("2006-01-02")+`"`, 1)
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", file).ok(t)
	var people []struct {
		ID       string
		Deceased any
	}
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 1 || people[0].Deceased != nil {
		t.Fatalf("people %+v", people)
	}
	list := r.run(t, "profile", "list").ok(t).stdout
	if strings.Contains(list, "Died") || strings.Contains(list, future.Format("2006")+"\n") ||
		!strings.Contains(list, "Lena Living: The record's date of death ("+future.Format("2 Jan 2006")+") is in the future: it is not taken as a death.") {
		t.Errorf("profile list:\n%s", list)
	}
	if today := r.run(t, "today").ok(t).stdout; !strings.Contains(today, "Lena Living\n  The record's date of death") {
		t.Errorf("today:\n%s", today)
	}
	// --json says it too, as the words do (it had no field: the person simply had no
	// "deceased").
	var listed []struct{ FutureDeathDate string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &listed)
	var today []struct{ FutureDeathDate string }
	json.Unmarshal([]byte(r.run(t, "today", "--json").ok(t).stdout), &today)
	if len(listed) != 1 || listed[0].FutureDeathDate != future.Format("2006-01-02") || len(today) != 1 || today[0].FutureDeathDate != future.Format("2006-01-02") {
		t.Errorf("futureDeathDate: profile list %+v, today %+v", listed, today)
	}
	now := time.Now()
	rs := r.run(t, "reminders", "--json", "--from", now.Format("2006-01-02"), "--to", now.AddDate(0, 0, 2).Format("2006-01-02")).ok(t).stdout
	if strings.TrimSpace(rs) == "[]" {
		t.Errorf("no reminders for a person whose record dates the death in the future")
	}
}

// Regression: `profile add --birth-date 2030-01-01` was accepted, and an imported birthDate
// "1914-02-29" was shown in BORN as if it were a date; the summary of that person still works.
func TestBirthDatesChecked(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	tomorrow := time.Now().AddDate(0, 0, 2).Format("2006-01-02")
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", tomorrow).fails(t, 2, "--birth-date is after today")
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", "2023-02-29").fails(t, 2, "--birth-date must be a real date YYYY-MM-DD")
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", "2024-02-29").ok(t)

	file := filepath.Join(t.TempDir(), "leap.json")
	if err := os.WriteFile(file, []byte(`{"resourceType":"Patient","id":"x","name":[{"family":"Leap","given":["Lou"]}],"birthDate":"1914-02-29"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", file).ok(t)
	// A birth date after today is imported as the file gives it (the records are the person's),
	// flagged in words where it is shown (it was shown as a date).
	later := time.Now().AddDate(3, 0, 0)
	future := filepath.Join(t.TempDir(), "future.json")
	if err := os.WriteFile(future, []byte(`{"resourceType":"Patient","id":"y","name":[{"family":"Later","given":["Lia"]}],"birthDate":"`+later.Format("2006-01-02")+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	said := r.run(t, "import", future).ok(t).stdout
	if !strings.Contains(said, "the file's birth date ("+later.Format("2 Jan 2006")+") is after today: kept as the file gives it") {
		t.Errorf("import of a birth date after today: %q", said)
	}
	var sum map[string]any
	json.Unmarshal([]byte(r.run(t, "import", "--json", future).ok(t).stdout), &sum)
	if sum["birth_date_after_today"] != later.Format("2006-01-02") {
		t.Errorf("import --json: %v", sum)
	}
	list := r.run(t, "profile", "list").ok(t).stdout
	if !strings.Contains(list, "not a real date (1914-02-29)") || !strings.Contains(list, "29 Feb 2024") ||
		!strings.Contains(list, "in the future in the record ("+later.Format("2 Jan 2006")+")") {
		t.Errorf("profile list:\n%s", list)
	}
	var people []struct{ ID, Name, BirthDate string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	for _, p := range people {
		if p.Name == "Lou Leap" {
			if p.BirthDate != "1914-02-29" {
				t.Errorf("--json birthDate %q, want it as the record gives it", p.BirthDate)
			}
			r.run(t, "summary", "--profile", p.ID, "--from", "1900-01-01", "--to", time.Now().Format("2006-01-02"), "--out", filepath.Join(t.TempDir(), "s.pdf")).ok(t)
		}
	}
}

// Regression: a 600-character name widened profile list's NAME column past any terminal. It
// is cut with "…" in the listing; --json keeps it whole. ('profile add' takes at most 200
// characters since F308.)
func TestLongNameCutInListing(t *testing.T) {
	dir := newVault(t)
	r := in(dir)
	long := strings.Repeat("Bartholomew ", 17)[:199] // 200 characters but its last space
	r.run(t, "profile", "add", "--name", long, "--birth-date", "1950-01-02").ok(t)
	r.run(t, "profile", "add", "--name", "Ann", "--birth-date", "1960-01-02").ok(t)
	list := r.run(t, "profile", "list").ok(t).stdout
	for _, line := range strings.Split(strings.TrimSpace(list), "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("a line of %d characters: %q", n, line)
		}
	}
	if !strings.Contains(list, "Bartholomew Bartholomew Bartholomew Bar…") {
		t.Errorf("profile list:\n%s", list)
	}
	var people []struct{ Name string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	if len(people) != 2 || (people[0].Name != long && people[1].Name != long) {
		t.Errorf("--json lost the whole name")
	}
}
