package storage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// Should the disk be full although the free-space check passed (another program filling it
// at that moment), opening for writing is an ErrDiskFull, not a crash (it was a fault in
// Badger's map of its new memtable log). A real full tmpfs; the check is fooled into passing.
func TestOpenFaultOnFullDiskIsAnError(t *testing.T) {
	disk := testutil.MountTmpfs(t, "128m")
	dir := filepath.Join(disk, "vault")
	os.Mkdir(dir, 0o700)
	kf, _ := keyTemplate(t)
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	free := uint64(1 << 40) // the tmpfs is smaller than the reserve
	withFree(t, &free)
	v := openTestVault(t, dir, Options{})
	write(t, v, sample())
	v.Close()

	// Fill the disk, then free one page: enough for Badger's LOCK file, not for its memtable
	// log's first page, which it writes through the mapping (SIGBUS).
	f, err := os.Create(filepath.Join(disk, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	end, _ := f.Seek(0, io.SeekEnd)
	if err := f.Truncate(end - 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()

	_, key := keyTemplate(t)
	v, err = OpenWithKey(dir, key, Options{})
	if err == nil {
		v.Close()
		t.Fatal("opened for writing on a full disk")
	}
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("got %v, want ErrDiskFull", err)
	}
	// Badger (patched) now gives its new memtable log, value log and DISCARD file their space
	// with fallocate, which says ENOSPC before the map is written; the fault openBadger turns
	// into ErrDiskFull is a last guard (TestFailedOpenHoldsNothing checks it is not taken).
}

// fillDisk writes a file until the disk holding dir is full, and returns its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return name
		}
	}
}

// Another program fills the disk while a vault is open with writes in its memtable: Close
// would write the memtable into a table through a mapping (SIGBUS in Badger's flush
// goroutine: the process died with a stack trace, finding F3). Now Close says ErrDiskFull,
// and nothing was lost: the memtable's log is left for the next open, which finds every
// record. A real full tmpfs.
func TestCloseOnFullDiskIsAnError(t *testing.T) {
	// checked: Close sees the full disk; not: the disk fills after Close looked (the free
	// space is faked to pass), and Badger's flush meets it (fallocate says ENOSPC).
	for _, checked := range []bool{true, false} {
		t.Run(map[bool]string{true: "seen before the flush", false: "met by the flush"}[checked], func(t *testing.T) {
			closeOnFullDisk(t, checked)
		})
	}
}

func closeOnFullDisk(t *testing.T, checked bool) {
	disk := testutil.MountTmpfs(t, "128m")
	dir := filepath.Join(disk, "vault")
	os.Mkdir(dir, 0o700)
	kf, key := keyTemplate(t)
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	free := uint64(1 << 40) // the tmpfs is smaller than the reserve: the open is let through
	withFree(t, &free)
	running := map[string]bool{}
	for id := range badgerStacks(nil) {
		running[id] = true
	}
	v := openTestVault(t, dir, Options{})
	write(t, v, sample())
	want := countRecords(t, v, Query{})
	if want == 0 {
		t.Fatal("no records written")
	}
	filler := fillDisk(t, disk)
	if checked {
		freeSpace = diskFree // the real, full disk from here
	}

	if err := v.Close(); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Close on a full disk: %v, want ErrDiskFull", err)
	}
	// Everything is released, as by a Close with room: no file of the vault open or mapped,
	// none of Badger's goroutines left (it kept its files, maps, lock and goroutines: the
	// app could not unlock the vault again until it restarted).
	if open := heldFiles(t, dir); len(open) > 0 {
		t.Errorf("after Close the process still holds: %v", open)
	}
	if g := badgerGoroutines(running); g != "" {
		t.Errorf("Badger's goroutines are still running after Close:\n%s", g)
	}
	// The same process opens the vault again (a retry, the app's next unlock) once there is
	// room, and finds every record: the memtable's log was left and is replayed.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatalf("opening the vault again in the same process: %v", err)
	}
	if n := countRecords(t, w, Query{}); n != want {
		t.Errorf("after the full disk: %d records, want %d", n, want)
	}
	if err := w.Close(); err != nil {
		t.Errorf("closing with room: %v", err)
	}
}

// heldFiles lists the files under dir this process has open or mapped.
func heldFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		if p, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(p, dir+"/") {
			out = append(out, "open "+filepath.Base(p))
		}
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		if i := strings.Index(line, dir+"/"); i >= 0 {
			out = append(out, "mapped "+filepath.Base(line[i:]))
		}
	}
	return out
}

// badgerGoroutines returns the stacks of the goroutines running Badger's or its caches' code
// but those in before (what earlier tests of the package left running; the tests of this
// package do not run in parallel).
func badgerGoroutines(before map[string]bool) string {
	// A goroutine Close has stopped may not have returned yet (ristretto's processItems is
	// runnable right after it answered the stop): let the others run first.
	for i := 0; i < 1000 && len(badgerStacks(before)) > 0; i++ {
		runtime.Gosched()
	}
	return strings.Join(slices.Collect(maps.Values(badgerStacks(before))), "\n\n")
}

// badgerStacks returns the stacks of the goroutines running Badger's or ristretto's code, by
// their header line ("goroutine 12 [select"), but those in except.
func badgerStacks(except map[string]bool) map[string]string {
	buf := make([]byte, 4<<20)
	buf = buf[:runtime.Stack(buf, true)]
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		id, _, _ := strings.Cut(g, "[")
		if !except[id] && (strings.Contains(g, "dgraph-io/badger") || strings.Contains(g, "dgraph-io/ristretto")) {
			out[id] = g
		}
	}
	return out
}

// The disk fills while a vault takes a long run of writes (another program filling it; the
// free-space check is fooled into passing). Badger writes its memtable log (and value log)
// through a map of a file it created sparse: the write that touched a page the disk could not
// supply killed the process with SIGBUS. Badger (patched) now gives each log its space with
// fallocate when it creates it, so the write that needs a new one fails with ErrDiskFull; the
// writes before it are kept, Close says ErrDiskFull, and the vault opens again (in the same
// process) with exactly those writes. A real full tmpfs.
func TestWritesOnADiskThatFills(t *testing.T) {
	disk := testutil.MountTmpfs(t, "128m")
	dir := filepath.Join(disk, "vault")
	os.Mkdir(dir, 0o700)
	kf, key := keyTemplate(t)
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	free := uint64(1 << 40)
	withFree(t, &free)
	v := openTestVault(t, dir, Options{})
	filler := fillDisk(t, disk)

	// Batches of 200 observations of ~2 KiB each (Badger's memtable log fills after ~40 of
	// them) until the disk refuses one.
	pad := strings.Repeat("x", 2000)
	written, refused := 0, false
	for i := 0; i < 400 && !refused; i++ {
		b := &Batch{Now: t0}
		for j := 0; j < 200; j++ {
			id := ID{"local", "Observation", fmt.Sprintf("o-%d-%d", i, j)}
			b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, `,"note":[{"text":"`+pad+`"}]`)})
		}
		switch _, err := v.Write(context.Background(), b); {
		case err == nil:
			written += len(b.Records)
		case errors.Is(err, ErrDiskFull):
			refused = true
		default:
			t.Fatalf("write %d: %v, want ErrDiskFull", i, err)
		}
	}
	if !refused {
		t.Fatal("the disk never refused a write: the test did not fill it")
	}
	if written == 0 {
		t.Fatal("no write fitted before the disk refused one: the log's space was not tested")
	}
	if n := countRecords(t, v, Query{}); n != written {
		t.Errorf("%d records readable after the refused write, want the %d written", n, written)
	}
	if err := v.Close(); err != nil && !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Close: %v", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	w, err := OpenWithKey(dir, key, Options{})
	if err != nil {
		t.Fatalf("opening the vault again: %v", err)
	}
	defer w.Close()
	if n := countRecords(t, w, Query{}); n != written {
		t.Errorf("after the full disk: %d records, want the %d written", n, written)
	}
}

// The disk has room for the free-space check (a quota it does not show, or another program
// filling it) but not for Badger's next table: the flush of a full memtable fails in the
// background and is retried. Writes are refused with ErrDiskFull meanwhile (they went on into
// the next memtable, unflushable too, until its own log could not be made); once space is
// back, a refused write has the flush retried at once (not after up to a minute), writes go
// through, and every write that succeeded is there after Close. A real tmpfs.
func TestWritesRefusedWhileFlushFails(t *testing.T) {
	disk := testutil.MountTmpfs(t, "64m")
	dir := filepath.Join(disk, "vault")
	os.Mkdir(dir, 0o700)
	kf, key := keyTemplate(t)
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	free := uint64(1 << 40)
	withFree(t, &free)
	opt := Options{MemTableSize: 1 << 20}
	v, err := OpenWithKey(dir, key, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	// Room for the next memtable's log (2 MiB), not for the table.
	filler := fillDisk(t, disk)
	st, _ := os.Stat(filler)
	if err := os.Truncate(filler, st.Size()-(2<<20+128<<10)); err != nil {
		t.Fatal(err)
	}
	batch := func(i, n int) *Batch { // notes that do not compress: the table is ~ the memtable
		b := &Batch{Now: t0}
		for j := 0; j < n; j++ {
			id := ID{"local", "Observation", fmt.Sprintf("o-%d-%d", i, j)}
			note := make([]byte, 375)
			rand.Read(note)
			b.Records = append(b.Records, Record{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, `,"note":[{"text":"`+base64.StdEncoding.EncodeToString(note)+`"}]`)})
		}
		return b
	}
	mems := func() int {
		m, _ := filepath.Glob(filepath.Join(dir, dbDirName, "*.mem"))
		return len(m)
	}
	written := 0
	for i := 0; mems() < 2; i++ { // until the first memtable is handed to the flush
		if i == 100 {
			t.Fatal("the memtable never filled")
		}
		write(t, v, batch(i, 50))
		written += 50
	}
	for give := time.Now().Add(time.Minute); v.db.FlushError() == nil; runtime.Gosched() {
		if time.Now().After(give) { // it meets the full disk at once; this only ends a hang
			t.Fatal("the flush never failed: the test did not fill the disk")
		}
	}
	if _, err := v.Write(context.Background(), batch(1000, 1)); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("a write while the flush fails: %v, want ErrDiskFull", err)
	}
	if n := countRecords(t, v, Query{}); n != written {
		t.Errorf("%d records, want the %d written", n, written)
	}

	// Space returns: a refused write asks Badger to retry the flush now (it would wait up to a
	// minute), so the next write goes through.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), batch(1001, 1)); err == nil {
		written++ // the flush's own retry came first
	} else if !errors.Is(err, ErrDiskFull) {
		t.Fatal(err)
	}
	for give := time.Now().Add(time.Minute); v.db.FlushError() != nil; runtime.Gosched() {
		if time.Now().After(give) { // only ends a hang
			t.Fatal("the flush did not succeed once space returned")
		}
	}
	write(t, v, batch(1002, 1))
	written++
	if err := v.Close(); err != nil {
		t.Fatalf("Close once space is back: %v", err)
	}
	if m := mems(); m != 0 {
		t.Errorf("%d memtable logs left after Close with room", m)
	}
	w, err := OpenWithKey(dir, key, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n := countRecords(t, w, Query{}); n != written {
		t.Errorf("after reopening: %d records, want the %d written", n, written)
	}
}
