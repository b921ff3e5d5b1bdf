package sync_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F416 (rest): export left out the records marked deleted, but not the shared records only
// they referred to: Maria's Metformin prescription, deleted, left its Medication (and the
// Medication's maker) in every export, a medicine of hers on the new computer with nothing to
// say she stopped it. What a kept record refers to, and a shared record no record refers to,
// stay; per person and for the whole vault, Export and ExportFile alike.
func TestExportLeavesOutWhatOnlyDeletedRecordsReferTo(t *testing.T) {
	v, _ := newVault(t)
	entry := func(typ, id, body string) string {
		return `{"fullUrl":"http://example.org/fhir/` + typ + `/` + id + `","resource":{"resourceType":"` + typ + `","id":"` + id + `"` + body + `}}`
	}
	file := `{"resourceType":"Bundle","type":"collection","entry":[` +
		entry("Patient", "maria", `,"name":[{"family":"Lopez","given":["Maria"]}],"birthDate":"1948-05-03"`) + `,` +
		entry("MedicationRequest", "mr1", `,"status":"active","intent":"order","subject":{"reference":"Patient/maria"},"medicationReference":{"reference":"Medication/met"},"authoredOn":"2026-11-01"`) + `,` +
		entry("MedicationRequest", "mr2", `,"status":"active","intent":"order","subject":{"reference":"Patient/maria"},"medicationReference":{"reference":"Medication/ator"},"authoredOn":"2026-11-01"`) + `,` +
		entry("Medication", "met", `,"code":{"text":"Metformin 500 mg tablet"},"manufacturer":{"reference":"Organization/maker1"}`) + `,` +
		entry("Medication", "ator", `,"code":{"text":"Atorvastatin 20 mg tablet"},"manufacturer":{"reference":"Organization/maker2"}`) + `,` +
		entry("Organization", "maker1", `,"name":"Maker One"`) + `,` +
		entry("Organization", "maker2", `,"name":"Maker Two"`) + `,` +
		entry("Organization", "alone", `,"name":"Imported on its own"`) + `]}`
	s := importData(t, v, "lopez.json", []byte(file), cksync.Options{})
	var shared int
	v.Records(ctx, storage.Query{Profile: storage.SharedProfile, MetaOnly: true}, func(*storage.Record) error { shared++; return nil })
	if shared != 5 {
		t.Fatalf("%d shared records, want the 2 medicines, their 2 makers and the lone one", shared)
	}
	mr1 := storage.ID{Source: "http://example.org/fhir", Type: "MedicationRequest", ID: "mr1"}
	if _, err := v.Write(ctx, &storage.Batch{Deleted: []storage.ID{mr1}, Now: time.Now(), Durable: true}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		profile string
		want    []string
	}{
		{s.Profile, []string{"Patient/maria", "Medication/ator", "MedicationRequest/mr2", "Organization/maker2"}},
		{"", []string{"Patient/maria", "Medication/ator", "MedicationRequest/mr2", "Organization/alone", "Organization/maker2"}},
	} {
		b := export(t, v, c.profile)
		var bundle struct {
			Entry []struct {
				Resource struct{ ResourceType, ID string }
			}
		}
		if err := json.Unmarshal(b, &bundle); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range bundle.Entry {
			got = append(got, e.Resource.ResourceType+"/"+e.Resource.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("export (profile %q) holds %v, want %v", c.profile, got, c.want)
		}
		out := filepath.Join(t.TempDir(), "export.json")
		if _, err := cksync.ExportFile(ctx, v, c.profile, out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(testutil.ReadFile(t, out), b) {
			t.Errorf("ExportFile and Export differ (profile %q)", c.profile)
		}
		os.Remove(out)
	}
}
