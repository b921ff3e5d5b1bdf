package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// Held returns the change the vault holds for a key: its current value with the stamp and
// device of its version, as Snapshot gives it (ok is false for a key the household does not
// know here). The household replica re-sends a shared record this way to the people who
// start referring to it.
func (v *Vault) Held(kind, k string) (c Change, ok bool, err error) {
	err = v.db.View(func(txn *badger.Txn) error {
		ver, found, err := readVersion(txn, kind, k)
		if err != nil || !found {
			return err
		}
		ok = true
		c = Change{Kind: kind, Key: k, Stamp: ver.stamp, Device: ver.device, Deleted: ver.deleted, After: ver.after}
		if !c.Deleted {
			c.Value, err = v.changeValue(txn, kind, k)
			switch {
			case errors.Is(err, ErrNotFound):
				c.Deleted, c.Value = true, nil // removed with its person
			case err != nil:
				return err
			}
		}
		c.Profile = changeProfile(c)
		return nil
	})
	return c, ok, err
}
