package badger

import (
	"crypto/rand"
	"fmt"
	"testing"
)

// CareKeeper's NumLevelZeroSmallTables: while every level-0 table is under an eighth of
// MemTableSize, each counts for 1/NumLevelZeroSmallTables in level 0's compaction score; once
// one is larger, every table counts for 1/NumLevelZeroTables (upstream's count), and 0 keeps
// upstream's count always.
func TestSmallLevelZeroTablesCountLess(t *testing.T) {
	const mem = 1 << 20 // small: a table under 128 KiB
	open := func(t *testing.T, small int, smallSize int64) *DB {
		opt := DefaultOptions(t.TempDir()).WithMemTableSize(mem).WithValueThreshold(64 << 10).
			WithNumLevelZeroTables(2).WithNumLevelZeroTablesStall(8).
			WithNumCompactors(0). // the tables stay where the flushes put them
			WithLogger(nil)
		opt.NumLevelZeroSmallTables = small
		opt.LevelZeroSmallTableSize = smallSize
		db, err := Open(opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	seq := 0
	flush := func(t *testing.T, db *DB, big bool) {
		txns, size := 1, 100
		if big {
			txns, size = 5, 4<<10 // 200 KiB that does not compress, in transactions that fit
		}
		for range txns {
			err := db.Update(func(txn *Txn) error {
				for range 10 {
					seq++
					v := make([]byte, size)
					rand.Read(v)
					if err := txn.Set([]byte(fmt.Sprintf("key%06d", seq)), v); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.FlushMemtable(); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name       string
		small      int
		smallSize  int64  // 0: MemTableSize/8
		tables     []bool // flushed in order: true a big table
		want       float64
		compaction bool // a compaction is due
	}{
		{"one small", 4, 0, []bool{false}, 0.25, false},
		{"three small", 4, 0, []bool{false, false, false}, 0.75, false},
		{"four small", 4, 0, []bool{false, false, false, false}, 1, true},
		{"one big", 4, 0, []bool{true}, 0.5, false},
		{"two big", 4, 0, []bool{true, true}, 1, true},
		{"one big, two small", 4, 0, []bool{true, false, false}, 1.5, true},
		{"one small, one big: as upstream", 4, 0, []bool{false, true}, 1, true},
		{"upstream: two small", 0, 0, []bool{false, false}, 1, true},
		{"upstream: one small", 0, 0, []bool{false}, 0.5, false},
		{"small under 1 KiB: none", 4, 1 << 10, []bool{false, false}, 1, true},
		{"small under 1 MiB: all", 4, 1 << 20, []bool{true, true}, 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t, tc.small, tc.smallSize)
			for _, big := range tc.tables {
				flush(t, db, big)
			}
			lv := db.Levels()
			if lv[0].NumTables != len(tc.tables) {
				t.Fatalf("%d level-0 tables, want %d", lv[0].NumTables, len(tc.tables))
			}
			for i, tbl := range db.Tables() {
				if big := tbl.OnDiskSize >= mem/8; big != tc.tables[i] {
					t.Fatalf("table %d: %d bytes, big %v, want %v", i, tbl.OnDiskSize, big, tc.tables[i])
				}
			}
			if got := db.lc.levelZeroScore(); got != tc.want {
				t.Errorf("level 0's score %v, want %v", got, tc.want)
			}
			if due := !db.CompactionIdle(); due != tc.compaction {
				t.Errorf("compaction due %v, want %v", due, tc.compaction)
			}
		})
	}
}
