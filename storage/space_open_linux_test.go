package storage

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// An open that fails part way (a wrong key, a corrupt manifest, a table or a log it cannot
// open, a disk that fills) leaves nothing behind: no file of the vault open or mapped, none of
// Badger's goroutines, and the vault opens again in the same process once the cause is gone.
// Badger left, on most of these paths, the memtables it had replayed or created (their logs
// open and mapped), the tables it had opened, its value logs, its key registry and its caches'
// goroutines: a process that retried (the app's next unlock) held more each time.
func TestFailedOpenHoldsNothing(t *testing.T) {
	sstOf := func(t *testing.T, db string) string {
		m, _ := filepath.Glob(filepath.Join(db, "*.sst"))
		if len(m) == 0 {
			t.Fatal("no table to break")
		}
		return m[0]
	}
	// badLog writes a log (memtable or value log) whose header names a data key the registry
	// does not hold.
	badLog := func(t *testing.T, name string) func() {
		b := make([]byte, 1<<20)
		binary.BigEndian.PutUint64(b, 1<<60)
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return func() { os.Remove(name) }
	}
	// breakFile overwrites part of a file and returns what puts it back.
	breakFile := func(t *testing.T, name string, off int64, junk []byte) func() {
		old, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt(junk, off); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return func() { os.WriteFile(name, old, 0o600) }
	}
	cases := []struct {
		name string
		left bool // a memtable log is left (the vault was closed on a full disk)
		// breaks the vault (db is its database folder) and returns what mends it, and a key
		// to open with (nil: the right one)
		breaks func(t *testing.T, db string) (mend func(), key []byte)
	}{
		{"wrong key", false, func(t *testing.T, db string) (func(), []byte) {
			k := make([]byte, 32)
			rand.Read(k)
			return func() {}, k
		}},
		{"wrong key with a memtable log left", true, func(t *testing.T, db string) (func(), []byte) {
			k := make([]byte, 32)
			rand.Read(k)
			return func() {}, k
		}},
		{"corrupt manifest", false, func(t *testing.T, db string) (func(), []byte) {
			return breakFile(t, filepath.Join(db, "MANIFEST"), 8, []byte("\xff\xff\xff\x7fjunkjunkjunk")), nil
		}},
		{"a table it cannot open", true, func(t *testing.T, db string) (func(), []byte) {
			name := sstOf(t, db)
			st, _ := os.Stat(name)
			return breakFile(t, name, st.Size()-8, []byte("\xff\xff\xff\x7f\xff\xff\xff\x7f")), nil
		}},
		{"a table it cannot open (a folder in its place)", false, func(t *testing.T, db string) (func(), []byte) {
			name := sstOf(t, db)
			if err := os.Rename(name, name+".aside"); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(name, 0o700); err != nil {
				t.Fatal(err)
			}
			return func() { os.Remove(name); os.Rename(name+".aside", name) }, nil
		}},
		{"a memtable log of an unknown key", true, func(t *testing.T, db string) (func(), []byte) {
			return badLog(t, filepath.Join(db, "99999.mem")), nil
		}},
		{"a value log of an unknown key", true, func(t *testing.T, db string) (func(), []byte) {
			return badLog(t, filepath.Join(db, "999999.vlog")), nil
		}},
		{"a full disk", true, func(t *testing.T, db string) (func(), []byte) {
			filler := fillDisk(t, filepath.Dir(filepath.Dir(db)))
			return func() { os.Remove(filler) }, nil
		}},
		// Room for the new memtable log (2×16 MiB), not for the discard stats (1 MiB, which
		// Badger wrote through a sparse map: a fault, turned into ErrDiskFull by openBadger,
		// that left everything Open had made).
		{"a disk with room for the memtable log only", true, func(t *testing.T, db string) (func(), []byte) {
			filler := fillDisk(t, filepath.Dir(filepath.Dir(db)))
			st, _ := os.Stat(filler)
			if err := os.Truncate(filler, st.Size()-2*desktopMemtable-256<<10); err != nil {
				t.Fatal(err)
			}
			return func() { os.Remove(filler) }, nil
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			disk := testutil.MountTmpfs(t, "128m")
			dir := filepath.Join(disk, "vault")
			os.Mkdir(dir, 0o700)
			kf, key := keyTemplate(t)
			if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
				t.Fatal(err)
			}
			free := uint64(1 << 40) // the tmpfs is smaller than the reserve
			withFree(t, &free)
			v, err := OpenWithKey(dir, key, Options{})
			if err != nil {
				t.Fatal(err)
			}
			write(t, v, sample())
			want := countRecords(t, v, Query{})
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			if c.left { // a second write, left in its memtable log
				if v, err = OpenWithKey(dir, key, Options{}); err != nil {
					t.Fatal(err)
				}
				b := sample()
				// A changed record: the same one again writes nothing, and the log left
				// would hold no entry (the open drops such a log: leftMemtables).
				b.Records = b.Records[:1]
				b.Records[0].Resource = resource("Patient", "alice-1", `,"gender":"female"`)
				write(t, v, b)
				free = 0
				if err := v.Close(); !errors.Is(err, ErrDiskFull) {
					t.Fatalf("closing without room: %v", err)
				}
				free = 1 << 40
				if !leftMemtables(filepath.Join(dir, dbDirName)) {
					t.Fatal("no memtable log left")
				}
			}

			running := map[string]bool{}
			for id := range badgerStacks(nil) {
				running[id] = true
			}
			goroutines := runtime.NumGoroutine()
			mend, with := c.breaks(t, filepath.Join(dir, dbDirName))
			if with == nil {
				with = key
			}
			faulted := faults.Load()
			for range 2 { // a retry holds no more than the first try
				v, err := OpenWithKey(dir, with, Options{})
				if err == nil {
					v.Close()
					t.Fatal("the broken vault opened")
				}
				if strings.Contains(c.name, "disk") && !errors.Is(err, ErrDiskFull) {
					t.Errorf("got %v, want ErrDiskFull", err)
				}
				if faults.Load() != faulted {
					t.Error("Badger faulted on a mapped file (SIGBUS but for openBadger)")
				}
				if held := heldFiles(t, dir); len(held) > 0 {
					slices.Sort(held)
					t.Errorf("after the failed open the process holds: %v", held)
				}
				if g := badgerGoroutines(running); g != "" {
					t.Errorf("Badger's goroutines run after the failed open:\n%s", g)
				}
			}
			if n := runtime.NumGoroutine(); n > goroutines {
				t.Errorf("%d goroutines after the failed opens, %d before", n, goroutines)
			}
			mend()
			w, err := OpenWithKey(dir, key, Options{})
			if err != nil {
				t.Fatalf("opening the mended vault in the same process: %v", err)
			}
			if n := countRecords(t, w, Query{}); n != want {
				t.Errorf("%d records after mending, want %d", n, want)
			}
			if err := w.Close(); err != nil {
				t.Error(err)
			}
		})
	}
}
