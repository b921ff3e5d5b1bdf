package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two people of one name (a mother and her daughter) are told apart by birth year in every
// text listing that names people, as import and the app's person choices do: a caregiver
// must know whose dose is overdue.
func TestTwoPeopleOfOneNameToldApartInListings(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "two.json")
	med := func(id, patient, at string) string {
		return `{"resource":{"resourceType":"MedicationRequest","id":"` + id + `","status":"active","intent":"order",
"medicationCodeableConcept":{"text":"Medicine ` + id + `"},"subject":{"reference":"Patient/` + patient + `"},"authoredOn":"2026-11-20",
"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["` + at + `"]}}}]}}`
	}
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"mum","name":[{"given":["Rosa"],"family":"Quintero"}],"birthDate":"1957-06-14"}},
{"resource":{"resourceType":"Patient","id":"kid","name":[{"given":["Rosa"],"family":"Quintero"}],"birthDate":"1984-02-03"}},
`+med("a", "mum", "09:00:00")+`,`+med("b", "kid", "07:00:00")+`]}`), 0o600)
	r.run(t, "import", f).ok(t)
	for _, args := range [][]string{
		{"today", "--at", "2026-12-04T09:02:00Z"},
		{"reminders", "--from", "2026-12-04", "--to", "2026-12-05"},
		{"medicines"},
		{"schedule", "list"},
	} {
		out := r.run(t, args...).ok(t).stdout
		for _, want := range []string{"Rosa Quintero (born 1957)", "Rosa Quintero (born 1984)"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in\n%s", args[0], want, out)
			}
		}
	}
}

// The calendar export counts its appointments in words, plural right: "Wrote 1
// appointment", "Wrote 2 appointments", never "appointment(s)".
func TestAppointmentExportCountsInWords(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "appts.json")
	appt := func(id, start string) string {
		return `{"resource":{"resourceType":"Appointment","id":"` + id + `","status":"booked","description":"Eye exam","start":"` + start + `",
"participant":[{"actor":{"reference":"Patient/p"},"status":"accepted"}]}}`
	}
	os.WriteFile(f, []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"resource":{"resourceType":"Patient","id":"p","name":[{"given":["Dana"],"family":"Lam"}],"birthDate":"2000-01-01"}},
`+appt("a", "2099-01-05T10:00:00Z")+`,`+appt("b", "2099-02-05T10:00:00Z")+`]}`), 0o600)
	r.run(t, "import", f).ok(t)
	var people []struct{ ID string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatalf("people: %v %v", people, err)
	}
	out := r.run(t, "appointment", "export", "--profile", people[0].ID, "--out", filepath.Join(t.TempDir(), "a.ics")).ok(t).stdout
	if !strings.Contains(out, "Wrote 2 appointments to ") || strings.Contains(out, "(s)") {
		t.Errorf("appointment export: %q", out)
	}
}

// F27: a Patient name of 3,000,000 characters from a file was printed whole as the heading of
// 'today', 'medicines' and 'results' (a 3 MB line); the heading is cut, --json keeps it.
func TestHugeNameHeadingIsCut(t *testing.T) {
	r := in(newVault(t))
	f := filepath.Join(t.TempDir(), "long.json")
	long := strings.Repeat("a", 3_000_000)
	os.WriteFile(f, []byte(`{"resourceType":"Patient","id":"x","name":[{"family":"`+long+`"}]}`), 0o600)
	r.run(t, "import", f).ok(t)
	for _, args := range [][]string{{"today", "--at", "2026-12-04T09:02:00Z"}, {"medicines"}, {"results"}} {
		out := r.run(t, args...).ok(t).stdout
		for _, line := range strings.Split(out, "\n") {
			if len(line) > 400 {
				t.Errorf("%s: a line of %d bytes: %.80s…", args[0], len(line), line)
			}
		}
		if !strings.Contains(out, "aaaa") {
			t.Errorf("%s: the person is not named:\n%.300s", args[0], out)
		}
	}
	var ps []struct{ Name string }
	// The person is named by the name's first 200 characters at import (sync.PersonName);
	// --json gives that name, and the record keeps the whole one.
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &ps); err != nil || len(ps) != 1 || ps[0].Name != long[:199]+"…" {
		t.Errorf("profile list --json should give the person's name, the file's first 200 characters (%d people, err %v)", len(ps), err)
	}
	if out := r.run(t, "records", "--json").ok(t).stdout; !strings.Contains(out, long) {
		t.Error("records --json does not keep the file's whole name")
	}
}
