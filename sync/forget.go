package sync

import (
	"context"

	"carekeeper/storage"
)

// ForgetPersonOps returns the state ops that remove the portals bound to a person, with their
// sign-ins and sync checkpoints, for storage.Vault.DeleteProfile to apply in the same write:
// a portal left bound to a deleted person would sync their records back.
func ForgetPersonOps(ctx context.Context, v *storage.Vault, profile string) ([]storage.StateOp, error) {
	ps, err := Portals(ctx, v)
	if err != nil {
		return nil, err
	}
	var ops []storage.StateOp
	for _, p := range ps {
		if p.Profile != profile {
			continue
		}
		ops = append(ops, storage.StateOp{Key: portalKey(p.ID), Delete: true}, storage.StateOp{Key: tokenKey(p.ID), Delete: true})
		err := v.ScanState(ctx, syncPrefix(p.ID), func(k string, _ []byte) error {
			ops = append(ops, storage.StateOp{Key: k, Delete: true})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return ops, nil
}
