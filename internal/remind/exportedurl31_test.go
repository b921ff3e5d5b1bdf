package remind

import (
	"bytes"
	"context"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync"
)

// A portal's records carry absolute fullUrls ("http://example.org/fhir/Patient/maria"); the
// records CareKeeper made itself (a dose answered, a medicine the person added) have none and
// name the person "Patient/maria", or only "the person". Their export, imported on a new
// computer, put the doses under a new "Unnamed person" (Metformin taken at 09:30 was due again)
// and the added medicine under no one (F363). Whole-vault exports of several people and one-person exports alike.
func TestExportWithPortalURLsKeepsCareKeepersRecordsWithThePerson(t *testing.T) {
	ctx := context.Background()
	utc := time.UTC
	at := func(h, m int) time.Time { return time.Date(2026, 12, 6, h, m, 0, 0, utc) }
	portal := []byte(`{"resourceType":"Bundle","type":"collection","entry":[
{"fullUrl":"http://example.org/fhir/Patient/maria","resource":{"resourceType":"Patient","id":"maria","name":[{"family":"Lopez","given":["Maria"]}],"birthDate":"1948-05-03"}},
{"fullUrl":"http://example.org/fhir/Patient/jorge","resource":{"resourceType":"Patient","id":"jorge","name":[{"family":"Lopez","given":["Jorge"]}],"birthDate":"1946-02-11"}},
{"fullUrl":"http://example.org/fhir/MedicationRequest/mm1","resource":{"resourceType":"MedicationRequest","id":"mm1","status":"active","intent":"order","subject":{"reference":"Patient/maria"},"authoredOn":"2026-11-01","medicationCodeableConcept":{"text":"Metformin 500 MG Oral Tablet"},"dosageInstruction":[{"timing":{"repeat":{"timeOfDay":["09:30:00","21:30:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]}}]}`)

	a := openVault(t)
	sum, err := sync.Import(ctx, a, "maria.json", portal, sync.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var pa string
	people, err := a.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.Name == "Maria Lopez" {
			pa = p.ID
		}
	}
	if len(people) != 2 || pa == "" {
		t.Fatalf("the portal's file made %+v, want Maria and Jorge (%s)", people, sum.Describe())
	}
	m, err := Load(ctx, a, LoadOptions{Device: utc})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(pa, "MedicationRequest/mm1")
	if med == nil {
		t.Fatal("no Metformin")
	}
	if _, err := RecordDose(ctx, a, med, DoseAction{Occurrence: "2026-12-06T09:30", Scheduled: at(9, 30), When: at(9, 35)}); err != nil {
		t.Fatal(err)
	}
	if _, err := AddOwnMedicine(ctx, a, pa, "Vitamin D 1000 IU", at(9, 40)); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct{ name, profile string }{{"the whole vault's export", ""}, {"Maria's export", pa}} {
		var file bytes.Buffer
		if _, err := sync.Export(ctx, a, c.profile, &file); err != nil {
			t.Fatal(err)
		}
		b := openVault(t)
		if _, err := sync.Import(ctx, b, "export.json", file.Bytes(), sync.Options{}); err != nil {
			t.Fatal(err)
		}
		people, err := b.Profiles()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		pb := ""
		for _, p := range people {
			names = append(names, p.Name)
			if p.Name == "Maria Lopez" {
				pb = p.ID
			}
		}
		if want := map[string]int{"": 2, pa: 1}[c.profile]; len(people) != want || pb == "" {
			t.Errorf("%s imported on a new computer makes %d people %q, want %d with Maria, no one unnamed", c.name, len(people), names, want)
			continue
		}
		mb, err := Load(ctx, b, LoadOptions{Device: utc})
		if err != nil {
			t.Fatal(err)
		}
		st := mb.DoseStates(pb, at(0, 0), at(12, 0), at(12, 0))
		if len(st) != 1 || st[0].State != DoseTaken {
			t.Errorf("%s imported on a new computer: the 09:30 dose reads %+v, want taken", c.name, st)
		}
		own := 0
		if err := b.Records(ctx, storage.Query{Profile: pb, Type: "MedicationStatement"}, func(*storage.Record) error {
			own++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if own != 1 {
			t.Errorf("%s imported on a new computer: Maria has %d medicines she added herself, want 1 (Vitamin D)", c.name, own)
		}
	}
}
