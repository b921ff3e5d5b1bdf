package storage

import (
	"context"
	"reflect"
	"testing"

	"github.com/dgraph-io/badger/v4/options"
)

// Flush puts what a write left in the memtable into a level-0 table at once (records unchanged),
// and Settle returns with no compaction running or due, in a vault with background compactors
// and in a quiet one.
func TestFlushAndSettle(t *testing.T) {
	ctx := context.Background()
	for _, quiet := range []bool{false, true} {
		v := newTestVault(t, Options{Quiet: quiet})
		var want map[ID]Record
		for round := range 6 {
			b := fixed(journalBatch(baseBatch(0), 40, string(rune('a'+round))))[0]
			if _, err := v.Write(ctx, b); err != nil {
				t.Fatal(err)
			}
			before := records(t, v)
			l0 := v.db.Levels()[0].NumTables
			if err := v.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := v.db.Levels()[0].NumTables; got != l0+1 {
				t.Errorf("quiet %v round %d: level 0 has %d tables after Flush, want %d", quiet, round, got, l0+1)
			}
			if err := v.Flush(); err != nil { // an empty memtable: no table
				t.Fatal(err)
			}
			if got := v.db.Levels()[0].NumTables; got != l0+1 {
				t.Errorf("quiet %v round %d: an empty memtable's flush made a table (%d, want %d)", quiet, round, got, l0+1)
			}
			if err := v.Settle(ctx); err != nil {
				t.Fatal(err)
			}
			// (A quiet vault's Flatten leaves level 0 at exactly NumLevelZeroTables tables: Badger
			// compacts a level from a score above 1. With compactors, these small tables are
			// compacted at FlushesPerCompaction.)
			most := v.db.Opts().NumLevelZeroTables
			if !quiet {
				most = v.FlushesPerCompaction()
			}
			if n := v.db.Levels()[0].NumTables; n > most || !quiet && n == most {
				t.Errorf("quiet %v round %d: %d level-0 tables after Settle", quiet, round, n)
			}
			if !quiet && !v.db.CompactionIdle() {
				t.Errorf("round %d: a compaction runs or is due after Settle", round)
			}
			if got := records(t, v); !reflect.DeepEqual(got, before) {
				t.Errorf("quiet %v round %d: records changed by Flush and Settle", quiet, round)
			}
			want = before
		}
		checkConsistency(t, v)
		if len(want) != 6*40 {
			t.Errorf("quiet %v: %d records, want %d", quiet, len(want), 6*40)
		}
	}
}

// FlushesPerCompaction is the number of flushed writes that makes a level-0 compaction due:
// from a settled vault with an empty level 0, one flush fewer leaves every table where it is,
// and that many leave level 0 compacted (what internal/bench's import cycles rely on to pay
// exactly one level-0 compaction each).
func TestFlushesPerCompaction(t *testing.T) {
	ctx := context.Background()
	v := newTestVault(t, Options{})
	n := v.FlushesPerCompaction()
	if n < 2 {
		t.Fatalf("FlushesPerCompaction = %d", n)
	}
	// Small writes' tables count a quarter while level 0 holds only such tables
	// (docs/footprint.md, "Sixteen small level-0 tables"): four times as many make a compaction
	// due.
	if l0 := v.db.Opts().NumLevelZeroTables; n != 4*l0 {
		t.Errorf("FlushesPerCompaction = %d, want %d: four times NumLevelZeroTables", n, 4*l0)
	}
	for round := range n {
		b := fixed(journalBatch(baseBatch(0), 40, string(rune('a'+round))))[0]
		if _, err := v.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := v.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := v.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		got := v.db.Levels()[0].NumTables
		if want := round + 1; round < n-1 && got != want {
			t.Errorf("after %d flushes: %d level-0 tables, want %d (nothing compacted yet)", round+1, got, want)
		}
		if round == n-1 && got != 0 {
			t.Errorf("after %d flushes: %d level-0 tables, want them compacted", n, got)
		}
	}
}

// A command that reads (a brief open: a 1 MiB memtable) counts level 0 as the import that left
// it does: the small tables of fifteen imports are no compaction due there either (a brief open
// counted 3 tables of any size and started compacting them, its table builders taking the
// reading command from 76 to 119–143 MB at 100,000 resources).
func TestBriefOpenCompactsNoMoreThanTheWriter(t *testing.T) {
	ctx := context.Background()
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	n := v.FlushesPerCompaction()
	for round := range n - 1 {
		b := fixed(journalBatch(baseBatch(0), 40, string(rune('a'+round))))[0]
		if _, err := v.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := v.Settle(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	r := openTestVault(t, dir, Options{Brief: true})
	if got := r.db.Levels()[0].NumTables; got != n-1 {
		t.Fatalf("%d level-0 tables, want %d", got, n-1)
	}
	if !r.db.CompactionIdle() {
		t.Errorf("a brief open finds a compaction due in the %d small tables the writer left", n-1)
	}
}

// TestPushDownLeastOverlap: every open of a vault (the writer's, a reading command's brief
// open, the app's quiet one) takes down, below level 0, the table that overlaps the least of
// the level below (the patched Badger's behaviour is tested there: TestPushDownLeastOverlap).
func TestPushDownLeastOverlap(t *testing.T) {
	for _, opt := range []Options{{}, {Brief: true}, {Quiet: true}} {
		v := newTestVault(t, opt)
		if !v.db.Opts().PushDownLeastOverlap {
			t.Errorf("%+v: PushDownLeastOverlap off: a compaction takes down the oldest table, however much of the level below it overlaps", opt)
		}
	}
}

// TestSnappyAboveLastLevel: every open of a vault writes the tables of a compaction into a level
// above the last with Snappy, and keeps ZSTD for flushes and the last level (the patched
// Badger's behaviour, and that a database with both reads back, are tested there).
func TestSnappyAboveLastLevel(t *testing.T) {
	for _, opt := range []Options{{}, {Brief: true}, {Quiet: true}} {
		v := newTestVault(t, opt)
		o := v.db.Opts()
		if !o.SnappyAboveLastLevel || o.Compression != options.ZSTD {
			t.Errorf("%+v: SnappyAboveLastLevel %v, compression %v: want Snappy above the last level, ZSTD elsewhere", opt, o.SnappyAboveLastLevel, o.Compression)
		}
	}
}
