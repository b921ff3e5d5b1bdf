package secret

import (
	"path/filepath"
	"testing"
)

// KDFMemory says how much working memory the process's Argon2id derivations have held (storage
// keeps its bulk memory limit above it: lower would add collections, not lower the peak; a
// process that derived no key, after 'carekeeper unlock', gets a lower one).
func TestKDFMemorySaysTheDerivationsMemory(t *testing.T) {
	p := Params{Time: 3, MemoryKiB: 64*1024 + 8, Threads: 4}
	if _, _, err := Create(filepath.Join(t.TempDir(), "a.key"), []byte("kdf memory passphrase"), p); err != nil {
		t.Fatal(err)
	}
	if got, want := KDFMemory(), int64(p.MemoryKiB)<<10; got < want {
		t.Errorf("KDFMemory after a derivation with %d KiB: %d bytes, want at least %d", p.MemoryKiB, got, want)
	}
}
