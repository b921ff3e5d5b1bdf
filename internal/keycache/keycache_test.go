package keycache_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"carekeeper/internal/keycache"
)

// The key kept for a vault is read back as it was, for that vault only, until it is dropped;
// a new key file (a new passphrase or recovery code) names another vault.
func TestKeepReadForget(t *testing.T) {
	keyFile := make([]byte, 200)
	rand.Read(keyFile)
	id := keycache.ID(keyFile)
	key := make([]byte, 32)
	rand.Read(key)

	err := keycache.Put(id, key, 2*time.Minute)
	if errors.Is(err, keycache.ErrUnavailable) {
		// Not a skip: on such a system every call must say so, and nothing is kept.
		if _, err := keycache.Get(id); !errors.Is(err, keycache.ErrUnavailable) {
			t.Fatalf("no keyring, but Get says %v", err)
		}
		t.Log("this system has no kernel keyring: checked that every call says so")
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keycache.Drop(id) })

	got, err := keycache.Get(id)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("Get = %x, %v; want the key kept", got, err)
	}
	other := append([]byte(nil), keyFile...)
	other[0] ^= 1
	if keycache.ID(other) == id {
		t.Fatal("a changed key file has the same id")
	}
	if _, err := keycache.Get(keycache.ID(other)); !errors.Is(err, keycache.ErrNotFound) {
		t.Fatalf("another vault's key: %v, want ErrNotFound", err)
	}
	if was, err := keycache.Drop(id); !was || err != nil {
		t.Fatalf("Drop = %v, %v", was, err)
	}
	if _, err := keycache.Get(id); !errors.Is(err, keycache.ErrNotFound) {
		t.Fatalf("after Drop: %v, want ErrNotFound", err)
	}
	if was, err := keycache.Drop(id); was || err != nil {
		t.Fatalf("second Drop = %v, %v; want false, nil", was, err)
	}
	for _, ttl := range []time.Duration{30 * time.Second, 13 * time.Hour} {
		if err := keycache.Put(id, key, ttl); err == nil {
			keycache.Drop(id)
			t.Errorf("Put for %v was taken", ttl)
		}
	}
}
