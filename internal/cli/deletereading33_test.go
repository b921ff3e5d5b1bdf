package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F400: a weighing entered by mistake (47 kg for a girl of 46 lb) could be deleted only in the
// app (Results → Show the readings → Delete…); the CLI had no command for it. 'results entered'
// lists the readings entered by hand with their refs, 'results delete' deletes one as the app
// does (asked, or --yes), and refuses a reading from a file with where it came from.
func TestResultsDeleteAReadingEnteredByHand(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	obs := func(id, date string, v float64, unit, code string) map[string]any {
		return map[string]any{"fullUrl": "http://example.org/fhir/Observation/" + id, "resource": map[string]any{"resourceType": "Observation", "id": id, "status": "final",
			"subject": map[string]any{"reference": "Patient/lily"}, "code": map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "29463-7", "display": "Body weight"}}},
			"effectiveDateTime": date, "valueQuantity": map[string]any{"value": v, "unit": unit, "system": "http://unitsofmeasure.org", "code": code}}}
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"fullUrl": "http://example.org/fhir/Patient/lily", "resource": map[string]any{"resourceType": "Patient", "id": "lily", "name": []any{map[string]any{"given": []string{"Lily", "Rose"}, "family": "Moreno"}}, "birthDate": "2019-04-14"}},
		obs("w-file", "2026-11-20T10:00:00Z", 46, "lb", "[lb_av]"),
	}})
	f := filepath.Join(t.TempDir(), "lily.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	var people []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil || len(people) != 1 {
		t.Fatal(err, people)
	}
	lily := people[0].ID
	// The weighing as the app's Add measurement writes it.
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mine := []byte(`{"resourceType":"Observation","id":"w-mine","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"2026-12-06T13:30:00Z","valueQuantity":{"value":47,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`)
	rec, err := remind.OwnRecord(v, lily, storage.ID{Source: storage.AppSource, Type: "Observation", ID: "w-mine"}, mine)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	got := r.run(t, "results", "entered", "--profile", lily).ok(t).stdout
	for _, want := range []string{"Observation/w-mine", "Body weight", "47 kg", "6 Dec 2026, 13:30"} {
		if !strings.Contains(got, want) {
			t.Errorf("results entered: %q does not say %q", got, want)
		}
	}
	if strings.Contains(got, "w-file") {
		t.Errorf("results entered lists the file's reading: %q", got)
	}

	// The file's reading is refused, with where it came from; nothing changes.
	r.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/w-file", "--yes").fails(t, 1,
		"not deleted", "Observation/w-file", "it came from example.org", "only a reading entered here can be deleted")
	r.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/nothing", "--yes").fails(t, 1, "no reading Observation/nothing")
	// No terminal and no --yes: refused; a terminal answered "no": kept.
	r.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/w-mine").fails(t, 2, "add --yes")
	asked := r
	asked.password, asked.stdin = [][]byte{}, "no\n"
	res := asked.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/w-mine")
	if res.code != 1 || !strings.Contains(res.stderr, "Delete Body weight 47 kg, 6 Dec 2026, 13:30, entered by you, for Lily Rose Moreno?") || !strings.Contains(res.stderr, "nothing deleted") {
		t.Errorf("answered no: exit %d, stderr %q", res.code, res.stderr)
	}
	if got := r.run(t, "results", "--profile", lily).ok(t).stdout; !strings.Contains(got, "47 kg") {
		t.Errorf("after 'no' the reading is gone: %q", got)
	}

	got = r.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/w-mine", "--yes").ok(t).stdout
	if want := "Deleted Body weight 47 kg, 6 Dec 2026, 13:30, entered by you, for Lily Rose Moreno.\n"; got != want {
		t.Errorf("results delete: %q, want %q", got, want)
	}
	if got := r.run(t, "results", "--profile", lily).ok(t).stdout; strings.Contains(got, "47 kg") || !strings.Contains(got, "46 lb") {
		t.Errorf("results after the delete: %q", got)
	}
	if got := r.run(t, "results", "entered", "--profile", lily, "--json").ok(t).stdout; strings.TrimSpace(got) != "[]" {
		t.Errorf("results entered --json after the delete: %q", got)
	}
	r.run(t, "results", "delete", "--profile", lily, "--ref", "Observation/w-mine", "--yes").fails(t, 1, "deleted already")
	out := filepath.Join(t.TempDir(), "out.json")
	r.run(t, "export", "--profile", lily, "--out", out).ok(t)
	if b, _ := os.ReadFile(out); strings.Contains(string(b), "w-mine") {
		t.Errorf("the export still carries the deleted reading")
	}
}
