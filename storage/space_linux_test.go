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
	disk := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(disk, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("tmpfs", disk, "tmpfs", 0, "size=16m"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot mount a tmpfs (CI runs the tests as root): %v", err)
		}
		t.Skipf("cannot mount a tmpfs (needs root): %v", err)
	}
	t.Cleanup(func() { unix.Unmount(disk, unix.MNT_DETACH) })
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
