package storage

import (
	"context"
	"errors"
	"runtime"
	"testing"
)

// another is one new record for alice.
func another() *Batch {
	id := ID{"local", "Observation", "hb-2022"}
	return &Batch{Now: t0, Records: []Record{{Profile: "alice", ID: id, Resource: resource("Observation", id.ID, "")}}}
}

// withFree makes the vault's disk report free bytes until the test ends.
func withFree(t *testing.T, free *uint64) {
	t.Helper()
	old := freeSpace
	freeSpace = func(string) (uint64, error) { return *free, nil }
	t.Cleanup(func() { freeSpace = old })
}

// On a disk below the reserve the vault opens read-only: reads work, every write is refused
// with ErrDiskFull and changes nothing; with space again, writes work. (The real thing, on a
// full tmpfs through the binary, is TestProcessFullDisk.)
func TestFullDiskOpensReadOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Badger has no read-only mode on Windows: a full disk refuses the open")
	}
	ctx := context.Background()
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	write(t, v, sample())
	want := countRecords(t, v, Query{})
	v.Close()

	free := uint64(4096)
	withFree(t, &free)
	v = openTestVault(t, dir, Options{})
	if !v.readOnly {
		t.Fatal("opened for writing on a full disk")
	}
	if n := countRecords(t, v, Query{}); n != want {
		t.Errorf("read %d records, want %d", n, want)
	}
	if _, err := v.Write(ctx, another()); !errors.Is(err, ErrDiskFull) {
		t.Errorf("Write: %v", err)
	}
	if err := v.UpdateState(ctx, StateOp{Key: "k", Value: []byte("v")}); !errors.Is(err, ErrDiskFull) {
		t.Errorf("UpdateState: %v", err)
	}
	if err := v.CollectGarbage(); err != nil {
		t.Errorf("CollectGarbage: %v", err)
	}
	if err := v.Sync(); err != nil {
		t.Errorf("Sync: %v", err)
	}
	v.Close()

	// Above the reserve, but not enough for this write: refused before it starts.
	o := Options{}
	free = o.openReserve() + 10
	v = openTestVault(t, dir, Options{})
	if v.readOnly {
		t.Fatal("read-only above the reserve")
	}
	free = o.writeReserve() + 10 // the open took its logs' space
	if _, err := v.Write(ctx, another()); !errors.Is(err, ErrDiskFull) {
		t.Errorf("Write into the reserve: %v", err)
	}
	free = 1 << 40
	if _, err := v.Write(ctx, another()); err != nil {
		t.Errorf("Write with space: %v", err)
	}
	if n := countRecords(t, v, Query{}); n <= want {
		t.Errorf("%d records after the write", n)
	}
	checkConsistency(t, v)
}
