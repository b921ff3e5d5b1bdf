package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
)

// newRecordsBatch is a batch of n records the vault of baseBatch does not hold; every third
// takes the full URL of a stored record (a full URL is not part of a record's identity).
func newRecordsBatch(n int) *Batch {
	b := journalBatch(baseBatch(0), n, "new")
	for i := range b.Records {
		if i%3 == 0 {
			b.Records[i].Meta.FullURL = fmt.Sprintf("urn:uuid:base-%05d", i)
		}
	}
	return b
}

// A journaled write reads, for its undo entries, only the keys that may be in the vault: not
// the record key, identity and index entries of a record the vault does not hold, but its
// full URL's entry, which another record may hold, and every key of a record it replaces.
func TestJournalReadsOnlyKeysThatMayExist(t *testing.T) {
	defer func() { testHookUndoRead = nil }()
	v := newTestVault(t, Options{})
	base := baseBatch(1200)
	write(t, v, base)

	var read [][]byte
	testHookUndoRead = func(k []byte) { read = append(read, k) }
	res := write(t, v, journalBatch(base, 2400, "upd")) // 600 replaced, 1,800 new
	testHookUndoRead = nil
	if res.Added["Observation"] != 1800 || res.Updated["Observation"] != 600 {
		t.Fatalf("result %+v", res)
	}
	checkConsistency(t, v)
	fresh := map[string]bool{} // the keys of the new records but their full URLs
	counts := map[byte]int{}
	for _, k := range read {
		counts[k[0]]++
	}
	for _, r := range journalBatch(base, 2400, "upd").Records {
		if r.ID.ID[:3] != "upd" {
			continue
		}
		fresh[string(key(prefixIdentity, r.ID.Source, r.ID.Type, r.ID.ID))] = true
		fresh[string(timelineKey("p1", r.Meta.Date, r.ID))] = true
	}
	for _, k := range read {
		if fresh[string(k)] {
			t.Fatalf("the undo entry read %q, a key of a record the vault did not hold", k)
		}
	}
	// Every key of the 600 records replaced (their old index entries deleted, the new ones
	// set) and their new full URLs' entries; of each new record, its full URL's entry only.
	if counts[prefixFullURL[0]] < 1800+600 {
		t.Errorf("%d full URL entries read, want every new record's and every moved record's", counts[prefixFullURL[0]])
	}
	if counts[prefixIdentity[0]] < 600 {
		t.Errorf("%d identity entries read, want those of the 600 records replaced", counts[prefixIdentity[0]])
	}
}

// A crash during a journaled write of new records, one in three taking a stored record's full
// URL, leaves the vault as it was after the next open: the full URLs' entries are restored,
// the new records' keys removed.
func TestJournalNewRecordsCrashRecovery(t *testing.T) {
	defer func() { testHookAfterChunk = nil }()
	for _, k := range []int{0, 2} {
		t.Run(fmt.Sprintf("after chunk %d", k), func(t *testing.T) {
			dir := newVaultDir(t)
			_, key := keyTemplate(t)
			v, err := OpenWithKey(dir, key, Options{})
			if err != nil {
				t.Fatal(err)
			}
			write(t, v, baseBatch(1200))
			before := dumpDB(t, v)
			testHookAfterChunk = func(c int) error {
				if c == k {
					return errCrash
				}
				return nil
			}
			_, err = v.Write(context.Background(), newRecordsBatch(2400))
			testHookAfterChunk = nil
			if !errors.Is(err, errCrash) {
				t.Fatalf("write: %v, want the simulated crash", err)
			}
			mid := dumpDB(t, v)
			moved := 0
			for i := 0; i < 1200; i += 3 {
				u := string(prefixFullURL) + fmt.Sprintf("urn:uuid:base-%05d", i)
				if mid[u] != before[u] {
					moved++
				}
			}
			if moved == 0 {
				t.Fatal("the crash came before any stored full URL was taken: the test does not exercise their undo")
			}
			if err := v.db.Close(); err != nil {
				t.Fatal(err)
			}
			v.lock.release()
			v, err = OpenWithKey(dir, key, Options{})
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer v.Close()
			if d := diffDumps(before, dumpDB(t, v)); d != "" {
				t.Fatalf("after recovery the vault differs from before the write:\n%s", d)
			}
			checkConsistency(t, v)
			if res := write(t, v, newRecordsBatch(2400)); res.Added["Observation"] != 2400 {
				t.Errorf("the write again: %+v, want 2,400 added", res)
			}
			u := string(prefixFullURL) + "urn:uuid:base-00000"
			if got := dumpDB(t, v)[u]; !bytes.Contains([]byte(got), []byte("new-00000")) {
				t.Errorf("full URL entry %q after the write, want the new record's", got)
			}
		})
	}
}

// F35: a batch written in parts (one large file) on a vault opened read-only because the disk
// is under the reserve is refused with ErrDiskFull, as a small batch is, and changes nothing
// (its first part said "starting a write: No sets or deletes are allowed in a read-only
// transaction").
func TestWriteInPartsOnFullDisk(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Badger has no read-only mode on Windows: a full disk refuses the open")
	}
	defer func(n int) { partRecords = n }(partRecords)
	partRecords = 500
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	write(t, v, baseBatch(10))
	before := dumpDB(t, v)
	v.Close()

	free := uint64(4096)
	withFree(t, &free)
	v = openTestVault(t, dir, Options{})
	if !v.readOnly {
		t.Fatal("opened for writing on a full disk")
	}
	if _, err := v.Write(context.Background(), newRecordsBatch(1200)); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Write: %v, want ErrDiskFull", err)
	}
	if d := diffDumps(before, dumpDB(t, v)); d != "" {
		t.Fatalf("a refused write changed the vault:\n%s", d)
	}
}
