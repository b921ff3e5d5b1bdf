package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// F126: `checkin add` took a check-in for a person who died and one dated years ahead, and
// said only "QuestionnaireResponse/8926…"; `checkin list` said the guide's slug and symptom
// keys ("asthma  3/10  wheeze"), and nothing (exit 0) for a person not in the vault. Now:
// refused (one line, neither name nor date), said in the guide's words, unknown person exit 1.
func TestCheckinInWordsAndOnlyForTheLiving(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "Europe/Dublin")
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
	lena, gone := ids["Lena Living"], ids["Lena Gone"]
	if lena == "" || gone == "" {
		t.Fatalf("people %+v", people)
	}

	res := r.run(t, "checkin", "add", "--profile", gone, "--condition", "asthma", "--severity", "3").fails(t, 1, "has died", "no check-in was added")
	if strings.Contains(res.stderr, "Gone") || strings.Contains(res.stderr, "2020") {
		t.Errorf("the refusal names the person or the date: %q", res.stderr)
	}
	ahead := time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)
	r.run(t, "checkin", "add", "--profile", lena, "--condition", "asthma", "--severity", "3", "--at", ahead).fails(t, 2, "--at is in the future")

	out := r.run(t, "checkin", "add", "--profile", lena, "--condition", "asthma", "--severity", "4", "--symptoms", "wheeze",
		"--at", "2026-03-04T09:30:00Z").ok(t).stdout
	if want := "Recorded: Asthma check-in, 4 Mar 2026, 09:30, bothered 4 of 10: A whistling sound when breathing (wheezing).\n"; out != want {
		t.Errorf("checkin add said %q, want %q", out, want)
	}
	list := r.run(t, "checkin", "list", "--profile", lena).ok(t).stdout
	for _, want := range []string{"4 Mar 2026, 09:30", "Asthma", "bothered 4 of 10", "A whistling sound when breathing (wheezing)"} {
		if !strings.Contains(list, want) {
			t.Errorf("checkin list: no %q in %q", want, list)
		}
	}
	if strings.Contains(list, "wheeze,") || strings.Contains(list, "asthma ") || strings.Contains(list, "4/10") {
		t.Errorf("checkin list says keys: %q", list)
	}
	var recs []json.RawMessage
	json.Unmarshal([]byte(r.run(t, "records", "--profile", gone, "--type", "QuestionnaireResponse", "--json").ok(t).stdout), &recs)
	if len(recs) != 0 {
		t.Errorf("a check-in was stored for the person who died: %d", len(recs))
	}
	r.run(t, "checkin", "list", "--profile", "nosuch").fails(t, 1, "no such profile")
}
