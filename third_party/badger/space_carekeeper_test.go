//go:build linux

package badger

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a tmpfs of the given size (e.g. "4m") in a new folder and returns it. With
// $CI set a tmpfs that cannot be mounted is a failure (CI runs the tests as root), else a skip.
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

// fillDisk writes a file until the disk holding dir is full to the last page, and returns
// its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, n := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, n)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
	}
	return name
}

// allocated returns the bytes of disk space behind a file (its blocks, not its length).
func allocated(t *testing.T, name string) int64 {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat(name, &st); err != nil {
		t.Fatal(err)
	}
	return st.Blocks * 512
}

// CareKeeper's patch: the DISCARD file (1 MiB, written through its map) was created sparse, so
// on a disk filled to the brim its first write (zeroOut, in Open) touched a page the disk could
// not supply: SIGBUS, which killed the process (this test turns the fault into a panic to report
// it). Now its whole space is taken with fallocate at every open: a full disk says ENOSPC, no
// file is left, and with room the file is backed by disk throughout (also one an earlier build
// left sparse), so no later Update can fault. A real full tmpfs.
func TestDiscardStatsSpaceReserved(t *testing.T) {
	disk := mountTmpfs(t, "4m")
	opt := DefaultOptions(disk)
	opt.Logger = nil
	name := filepath.Join(disk, discardFname)

	filler := fillDisk(t, disk)
	err := func() (err error) {
		old := debug.SetPanicOnFault(true)
		defer debug.SetPanicOnFault(old)
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("opening the discard stats on a full disk faulted: %v", r)
			}
		}()
		lf, err := InitDiscardStats(opt)
		if err == nil {
			lf.Close(-1)
		}
		return err
	}()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("on a full disk: %v, want ENOSPC", err)
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a DISCARD file was left on the full disk (%v)", err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	// A new file, and one an earlier build left sparse.
	for _, sparse := range []bool{false, true} {
		os.Remove(name)
		if sparse {
			if err := os.WriteFile(name, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(name, 1<<20); err != nil {
				t.Fatal(err)
			}
		}
		lf, err := InitDiscardStats(opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := allocated(t, name); got < int64(len(lf.Data)) {
			t.Errorf("sparse=%v: %d bytes allocated behind a DISCARD file of %d", sparse, got, len(lf.Data))
		}
		if lf.Update(7, 100) != 100 || lf.Update(7, 0) != 100 {
			t.Errorf("sparse=%v: discard stats not kept", sparse)
		}
		if err := lf.Close(-1); err != nil {
			t.Fatal(err)
		}
	}
}
