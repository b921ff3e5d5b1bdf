package hhvault

import (
	"context"
	"crypto/sha256"
	"fmt"

	"carekeeper/storage"
)

// RecordsDigest sums every record a person holds (id, contents, deletion): it changes with
// anything recorded, changed or removed for them. The app's undo of a join (JoinPeople, then
// UndoJoin) is offered only while the one who stays has the digest taken right after the join
// (F395: a dose recorded since could be given back to the wrong person).
func RecordsDigest(ctx context.Context, v *storage.Vault, profile string) ([]byte, error) {
	h := sha256.New()
	err := v.Records(ctx, storage.Query{Profile: profile, MetaOnly: true}, func(r *storage.Record) error {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%x\x00%d\n", r.ID.Source, r.ID.Type, r.ID.ID, r.Meta.Hash, r.Meta.Deleted.UnixNano())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading a person's records: %w", err)
	}
	return h.Sum(nil), nil
}
