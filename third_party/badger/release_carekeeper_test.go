//go:build linux

package badger

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
	"unsafe"

	"golang.org/x/sys/unix"
)

// mappedRSS returns the resident bytes of the process's maps of files whose name ends with
// suffix (/proc/self/smaps).
func mappedRSS(t *testing.T, suffix string) int64 {
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
			in = len(fields) >= 6 && strings.HasSuffix(fields[len(fields)-1], suffix)
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

// CareKeeper's patch: a memtable's log is written through a shared map and was resident in
// the process until the memtable was flushed (~11 MB of the 13 Synthea bundles' import, at
// its peak); the pages behind the write offset are now released as it is written, and the
// tables written leave the resident set once synced. What was written stays: a copy of the
// folder taken while the DB is open (as a crash leaves it, the memtable not flushed) replays
// every entry, and the DB reads its table back after a flush.
func TestWrittenLogPagesReleased(t *testing.T) {
	dir := t.TempDir()
	opt := DefaultOptions(dir).WithLogger(nil).WithMemTableSize(64 << 20).WithValueThreshold(1 << 20)
	db, err := Open(opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n, size = 4000, 2 << 10 // ~8 MiB of values
	vals := make([][]byte, n)
	key := func(i int) []byte { return []byte(fmt.Sprintf("key%06d", i)) }
	for start := 0; start < n; start += 500 {
		if err := db.Update(func(txn *Txn) error {
			for i := start; i < start+500; i++ {
				vals[i] = make([]byte, size)
				rand.Read(vals[i])
				if err := txn.Set(key(i), vals[i]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if got := mappedRSS(t, memFileExt); got > walReleaseStep+256<<10 {
		t.Errorf("the memtable log holds %d KiB resident after ~%d KiB written, want at most %d KiB", got>>10, n*size>>10, (walReleaseStep+256<<10)>>10)
	}
	check := func(db *DB, what string) {
		t.Helper()
		if err := db.View(func(txn *Txn) error {
			for i := range n {
				item, err := txn.Get(key(i))
				if err != nil {
					return fmt.Errorf("key %d: %w", i, err)
				}
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				if !bytes.Equal(v, vals[i]) {
					return fmt.Errorf("key %d: another value", i)
				}
			}
			return nil
		}); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check(db, "the open DB")

	crashed := filepath.Join(t.TempDir(), "crashed")
	if err := os.CopyFS(crashed, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(DefaultOptions(crashed).WithLogger(nil).WithMemTableSize(64 << 20).WithValueThreshold(1 << 20))
	if err != nil {
		t.Fatal(err)
	}
	check(db2, "a copy of the open DB's folder, replayed")
	if err := db2.Close(); err != nil {
		t.Fatal(err)
	}

	if err := db.FlushMemtable(); err != nil {
		t.Fatal(err)
	}
	if got := mappedRSS(t, ".sst"); got > 256<<10 {
		t.Errorf("the table written holds %d KiB resident, want at most 256 KiB", got>>10)
	}
	check(db, "the DB after its memtable was written to a table")
}

// cachedPages counts the pages of the file at path that are in the page cache (mincore on a
// map of it of its own).
func cachedPages(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	vec := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestNewLogHeaderReadsNoPagesAhead: a new value log (every open makes one, seldom written
// since values under the threshold go into the tables) and a new memtable log get their
// header without their map's first touch reading the pages around it: a touch of a page not
// in the cache reads ahead (8 MiB on the bench machine's disk), here zero-filled pages of the
// space just reserved, ~5 ms of CPU in every command (CareKeeper; docs/footprint.md).
func TestNewLogHeaderReadsNoPagesAhead(t *testing.T) {
	dir := t.TempDir()
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	if fs.Type == unix.TMPFS_MAGIC {
		// fallocate puts every page of a tmpfs file in memory, and there is no read-ahead.
		if os.Getenv("CI") != "" {
			t.Fatalf("the temporary folder %s is on tmpfs: the page cache cannot be told from the file", dir)
		}
		t.Skipf("the temporary folder %s is on tmpfs", dir)
	}
	db, err := Open(DefaultOptions(dir).WithLogger(nil).WithMemTableSize(16 << 20).WithValueLogFileSize(16 << 20))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, ext := range []string{".vlog", memFileExt} {
		names, err := filepath.Glob(filepath.Join(dir, "*"+ext))
		if err != nil || len(names) == 0 {
			t.Fatalf("no %s file in %s (%v)", ext, dir, err)
		}
		for _, name := range names {
			if n := cachedPages(t, name); n > 4 {
				t.Errorf("%s: %d pages in the page cache after its header was written, want at most 4", filepath.Base(name), n)
			}
		}
	}
}
