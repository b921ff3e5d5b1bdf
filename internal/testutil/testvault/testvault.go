// Package testvault opens the vaults of tests that are outside the storage package (intake,
// sync, hhvault): a fresh encrypted vault closed and removed when its test ends. Every open
// vault reserves its logs' space (64 MiB): a test that opened one per fixture file and kept them
// all open to its end filled the CI machine's disk ("the disk holding the vault is full", the
// final CI of 8d2fa79). A test opening vaults in a loop runs each in a subtest of its own (Run),
// or closes each as it is done with it (Done). storage's own tests cannot import it (a cycle):
// they have newTestVault.
package testvault

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"carekeeper/storage"
)

const pass = "test passphrase"

// key is a vault key made once per test process (storage.Init derives it slowly on purpose):
// every vault opened here gets a copy of its key file.
var key struct {
	once sync.Once
	file []byte
	key  []byte
	err  error
}

func template(tb testing.TB) ([]byte, []byte) {
	tb.Helper()
	key.once.Do(func() {
		dir, err := os.MkdirTemp("", "ck-testvault-")
		if err != nil {
			key.err = err
			return
		}
		defer os.RemoveAll(dir)
		if _, key.err = storage.Init(dir, []byte(pass), storage.Options{}); key.err != nil {
			return
		}
		if key.key, key.err = storage.UnwrapKey(dir, []byte(pass)); key.err != nil {
			return
		}
		key.file, key.err = os.ReadFile(storage.KeyFilePath(dir))
	})
	if key.err != nil {
		tb.Fatalf("making a vault key: %v", key.err)
	}
	return key.file, key.key
}

// Key is the key file and key of every vault Open makes (for a test making a vault
// directory itself).
func Key(tb testing.TB) (keyFile, vaultKey []byte) {
	tb.Helper()
	return template(tb)
}

// Passphrase is the passphrase of every vault Open makes.
const Passphrase = pass

// Open opens a fresh encrypted vault (passphrase Passphrase) in a directory of its own, closed
// and removed when tb's test ends; it returns the vault and its directory.
func Open(tb testing.TB, opt storage.Options) (*storage.Vault, string) {
	tb.Helper()
	kf, k := template(tb)
	dir := filepath.Join(tb.TempDir(), "vault")
	if err := os.Mkdir(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(storage.KeyFilePath(dir), kf, 0o600); err != nil {
		tb.Fatal(err)
	}
	v, err := storage.OpenWithKey(dir, k, opt)
	if err != nil {
		tb.Fatalf("opening a test vault: %v", err)
	}
	tb.Cleanup(func() { Done(tb, v) })
	return v, dir
}

// Done closes a vault Open made and removes it now, before its test ends (a benchmark's
// iteration, a loop over files); the test's end then does nothing more.
func Done(tb testing.TB, v *storage.Vault) {
	tb.Helper()
	_ = v.Close() // a test of a failing close has said what it expects of it
	if err := os.RemoveAll(v.Dir()); err != nil {
		tb.Errorf("removing a test vault: %v", err)
	}
}

// Run runs fn as a subtest named name with a fresh vault of its own, closed and removed when
// the subtest ends: for a test that opens a vault per case or file.
func Run(t *testing.T, name string, fn func(t *testing.T, v *storage.Vault)) bool {
	t.Helper()
	return t.Run(name, func(t *testing.T) {
		v, _ := Open(t, storage.Options{})
		fn(t, v)
	})
}
