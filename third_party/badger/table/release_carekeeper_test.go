//go:build linux

package table

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2/z"
)

// mappedRSS returns the resident bytes of the process's maps of the file at path.
func mappedRSS(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var total int64
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) >= 6 && fields[len(fields)-1] == path
		case in && len(fields) >= 2 && fields[0] == "Rss:":
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			total += kb << 10
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}

// CareKeeper's patch: a new table is copied into its file's map releasing the pages written
// every releaseStep bytes, so a large table is never resident whole while it is written (it
// was, until closed: the 13 Synthea bundles' import held its 3.8 MB level-0 table at its
// peak). What is written is the table: the file read back is the builder's bytes.
func TestTableWrittenPartByPart(t *testing.T) {
	opts := Options{BlockSize: 64 << 10, TableSize: 8 << 20, BloomFalsePositive: 0.01, Compression: options.None, AllocPool: z.NewAllocatorPool(1)}
	b := NewTableBuilder(opts)
	defer b.Close()
	for i := range 2000 { // ~4 MiB of values that do not compress
		v := make([]byte, 2<<10)
		rand.Read(v)
		b.Add(y.KeyWithTs([]byte(fmt.Sprintf("key%06d", i)), 1), y.ValueStruct{Value: v}, 0)
	}
	bd := b.Done()
	want := make([]byte, bd.Size)
	bd.Copy(want)
	path := filepath.Join(t.TempDir(), "000001.sst")
	mf, err := z.OpenMmapFile(path, os.O_CREATE|os.O_RDWR|os.O_EXCL, bd.Size)
	if err != z.NewFile {
		t.Fatal(err)
	}
	defer mf.Close(-1)
	if n := bd.copyTo(mf.Data, true); n != bd.Size {
		t.Fatalf("copied %d bytes of %d", n, bd.Size)
	}
	if got, most := mappedRSS(t, path), int64(releaseStep+opts.BlockSize+4<<10); got > most {
		t.Errorf("a %d KiB table holds %d KiB resident once copied, want at most %d KiB", bd.Size>>10, got>>10, most>>10)
	}
	if err := z.Msync(mf.Data); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("the table file is not the builder's bytes")
	}
	if !bytes.Equal(mf.Data, want) {
		t.Fatal("the table read through its map is not the builder's bytes")
	}
}
