package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"strings"
	"testing"
)

// The household's state may be larger than one value can be (its outbox holds a scanned
// document's sealed segment whole): it is kept in pieces, read back whole, and a smaller
// state leaves none of a larger one's pieces behind. A 15 MB document made a state the vault
// refused ("too large to store") at every exchange, for ever (F93, vcli26).
func TestHouseholdStateLargerThanAValue(t *testing.T) {
	ctx := context.Background()
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	big := make([]byte, 40<<20) // over twice the 16 MiB value-log file, incompressible
	rand.Read(big)
	for _, state := range [][]byte{big, []byte("small state"), big[:statePiece+1], big[:statePiece], nil} {
		if err := v.SaveState(ctx, state); err != nil {
			t.Fatalf("saving a %d-byte state: %v", len(state), err)
		}
		got, err := v.LoadState(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, state) {
			t.Fatalf("saved %d bytes, read back %d", len(state), len(got))
		}
		pieces := 0
		for k := range dumpDB(t, v) {
			if strings.HasPrefix(k, string(hhStateKey)+"\x00") {
				pieces++
			}
		}
		if want := max(0, (len(state)-1)/statePiece); pieces != want {
			t.Errorf("a %d-byte state left %d pieces after the first, want %d", len(state), pieces, want)
		}
	}
	// Read again after a reopen.
	if err := v.SaveState(ctx, big); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = openTestVault(t, dir, Options{})
	if got, err := v.LoadState(ctx); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("after a reopen: %d bytes, %v", len(got), err)
	}
}
