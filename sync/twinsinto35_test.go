package sync_test

import (
	"errors"
	"fmt"
	"testing"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F455 (the import's part): a clinic file holding Rose and Lily, imported into Rose (the app's
// "Import into Rose Lindqvist", the CLI's --profile with --force), moved Lily's own Patient
// record to Rose ("1 updated") and put Lily's peak flow in Rose's charts. An import into a
// chosen person never moves another person's Patient: the file is refused, nothing written.
func TestImportIntoOneTwinNeverMovesTheOthersRecord(t *testing.T) {
	patient := func(id, given string) string {
		return fmt.Sprintf(`{"fullUrl":"https://ehr.example/fhir/Patient/%s","resource":{"resourceType":"Patient","id":%q,"name":[{"family":"Lindqvist","given":[%q]}],"gender":"female","birthDate":"2019-05-03"}}`, id, id, given)
	}
	obs := func(id, who, code string, v float64) string {
		return fmt.Sprintf(`{"fullUrl":"https://ehr.example/fhir/Observation/%s","resource":{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-12-06T15:30:00Z","valueQuantity":{"value":%v,"unit":"kg"}}}`, id, id, code, who, v)
	}
	bundle := func(entries ...string) []byte {
		out := `{"resourceType":"Bundle","type":"collection","entry":[`
		for i, e := range entries {
			if i > 0 {
				out += ","
			}
			out += e
		}
		return []byte(out + `]}`)
	}
	v, _ := newVault(t)
	importData(t, v, "twins.json", bundle(patient("rose-l", "Rose"), patient("lily-l", "Lily"), obs("w-r1", "rose-l", "29463-7", 23.6), obs("w-l1", "lily-l", "29463-7", 22.2)), cksync.Options{})
	holder := func(id string) string {
		r, err := v.Get(storage.ID{Source: "https://ehr.example/fhir", Type: "Patient", ID: id})
		if err != nil {
			t.Fatal(err)
		}
		return r.Profile
	}
	rose, lily := holder("rose-l"), holder("lily-l")
	if rose == lily {
		t.Fatalf("the twins are one person after the first file")
	}
	twins2 := bundle(patient("rose-l", "Rose"), patient("lily-l", "Lily"), obs("w-r2", "rose-l", "29463-7", 23.7), obs("pf-l2", "lily-l", "33452-4", 150))
	_, err := cksync.Import(ctx, v, "twins2.json", twins2, cksync.Options{Profile: rose})
	if !errors.Is(err, cksync.ErrPatientOfAnotherPerson) {
		t.Errorf("twins2.json into Rose: %v, want ErrPatientOfAnotherPerson", err)
	}
	if holder("lily-l") != lily {
		t.Errorf("Lily's Patient record moved to %s", holder("lily-l"))
	}
	if n := len(allRecords(t, v, storage.Query{Type: "Observation"})); n != 2 {
		t.Errorf("%d observations, want the first file's 2", n)
	}
	// Without a person chosen each twin's records go to her own; a file of Rose alone goes into her.
	importData(t, v, "twins2.json", twins2, cksync.Options{})
	if n := len(allRecords(t, v, storage.Query{Type: "Observation", Profile: lily})); n != 2 {
		t.Errorf("Lily holds %d observations, want 2", n)
	}
	importData(t, v, "rose.json", bundle(patient("rose-l", "Rose"), obs("w-r3", "rose-l", "29463-7", 23.8)), cksync.Options{Profile: rose})
	if n := len(allRecords(t, v, storage.Query{Type: "Observation", Profile: rose})); n != 3 {
		t.Errorf("Rose holds %d observations, want 3", n)
	}
}
