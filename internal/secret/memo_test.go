package secret

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// MemoizeForTests derives a passphrase's KEK once per test process, and nothing else of
// unlocking changes: each vault keeps its own random key, the right passphrase opens it and a
// wrong one is refused.
func TestMemoizeForTests(t *testing.T) {
	MemoizeForTests()
	t.Cleanup(func() { memo.on.Store(false) })
	dir := t.TempDir()
	pass := []byte("memo test passphrase")
	start := derivations.Load()
	a, b := filepath.Join(dir, "a.key"), filepath.Join(dir, "b.key")
	keyA, _, err := Create(a, pass, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	keyB, _, err := Create(b, pass, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(keyA, keyB) {
		t.Fatal("two vaults made with the memo share their key")
	}
	for i := 0; i < 3; i++ {
		for _, c := range []struct {
			path string
			key  []byte
		}{{a, keyA}, {b, keyB}} {
			got, err := Unlock(c.path, pass)
			if err != nil || !bytes.Equal(got, c.key) {
				t.Fatalf("unlock %d of %s: %v (right key: %v)", i, c.path, err, bytes.Equal(got, c.key))
			}
		}
	}
	if n := derivations.Load() - start; n != 1 {
		t.Errorf("two vaults made and each unlocked three times derived %d KEKs, want 1", n)
	}
	if _, err := Unlock(a, []byte("not the passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("a wrong passphrase with the memo on: %v, want ErrWrongPassphrase", err)
	}
	if err := ChangePassphrase(a, pass, []byte("a new passphrase"), DefaultParams); err != nil {
		t.Fatal(err)
	}
	if _, err := Unlock(a, pass); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("the old passphrase after a change: %v, want ErrWrongPassphrase", err)
	}
	if got, err := Unlock(a, []byte("a new passphrase")); err != nil || !bytes.Equal(got, keyA) {
		t.Errorf("the new passphrase: %v", err)
	}
}
