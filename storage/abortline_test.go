package storage

import (
	"errors"
	"strings"
	"testing"
)

// A write the full disk stopped, whose undoing found no room either, said so in Badger's words
// with a path on the person's line ("…nothing was lost (and rolling back failed: cannot create
// new mem table err: … /…/00004.mem err: fallocate …)", F36's note); and that the vault then
// does not open until there is room was nowhere (F53). One line in words now.
func TestAbortWithoutRollbackSaysSoInWords(t *testing.T) {
	dir := newVaultDir(t)
	v := openTestVault(t, dir, Options{})
	write(t, v, sample())
	if err := v.db.Close(); err != nil { // the roll back cannot write
		t.Fatal(err)
	}
	for _, cause := range []error{ErrDiskFull, errors.New("writing: something")} {
		err := v.abort("j1", cause)
		if !errors.Is(err, cause) {
			t.Errorf("abort(%v) = %v: not the cause", cause, err)
		}
		msg := err.Error()
		if strings.Contains(msg, dir) || strings.Contains(strings.ToLower(msg), "badger") || strings.Contains(msg, "rolling back failed") ||
			!strings.Contains(msg, "undone") {
			t.Errorf("abort(%v) says %q", cause, msg)
		}
		if errors.Is(cause, ErrDiskFull) && !strings.Contains(msg, "cannot be opened") {
			t.Errorf("abort on a full disk does not say the vault cannot be opened until there is room: %q", msg)
		}
	}
}
