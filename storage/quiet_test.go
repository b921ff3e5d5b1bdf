package storage

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for Badger's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A quiet vault has no background compactors. Regression: what it wrote stayed in level 0,
// so a quiet vault that kept writing (the app, an import) would reach Badger's level-0 stall
// and hang every write. Writes now compact it once level 0 fills. Regression: that compaction
// ran Badger's Flatten with two workers racing for the same level-0 tables; the loser logged
// "Unable to fill tables" as a warning (on the app's stderr) although the compaction succeeded.
func TestQuietVaultCompactsWhenThereIsWork(t *testing.T) {
	dir := newVaultDir(t)
	var logs syncBuffer
	opt := Options{Quiet: true, MemTableSize: 6 << 20, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))}
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
	if logs.String() != "" {
		t.Errorf("a quiet vault's compaction logged warnings:\n%s", logs.String())
	}
}
