package storage

import (
	"fmt"
	"testing"
)

// releaseRange goes through only the tables that may hold keys of the range a scan read (a
// long scan released every table every 512 records: ~70 system calls each at 100k); the open
// range is every table, as release.
func TestReleaseRangeOnlyTablesOfTheRange(t *testing.T) {
	dir := newVaultDir(t)
	w := openTestVault(t, dir, Options{MemTableSize: 1 << 20}) // a table every MiB or so
	for part := range 8 {
		b := &Batch{Now: t0, Profiles: []Profile{{ID: "alice", Name: "Alice", Created: t0}}}
		for i := part * 500; i < (part+1)*500; i++ {
			id := ID{"local", "Observation", fmt.Sprintf("obs-%05d", i)}
			b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: randomResource("Observation", id.ID, 1500),
				Meta: Meta{Date: fmt.Sprintf("2020-01-%02dT%02d:%02d:00Z", 1+i/1440, i/60%24, i%60)}})
		}
		write(t, w, b)
	}
	if err := w.Close(); err != nil { // everything into tables
		t.Fatal(err)
	}
	v := openTestVault(t, dir, Options{Quiet: true})
	// Level 0's tables overlap (each flush holds every kind of key), and whether a compaction
	// ran before Close depends on timing (it had not in one CI run: 9 tables of 9 held the
	// key). Flatten puts every table on one level, where their key ranges do not overlap.
	if err := v.db.Flatten(1); err != nil {
		t.Fatal(err)
	}
	all := v.maps.release()
	if all < 3 {
		t.Fatalf("%d tables: the test needs several", all)
	}
	if n := v.maps.releaseRange(nil, nil); n != all {
		t.Errorf("the open range went through %d tables, release %d", n, all)
	}
	k := recordKey("alice", "2020-01-02T00:00:00Z", ID{"local", "Observation", "obs-01440"})
	if n := v.maps.releaseRange(k, k); n < 1 || n >= all {
		t.Errorf("one record's key: %d tables of %d", n, all)
	}
	if n := v.maps.releaseRange([]byte("zz"), nil); n != 0 {
		t.Errorf("a range after every key: %d tables", n)
	}
}
