package storage

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// tablesResident is the resident size (bytes) of the process's maps of the vault's tables
// (Linux: /proc/self/smaps); ok is false elsewhere.
func tablesResident(t *testing.T, v *Vault) (n int64, ok bool) {
	t.Helper()
	if runtime.GOOS != "linux" {
		return 0, false
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ours := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if fields := strings.Fields(line); len(fields) >= 5 && strings.Contains(fields[0], "-") && len(fields[1]) == 4 {
			ours = len(fields) >= 6 && strings.HasPrefix(fields[5], v.dir) && strings.HasSuffix(fields[5], ".sst")
			continue
		}
		if ours && strings.HasPrefix(line, "Rss:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			n += kb << 10
		}
	}
	return n, true
}

// Badger keeps every table it wrote resident through its memory map; after a bulk write the
// vault gives those pages back (resident.go). The tables must still read the same afterwards.
func TestTablePagesReleased(t *testing.T) {
	dir := newVaultDir(t)
	w := openTestVault(t, dir, Options{MemTableSize: 2 << 20})
	if len(w.maps.levels) == 0 {
		t.Fatal("Badger's level handlers were not found (badger.DB.lc, levelsController.levels or levelHandler.tables renamed or retyped?): imports would keep every table resident")
	}
	ctx := context.Background()
	b := baseBatch(2000)
	write(t, w, b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened quiet and only read: no flush or compaction writes a table while the test looks.
	v := openTestVault(t, dir, Options{Quiet: true})
	read := func() map[string][]byte {
		got := map[string][]byte{}
		if err := v.Records(ctx, Query{Profile: "p1"}, func(r *Record) error {
			got[r.ID.ID] = bytes.Clone(r.Resource)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	before := read()
	if len(before) != len(b.Records) {
		t.Fatalf("read %d records, wrote %d", len(before), len(b.Records))
	}
	if res, ok := tablesResident(t, v); ok && res == 0 {
		t.Fatal("no table is resident before the release: the test checks nothing")
	}
	if n := v.maps.release(); n == 0 {
		t.Fatal("release went through no table")
	}
	if res, ok := tablesResident(t, v); ok && res > 64<<10 {
		t.Errorf("%d bytes of tables still resident after the release", res)
	}
	after := read()
	for id, r := range before {
		if !bytes.Equal(after[id], r) {
			t.Fatalf("record %s reads differently after the release", id)
		}
	}
}
