package table

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"
)

// CareKeeper's patch: a READAHEAD iterator decompresses the next blocks on other goroutines.
// It reads the same entries as a plain one through whole scans, seeks forward and back within
// and across its read-ahead, a concat of tables, and a close with loads still running; with
// and without a block cache (run with -race).
func TestReadAheadIteratorReadsTheSame(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprintf("cache %v", cached), func(t *testing.T) {
			icache, err := ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1000, MaxCost: 1 << 20, BufferItems: 64})
			if err != nil {
				t.Fatal(err)
			}
			defer icache.Close()
			opts := Options{BlockSize: 4 << 10, TableSize: 512 << 10, BloomFalsePositive: 0.01,
				Compression: options.ZSTD, ZSTDCompressionLevel: 1, DataKey: &pb.DataKey{KeyId: 1, Data: key},
				AllocPool: z.NewAllocatorPool(1), IndexCache: icache}
			if cached {
				bc, err := ristretto.NewCache(&ristretto.Config[[]byte, *Block]{NumCounters: 1000, MaxCost: 64 << 10, BufferItems: 64})
				if err != nil {
					t.Fatal(err)
				}
				defer bc.Close()
				opts.BlockCache = bc
			}
			const perTable = 3000
			var tables []*Table
			for n := range 2 {
				b := NewTableBuilder(opts)
				for i := n * perTable; i < (n+1)*perTable; i++ {
					b.Add(y.KeyWithTs(rkey(i), 1), y.ValueStruct{Value: rval(i)}, 0)
				}
				tbl, err := CreateTable(filepath.Join(t.TempDir(), fmt.Sprintf("%d.sst", n+1)), b)
				if err != nil {
					t.Fatal(err)
				}
				defer tbl.DecrRef()
				if tbl.offsetsLength() < 10 {
					t.Fatalf("%d blocks: the test needs a table of many blocks", tbl.offsetsLength())
				}
				tables = append(tables, tbl)
			}
			// A whole scan, and seeks: forward, back, past the read-ahead, into it.
			for _, opt := range []int{0, READAHEAD, READAHEAD | NOCACHE} {
				it := NewConcatIterator(tables, opt)
				i := 0
				for it.Rewind(); it.Valid(); it.Next() {
					checkEntry(t, it, i)
					i++
				}
				if i != 2*perTable {
					t.Errorf("opt %d: %d entries, want %d", opt, i, 2*perTable)
				}
				for _, seek := range []int{1500, 1510, 100, 2900, 3100, 5999, 2, 4500} {
					it.Seek(y.KeyWithTs(rkey(seek), 1))
					for j := seek; j < seek+300 && j < 2*perTable; j++ {
						if !it.Valid() {
							t.Fatalf("opt %d: seek %d: ends at %d", opt, seek, j)
						}
						checkEntry(t, it, j)
						it.Next()
					}
				}
				it.Rewind()
				it.Next() // loads still running when it closes
				if err := it.Close(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func rkey(i int) []byte { return []byte(fmt.Sprintf("r\x00person\x00%08d", i)) }

func rval(i int) []byte {
	return []byte(fmt.Sprintf(`{"resourceType":"Observation","id":"%08d","valueQuantity":{"value":%d,"unit":"cm"}}`, i, i%200))
}

func checkEntry(t *testing.T, it *ConcatIterator, i int) {
	t.Helper()
	if k := y.ParseKey(it.Key()); !bytes.Equal(k, rkey(i)) {
		t.Fatalf("entry %d has key %q, want %q", i, k, rkey(i))
	}
	if v := it.Value().Value; !bytes.Equal(v, rval(i)) {
		t.Fatalf("entry %d reads %q, want %q", i, v, rval(i))
	}
}
