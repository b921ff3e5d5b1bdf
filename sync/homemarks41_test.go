package sync_test

import (
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
)

// F525 item 12 for a vault imported before the mark: Kenji's home monitor readings and
// Gérard's scale ("pèse-personne") stayed unmarked until the file was imported again, and the
// cards offered to keep track of what they kept track of. MarkHomeReadings marks them where
// they are, once, keeping everything else of the record; a clinic's reading stays unmarked.
func TestMarkHomeReadingsOfAnOldVault(t *testing.T) {
	v, _ := newVault(t)
	p, err := v.AddProfile("Kenji Tanaka", "1961-04-02")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	obs := func(id, device string) storage.Record {
		dev := ""
		if device != "" {
			dev = `,"device":{"display":"` + device + `"}`
		}
		r, err := storage.NewRecord(p.ID, storage.ID{Source: "https://fhir.balmaingp.example.com.au", Type: "Observation", ID: id}, []byte(
			`{"resourceType":"Observation","id":"`+id+`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-11-30T07:00:00+11:00"`+dev+`}`))
		if err != nil {
			t.Fatal(err)
		}
		return r // as a CareKeeper that kept no mark stored it
	}
	recs := []storage.Record{obs("bp1", "Omron HEM-7361T home monitor"), obs("w1", "Withings Body+ (pèse-personne)"), obs("clinic", ""), obs("model", "Omron HEM-907")}
	if _, err := v.Write(ctx, &storage.Batch{File: "balmain-gp.json", Now: at, Records: recs}); err != nil {
		t.Fatal(err)
	}
	n, err := cksync.MarkHomeReadings(ctx, v)
	if err != nil || n != 2 {
		t.Fatalf("marked %d (%v), want 2", n, err)
	}
	for id, home := range map[string]bool{"bp1": true, "w1": true, "clinic": false, "model": false} {
		r, err := v.Get(storage.ID{Source: "https://fhir.balmaingp.example.com.au", Type: "Observation", ID: id})
		if err != nil {
			t.Fatal(err)
		}
		if r.Meta.Home != home || r.Meta.File != "balmain-gp.json" || !r.Meta.ImportedAt.Equal(at) {
			t.Errorf("%s: home %v from %q at %v, want home %v from balmain-gp.json at %v", id, r.Meta.Home, r.Meta.File, r.Meta.ImportedAt, home, at)
		}
	}
	// once: the next call reads nothing
	if _, err := v.Write(ctx, &storage.Batch{File: "later.json", Now: at, Records: []storage.Record{obs("bp2", "Omron home monitor")}}); err != nil {
		t.Fatal(err)
	}
	if n, err := cksync.MarkHomeReadings(ctx, v); err != nil || n != 0 {
		t.Errorf("second call marked %d (%v), want none", n, err)
	}
}
