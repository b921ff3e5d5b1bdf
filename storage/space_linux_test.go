package storage

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// Should the disk be full although the free-space check passed (another program filling it
// at that moment), the fault Badger takes writing its mapped files while opening is an
// ErrDiskFull, not a crash. A real full tmpfs; the check is fooled into passing.
func TestOpenFaultOnFullDiskIsAnError(t *testing.T) {
	disk := mountTmpfs(t, "16m")
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
	before := faults.Load()
	v, err = OpenWithKey(dir, key, Options{})
	if err == nil {
		v.Close()
		t.Fatal("opened for writing on a full disk")
	}
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("got %v, want ErrDiskFull", err)
	}
	if faults.Load() == before {
		t.Error("the open failed before Badger wrote through its mapping: the fault path was not tested")
	}
}

// mountTmpfs mounts a tmpfs of the given size (e.g. "32m") in a new folder and returns it.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	disk := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(disk, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", disk, "tmpfs", 0, "size="+size); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot mount a tmpfs (CI runs the tests as root): %v", err)
		}
		t.Skipf("cannot mount a tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { unix.Unmount(disk, unix.MNT_DETACH) })
	return disk
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
	disk := mountTmpfs(t, "48m")
	dir := filepath.Join(disk, "vault")
	os.Mkdir(dir, 0o700)
	kf, key := keyTemplate(t)
	if err := os.WriteFile(KeyFilePath(dir), kf, 0o600); err != nil {
		t.Fatal(err)
	}
	free := uint64(1 << 40) // the tmpfs is smaller than the reserve: the open is let through
	withFree(t, &free)
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
	// What the next process finds: a copy of the folder as left, opened elsewhere.
	copyDir := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(copyDir, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	// Badger's database of this process stays open (its directory lock); close it now that
	// there is room, as the end of the process would.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if checked {
		if err := v.db.Close(); err != nil {
			t.Errorf("closing with room again: %v", err)
		}
	}
	os.Remove(filepath.Join(copyDir, dbDirName, "LOCK"))
	w, err := OpenWithKey(copyDir, key, Options{})
	if err != nil {
		t.Fatalf("opening the vault left by the full disk: %v", err)
	}
	defer w.Close()
	if n := countRecords(t, w, Query{}); n != want {
		t.Errorf("after the full disk: %d records, want %d", n, want)
	}
}
