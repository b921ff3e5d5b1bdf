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

// F401: a measurement added in the app (no subject at all) and an appointment added with
// 'appointment add' (the person by name only) went to no one from a whole-vault export of
// two people imported on a new computer: "2 records name no one", the child's weighing and
// "Ear check" gone from her. Now both name her Patient when written (remind.OwnRecord,
// remind.PersonActor), and ones written before are given it on export (remind.NameThePerson).
func TestOwnMeasurementsAndAppointmentsKeepTheirPersonOnANewComputer(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"fullUrl": "http://example.org/fhir/Patient/lily", "resource": map[string]any{"resourceType": "Patient", "id": "lily", "name": []any{map[string]any{"given": []string{"Lily", "Rose"}, "family": "Moreno"}}, "birthDate": "2019-04-14"}},
		map[string]any{"fullUrl": "http://example.org/fhir/Patient/jorge", "resource": map[string]any{"resourceType": "Patient", "id": "jorge", "name": []any{map[string]any{"given": []string{"Jorge"}, "family": "Lopez"}}, "birthDate": "1946-02-11"}},
	}})
	f := filepath.Join(t.TempDir(), "two.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	var lily string
	var people []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if strings.HasPrefix(p.Name, "Lily") {
			lily = p.ID
		}
	}
	r.run(t, "appointment", "add", "--profile", lily, "--start", "2026-12-10T09:30", "--title", "Ear check").ok(t)
	if got := r.run(t, "records", "--profile", lily, "--type", "Appointment", "--json").ok(t).stdout; !strings.Contains(got, `"reference":"Patient/lily"`) {
		t.Errorf("'appointment add' wrote %s, naming her not by her Patient", got)
	}
	// A weighing as Add measurement writes it now, and one as it wrote it before (no subject).
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	weighing := func(id, kg string) []byte {
		return []byte(`{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"2026-12-01T09:00:00Z","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`)
	}
	now, err := remind.OwnRecord(v, lily, storage.ID{Source: storage.AppSource, Type: "Observation", ID: "w-now"}, weighing("w-now", "20.9"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(now.Resource), `"subject":{"reference":"Patient/lily"}`) {
		t.Errorf("a measurement added now: %s", now.Resource)
	}
	before, err := storage.NewRecord(lily, storage.ID{Source: storage.AppSource, Type: "Observation", ID: "w-before"}, weighing("w-before", "20.7"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{now, before}}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	out := filepath.Join(t.TempDir(), "all.json")
	r.run(t, "export", "--out", out).ok(t)
	dir2 := newVault(t)
	r2 := in(dir2).with("TZ", "UTC")
	if line := r2.run(t, "import", out).ok(t).stdout; strings.Contains(line, "name no one") || strings.Contains(line, "names no one") {
		t.Errorf("on the new computer: %s", line)
	}
	var people2 []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(r2.run(t, "profile", "list", "--json").ok(t).stdout), &people2); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ typ, what string }{{"Observation", `"id":"w-now"`}, {"Observation", `"id":"w-before"`}, {"Appointment", "Ear check"}} {
		under := []string{}
		for _, p := range people2 {
			if strings.Contains(r2.run(t, "records", "--profile", p.ID, "--type", c.typ, "--json").ok(t).stdout, c.what) {
				under = append(under, p.Name)
			}
		}
		if len(under) != 1 || under[0] != "Lily Rose Moreno" {
			t.Errorf("on the new computer %s %s is under %q, want Lily Rose Moreno alone", c.typ, c.what, under)
		}
	}
}
