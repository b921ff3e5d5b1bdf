package secret

import (
	"path/filepath"
	"runtime/metrics"
	"testing"
)

// heapHeld is the heap memory the Go runtime holds from the system: live and dead objects
// and free spans not yet returned.
func heapHeld() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(s)
	var n uint64
	for _, x := range s {
		n += x.Value.Uint64()
	}
	return n
}

// Regression: Argon2id's 64 MiB stayed with the process after the vault was unlocked (an
// unlocked app held about 65 MB more than it needed).
func TestKDFMemoryIsReturned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.key")
	pass := []byte("correct horse battery")
	key, _, err := Create(path, pass, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	clear(key)
	for _, tc := range []struct {
		name   string
		unlock func() error
	}{
		{"unlock", func() error { k, err := Unlock(path, pass); clear(k); return err }},
		{"change passphrase", func() error { return ChangePassphrase(path, pass, pass, DefaultParams) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.unlock(); err != nil {
				t.Fatal(err)
			}
			const limit = 32 << 20 // the KDF alone is 64 MiB
			if held := heapHeld(); held > limit {
				t.Errorf("after %s the heap holds %d MiB; want < %d MiB (the KDF's memory returned)", tc.name, held>>20, limit>>20)
			}
		})
	}
}
