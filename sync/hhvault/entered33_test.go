package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"
)

// F426: on Walter's PC the Timeline said "entered by you" of a weight and an insulin dose his
// daughter entered on her own laptop. A record entered in CareKeeper on another device of the
// household is said as entered on that device; this computer's own stay "entered by you".
func TestEnteredOnAnotherDeviceIsSaid(t *testing.T) {
	ctx := context.Background()
	a, b, ha, hb := pairVaults(t, Config{Folder: t.TempDir()})
	p, err := a.AddProfile("Walter Pennington", "1945-01-01")
	if err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, ha, hb, ha, hb)
	entered := func(v *storage.Vault, id string, typ string) storage.ID {
		rid := storage.ID{Source: storage.AppSource, Type: typ, ID: id}
		body := `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"text":"Body weight"},"effectiveDateTime":"2026-12-06T07:15:00Z","valueQuantity":{"value":84.9,"unit":"kg"}}`
		if typ == "MedicationAdministration" {
			body = `{"resourceType":"MedicationAdministration","id":"` + id + `","status":"completed","effectiveDateTime":"2026-12-06T16:20:00Z","medicationCodeableConcept":{"text":"Insulin glargine"}}`
		}
		rec, err := storage.NewRecord(p.ID, rid, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
		return rid
	}
	theirs := []storage.ID{entered(b, "w-clare", "Observation"), entered(b, "d-clare", "MedicationAdministration")}
	ours := entered(a, "w-pc", "Observation")
	exchangeAll(t, hb, ha, hb, ha)
	names, self, err := DeviceNames(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range theirs {
		if _, err := a.Get(id); err != nil {
			t.Fatalf("%s did not reach the PC: %v", id.ID, err)
		}
		w := health.Where{Source: id.Source, Device: EnteredOn(a, names, self, id)}
		if got := w.Words(time.UTC); got != "entered on b" {
			t.Errorf("%s, entered on b, is said on a as %q", id.ID, got)
		}
	}
	if got := (health.Where{Source: ours.Source, Device: EnteredOn(a, names, self, ours)}).Words(time.UTC); got != "entered by you" {
		t.Errorf("a's own weight is said on a as %q", got)
	}
}
