package storage

import (
	"errors"

	"github.com/dgraph-io/badger/v4"
)

// ProfilesOf returns the profile holding each record ("" where there is none), in one read
// transaction: the importer asks it of every record of a file.
func (v *Vault) ProfilesOf(ids []ID) ([]string, error) {
	out := make([]string, len(ids))
	err := v.db.View(func(txn *badger.Txn) error {
		for i, id := range ids {
			p, _, err := locate(txn, id)
			switch {
			case err == nil:
				out[i] = p
			case !errors.Is(err, badger.ErrKeyNotFound) && !errors.Is(err, ErrNotFound):
				return err
			}
		}
		return nil
	})
	return out, err
}
