package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// F104: `appointment add` said only "Appointment/0df06…" (an id where a person reads) and
// added an appointment for a person who died without a word (the app's Appointments has
// nothing to add for them). It now says what was added, for whom, on the person's clock, and
// refuses for a person who died in one line naming neither them nor the date; --json keeps
// {"ref"}.
func TestAppointmentAddSaysWhatInWords(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "America/New_York")
	living := livingBundle(t)
	src, err := os.ReadFile(living)
	if err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(t.TempDir(), "dead.json")
	body := strings.NewReplacer(`"id":"liv"`, `"id":"dead"`, `"Patient/liv"`, `"Patient/dead"`, `"family":"Living"`, `"family":"Gone"`,
		`"birthDate":"1960-05-01"`, `"birthDate":"1930-01-01","deceasedDateTime":"2020-02-02"`).Replace(string(src))
	if err := os.WriteFile(dead, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", living, dead).ok(t)
	var people []struct{ ID, Name string }
	json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people)
	ids := map[string]string{}
	for _, p := range people {
		ids[p.Name] = p.ID
	}
	if len(ids) != 2 || ids["Lena Living"] == "" || ids["Lena Gone"] == "" {
		t.Fatalf("people %+v", people)
	}

	out := r.run(t, "appointment", "add", "--profile", ids["Lena Living"], "--start", "2030-03-04T15:00:00Z",
		"--title", "Eye test", "--location", "Optician").ok(t).stdout
	if want := "Added for Lena Living: Eye test, 4 Mar 2030, 10:00, at Optician.\n"; out != want {
		t.Errorf("appointment add said %q, want %q", out, want)
	}
	var j struct{ Ref string }
	if err := json.Unmarshal([]byte(r.run(t, "appointment", "add", "--json", "--profile", ids["Lena Living"],
		"--start", "2030-03-05T15:00:00Z", "--title", "Dentist").ok(t).stdout), &j); err != nil || !strings.HasPrefix(j.Ref, "Appointment/") {
		t.Errorf("--json: %+v %v", j, err)
	}

	res := r.run(t, "appointment", "add", "--profile", ids["Lena Gone"], "--start", "2030-03-04T15:00:00Z", "--title", "Eye test").
		fails(t, 1, "has died", "no appointment was added")
	if strings.Contains(res.stderr, "Gone") || strings.Contains(res.stderr, "2020") {
		t.Errorf("the refusal names the person or the date: %q", res.stderr)
	}
	var recs []json.RawMessage
	json.Unmarshal([]byte(r.run(t, "records", "--profile", ids["Lena Gone"], "--type", "Appointment", "--json").ok(t).stdout), &recs)
	if len(recs) != 0 {
		t.Errorf("an appointment was stored for the person who died: %d", len(recs))
	}
}
