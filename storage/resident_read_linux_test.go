package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestLongReadReleasesTablePages: a read through many records gives back the table pages it
// mapped as it goes (every releaseEvery records), so a scan of the whole vault does not end
// with every table resident. Before, a full read of the 100,000-resource vault kept 24–29 MB
// of tables resident until the command ended (records peaked at ~100 MB, now ~83).
func TestLongReadReleasesTablePages(t *testing.T) {
	dir := newVaultDir(t)
	w := openTestVault(t, dir, Options{})
	b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
	for i := range 5 * releaseEvery {
		id := ID{"local", "Observation", fmt.Sprintf("obs-%05d", i)}
		b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 1500),
			Meta: Meta{Date: fmt.Sprintf("2020-01-01T00:%02d:%02dZ", i/60%60, i%60)}})
	}
	write(t, w, b)
	if err := w.Close(); err != nil { // everything into tables
		t.Fatal(err)
	}
	ssts, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*.sst"))
	var total int64
	for _, p := range ssts {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	// Quiet: no compaction maps tables while the test looks.
	v := openTestVault(t, dir, Options{Quiet: true})
	v.maps.release() // what opening touched
	n := 0
	var atEnd int64
	err := v.Records(context.Background(), Query{Profile: "alice"}, func(r *Record) error {
		if n++; n == len(b.Records) {
			atEnd, _ = tablesResident(t, v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(b.Records) {
		t.Fatalf("read %d records, want %d", n, len(b.Records))
	}
	if total == 0 || atEnd > total/2 {
		t.Errorf("at the end of the read %d KiB of the %d KiB of tables are resident: the read kept what it mapped", atEnd>>10, total>>10)
	}
}
