package storage

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// A quiet vault has no background compactors. Regression: what it wrote stayed in level 0,
// so a quiet vault that kept writing (the app, an import) would reach Badger's level-0 stall
// and hang every write. Writes now compact it once level 0 fills.
func TestQuietVaultCompactsWhenThereIsWork(t *testing.T) {
	dir := newVaultDir(t)
	opt := Options{Quiet: true, MemTableSize: 6 << 20}
	v := openTestVault(t, dir, opt)
	const batches, per = 7, 4200 // ~44 MB of incompressible resources, 7 memtables
	for b := 0; b < batches; b++ {
		batch := &Batch{File: fmt.Sprintf("f%d.json", b), Now: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Profiles: []Profile{{ID: "p1", Name: "First"}}}
		for i := 0; i < per; i++ {
			id := fmt.Sprintf("q%d-%04d", b, i)
			batch.Records = append(batch.Records, Record{Profile: "p1", ID: ID{"local", "Observation", id}, Resource: randomResource("Observation", id, 1500),
				Meta: Meta{FullURL: "urn:uuid:" + id, Date: "2020-01-01T00:00:00Z"}})
		}
		if _, err := v.Write(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		if l0 := v.db.Levels()[0].NumTables; l0 >= v.db.Opts().NumLevelZeroTablesStall {
			t.Fatalf("level 0 holds %d tables: writes would stall", l0)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v = openTestVault(t, dir, opt)
	below := 0
	for _, l := range v.db.Levels()[1:] {
		below += l.NumTables
	}
	if below == 0 {
		t.Errorf("nothing was compacted out of level 0: %s", v.db.LevelsToString())
	}
	if n := countRecords(t, v, Query{}); n != batches*per {
		t.Errorf("%d records, want %d", n, batches*per)
	}
	checkConsistency(t, v)
}
