package badger

import (
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
)

// CareKeeper's PushDownLeastOverlap: a compaction from a level above the last takes the table
// that overlaps the fewest bytes of the next level for its size; upstream takes the oldest.
// Level 5 holds an old table whose keys span all of level 6 (moving it down rewrites level 6
// whole) and a newer one past level 6's last key (moving it down rewrites nothing else).
func TestPushDownLeastOverlap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		least bool
		want  string // the level-5 table the compaction takes
	}{
		{"upstream: the oldest", false, "wide"},
		{"least overlap", true, "past"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := DefaultOptions(t.TempDir()).WithNumCompactors(0).WithLogger(nil)
			opt.PushDownLeastOverlap = tc.least
			db, err := Open(opt)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// put writes a table of keys prefix000..prefix(n-1) at version ver into level.
			put := func(level int, prefix string, n int, ver uint64, step int) *table.Table {
				b := table.NewTableBuilder(buildTableOptions(db))
				defer b.Close()
				for i := 0; i < n; i += step {
					b.Add(y.KeyWithTs([]byte(fmt.Sprintf("%s%05d", prefix, i)), ver),
						y.ValueStruct{Value: make([]byte, 100)}, 0)
				}
				id := db.lc.reserveFileID()
				tab, err := table.CreateTable(table.NewFilename(id, db.opt.Dir), b)
				if err != nil {
					t.Fatal(err)
				}
				if err := db.manifest.addChanges([]*pb.ManifestChange{
					newCreateChange(id, level, tab.KeyID(), tab.CompressionType()),
				}, db.opt); err != nil {
					t.Fatal(err)
				}
				lh := db.lc.levels[level]
				lh.addTable(tab)
				lh.sortTables()
				tab.DecrRef() // the level holds it
				return tab
			}
			for i := range 8 { // level 6: k00000 … k07999 in 8 tables
				put(6, fmt.Sprintf("k%d", i), 1000, 1, 1)
			}
			wide := put(5, "k", 80000, 2, 1000) // k00000 … k79000: every table of level 6
			past := put(5, "z", 100, 3, 1)      // after level 6's last key
			names := map[uint64]string{wide.ID(): "wide", past.ID(): "past"}

			cd := compactDef{
				t:         db.lc.levelTargets(),
				thisLevel: db.lc.levels[5],
				nextLevel: db.lc.levels[6],
			}
			if !db.lc.fillTables(&cd) {
				t.Fatal("no compaction filled")
			}
			if got := names[cd.top[0].ID()]; got != tc.want {
				t.Errorf("took %q (%d tables of level 6 with it), want %q", got, len(cd.bot), tc.want)
			}
			db.lc.cstatus.delete(cd)
		})
	}
}

// CareKeeper's SnappyAboveLastLevel: the tables a compaction writes into a level above the last
// are Snappy, those it writes into the last level keep the database's compression (ZSTD here),
// and a database reopened without the option reads both (each table's compression is in the
// manifest).
func TestSnappyAboveLastLevel(t *testing.T) {
	for _, tc := range []struct {
		name       string
		snappy     bool
		wantLevel5 options.CompressionType
	}{
		{"upstream", false, options.ZSTD},
		{"snappy above the last level", true, options.Snappy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opt := DefaultOptions(dir).WithNumCompactors(0).WithLogger(nil).
				WithCompression(options.ZSTD).WithZSTDCompressionLevel(1)
			opt.SnappyAboveLastLevel = tc.snappy
			db, err := Open(opt)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			// put writes a table of keys prefix00000.. at version ver into level, as a flush
			// or an earlier compaction would have (the database's compression).
			put := func(level int, prefix string, n int, ver uint64) {
				b := table.NewTableBuilder(buildTableOptions(db))
				defer b.Close()
				for i := range n {
					k, v := fmt.Sprintf("%s%05d", prefix, i), fmt.Sprintf("%s-v%d-%d", prefix, ver, i)
					b.Add(y.KeyWithTs([]byte(k), ver), y.ValueStruct{Value: []byte(v)}, 0)
					want[k] = v
				}
				id := db.lc.reserveFileID()
				tab, err := table.CreateTable(table.NewFilename(id, db.opt.Dir), b)
				if err != nil {
					t.Fatal(err)
				}
				if err := db.manifest.addChanges([]*pb.ManifestChange{
					newCreateChange(id, level, tab.KeyID(), tab.CompressionType()),
				}, db.opt); err != nil {
					t.Fatal(err)
				}
				lh := db.lc.levels[level]
				lh.addTable(tab)
				lh.sortTables()
				tab.DecrRef()
			}
			put(6, "k", 3000, 1)
			put(5, "k", 2000, 2)
			put(0, "k", 1000, 3)
			targets := db.lc.levelTargets()
			targets.baseLevel = 5
			compressions := func(level int) []options.CompressionType {
				var cs []options.CompressionType
				for _, tab := range db.lc.levels[level].tables {
					cs = append(cs, tab.CompressionType())
				}
				return cs
			}
			for _, step := range []struct {
				from, to int
				want     options.CompressionType
			}{{0, 5, tc.wantLevel5}, {5, 6, options.ZSTD}} {
				if err := db.lc.doCompact(-1, compactionPriority{level: step.from, t: targets}); err != nil {
					t.Fatalf("compaction from level %d: %v", step.from, err)
				}
				cs := compressions(step.to)
				if len(cs) == 0 || len(db.lc.levels[step.from].tables) != 0 {
					t.Fatalf("compaction from level %d left %d tables there, %d in level %d", step.from, len(db.lc.levels[step.from].tables), len(cs), step.to)
				}
				for _, c := range cs {
					if c != step.want {
						t.Errorf("level %d holds a table compressed with %v, want %v", step.to, c, step.want)
					}
				}
				if step.from == 0 {
					// Reopened without the option, level 5 is as written and every key reads
					// as written; then on, as the test began.
					reopen := func(snappy bool) {
						if err := db.Close(); err != nil {
							t.Fatal(err)
						}
						o := opt
						o.SnappyAboveLastLevel = snappy
						if db, err = Open(o); err != nil {
							t.Fatal(err)
						}
					}
					reopen(false)
					if got := compressions(5); len(got) == 0 || got[0] != tc.wantLevel5 {
						t.Errorf("reopened: level 5 %v, want %v", got, tc.wantLevel5)
					}
					if err := db.View(func(txn *Txn) error {
						for k, v := range want {
							item, err := txn.Get([]byte(k))
							if err != nil {
								return fmt.Errorf("%s: %w", k, err)
							}
							got, err := item.ValueCopy(nil)
							if err != nil {
								return err
							}
							if string(got) != v {
								return fmt.Errorf("%s: %q, want %q", k, got, v)
							}
						}
						return nil
					}); err != nil {
						t.Fatal(err)
					}
					reopen(tc.snappy)
				}
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
