package sync_test

import (
	"math"
	"os"
	"path/filepath"
	"runtime/metrics"
	"testing"

	cksync "carekeeper/sync"
)

// allocated is how many bytes the process has allocated on the heap so far.
func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// A large file imported again that changed nothing costs no more than its import (F61: one
// large NDJSON file's "nothing new" took 197 MB and 10.4 s CPU against 125 MB and 6.2 s for the
// import; Write looked each record up in the file's order, decompressing a table block per
// lookup, and loaded every record from the file again). Measured as the bytes the process
// allocates, read line by line and whole: at 6,000 resources (in the memtable, no blocks to
// decompress) again ÷ import was 0.82 and 0.92 before, 0.28 and 0.57 after. The file read
// whole is parsed again whole.
func TestReimportNothingNewCostsLessThanImport(t *testing.T) {
	const n = 6000
	path := filepath.Join(t.TempDir(), "bulk.ndjson")
	if err := os.WriteFile(path, bulkExport(t, n), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		min  int64
		most float64 // again ÷ import
	}{{"line by line", 1, 0.5}, {"whole", math.MaxInt64, 0.75}} {
		t.Run(tc.name, func(t *testing.T) {
			defer cksync.SetStreamMinBytes(tc.min)()
			v, _ := newVault(t)
			var allocs [2]uint64
			for i := range allocs {
				before := allocated()
				s, err := cksync.ImportFile(ctx, v, path, cksync.Options{})
				allocs[i] = allocated() - before
				if err != nil {
					t.Fatal(err)
				}
				if i == 1 && (s.Unchanged != n || len(s.Added)+len(s.Updated) != 0) {
					t.Fatalf("again: %+v, want %d unchanged", s, n)
				}
			}
			t.Logf("allocated: import %d KB, again %d KB", allocs[0]>>10, allocs[1]>>10)
			if float64(allocs[1]) > tc.most*float64(allocs[0]) {
				t.Errorf("importing again allocated %d KB, the import %d KB: want at most %.2f of it", allocs[1]>>10, allocs[0]>>10, tc.most)
			}
		})
	}
}
