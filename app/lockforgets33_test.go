package app

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"carekeeper/internal/keycache"
	"carekeeper/storage"
)

// The app's Lock also forgets the key 'carekeeper unlock' kept for the vault in the session's
// keyring: a person who locks CareKeeper leaves no terminal able to open it.
func TestUI_LockForgetsTheCommandLinesKey(t *testing.T) {
	u := unlocked(t)
	id, err := storage.KeptKeyID(u.dir)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	if err := keycache.Put(id, key, 2*time.Minute); errors.Is(err, keycache.ErrUnavailable) {
		// Not a skip: without a keyring nothing can be kept, and Lock must still lock.
		test.Tap(u.main.lockBt)
		if u.vault != nil {
			t.Fatal("Lock did not lock")
		}
		t.Log("no kernel keyring here: checked that Lock locks")
		return
	} else if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keycache.Drop(id) })
	test.Tap(u.main.lockBt)
	if u.vault != nil {
		t.Fatal("Lock did not lock")
	}
	if _, err := keycache.Get(id); !errors.Is(err, keycache.ErrNotFound) {
		t.Errorf("after Lock the command line's key is still kept: %v", err)
	}
}
