package badger

import (
	"fmt"
	"testing"

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
