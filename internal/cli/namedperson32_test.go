package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carekeeper/storage"
)

// F363 (rest): a medicine added by hand before F363's fix names only "the person" (no
// Patient). A whole-vault export of several people, imported on a new computer, gave it to no
// one: Maria's Vitamin D was gone from her medicines. 'export' now names her Patient in such
// records first (written to the vault, each on its own), so the medicine, and a dose answered
// for it, come back to her; a one-person export does too.
func TestExportGivesAMedicineAddedBeforeF363ToItsPerson(t *testing.T) {
	dir := newVault(t)
	r := in(dir).with("TZ", "UTC")
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"fullUrl": "http://example.org/fhir/Patient/maria", "resource": map[string]any{"resourceType": "Patient", "id": "maria", "name": []any{map[string]any{"given": []string{"Maria"}, "family": "Lopez"}}, "birthDate": "1948-05-03"}},
		map[string]any{"fullUrl": "http://example.org/fhir/Patient/jorge", "resource": map[string]any{"resourceType": "Patient", "id": "jorge", "name": []any{map[string]any{"given": []string{"Jorge"}, "family": "Lopez"}}, "birthDate": "1946-02-11"}},
	}})
	f := filepath.Join(t.TempDir(), "lopez.json")
	if err := os.WriteFile(f, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r.run(t, "import", f).ok(t)
	var maria string
	var people []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(r.run(t, "profile", "list", "--json").ok(t).stdout), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if strings.HasPrefix(p.Name, "Maria") {
			maria = p.ID
		}
	}
	// the Vitamin D as the app added it before F363's fix, and a dose answered for it
	v, err := storage.Open(dir, []byte(pass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	old := []storage.Record{}
	for _, res := range []string{
		`{"resourceType":"MedicationStatement","id":"vd1","status":"active","medicationCodeableConcept":{"text":"Vitamin D 1000 IU"},"subject":{"display":"the person"},"dateAsserted":"2026-11-20T10:00:00Z","dosage":[{"text":"tablet, with food"}]}`,
		`{"resourceType":"MedicationAdministration","id":"vd1-dose","status":"completed","medicationCodeableConcept":{"text":"Vitamin D 1000 IU"},"subject":{"display":"the person"},"effectiveDateTime":"2026-11-21T09:00:00Z","supportingInformation":[{"reference":"MedicationStatement/vd1"}]}`,
	} {
		var id struct{ ResourceType, ID string }
		json.Unmarshal([]byte(res), &id)
		rec, err := storage.NewRecord(maria, storage.ID{Source: storage.AppSource, Type: id.ResourceType, ID: id.ID}, []byte(res))
		if err != nil {
			t.Fatal(err)
		}
		old = append(old, rec)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: old}); err != nil {
		t.Fatal(err)
	}
	v.Close()

	for _, c := range []struct {
		name string
		args []string
	}{
		{"the whole vault's export", nil},
		{"Maria's export", []string{"--profile", maria}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "all.json")
			r.run(t, append([]string{"export", "--out", out}, c.args...)...).ok(t)
			dir2 := newVault(t)
			r2 := in(dir2).with("TZ", "UTC")
			r2.run(t, "import", out).ok(t)
			var people2 []struct{ ID, Name string }
			if err := json.Unmarshal([]byte(r2.run(t, "profile", "list", "--json").ok(t).stdout), &people2); err != nil {
				t.Fatal(err)
			}
			for _, typ := range []string{"MedicationStatement", "MedicationAdministration"} {
				under := []string{}
				for _, p := range people2 {
					if strings.Contains(r2.run(t, "records", "--profile", p.ID, "--type", typ, "--json").ok(t).stdout, "Vitamin D") {
						under = append(under, p.Name)
					}
				}
				if len(under) != 1 || under[0] != "Maria Lopez" {
					t.Errorf("on the new computer the %s added by hand is under %q, want Maria Lopez alone", typ, under)
				}
			}
			if med := r2.run(t, "medicines").ok(t).stdout; !strings.Contains(med, "# Maria Lopez\ntaking  Vitamin D 1000 IU") {
				t.Errorf("on the new computer 'medicines':\n%s", med)
			}
		})
	}
}
