package storage

import (
	"context"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"carekeeper/internal/hlc"
)

// ObserveStamp moves the vault's household clock to s when it is behind, so the changes
// written from now on are stamped after s (the household layer passes the stamps of the
// membership: a change made after this device was given a role must be stamped after the
// grant). A clock at or past s is left alone, without a write.
func (v *Vault) ObserveStamp(ctx context.Context, s hlc.Stamp) error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	var last hlc.Stamp
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		last, err = readClock(txn)
		return err
	})
	if err != nil {
		return fmt.Errorf("reading the household clock: %w", err)
	}
	if last.Compare(s) >= 0 {
		return nil
	}
	var ops opList
	ops.set(hhClockKey, encodeClock(s))
	if err := v.apply(ctx, ops); err != nil {
		return fmt.Errorf("moving the household clock: %w", err)
	}
	return nil
}
