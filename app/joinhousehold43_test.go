package app

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// joinHousehold has the computer of vault v join, as name, the household the computer of
// vault cv made (its household ch, over cfg) with the invitation code: hhvault.Join waits for
// the maker's exchange to admit it, which this runs until it has. It returns v's household.
// The household tests' set-up, written out in each before (the locked-alert test too).
func joinHousehold(ctx context.Context, t *testing.T, cv *storage.Vault, ch *household.Household, cfg hhvault.Config, v *storage.Vault, code, name string) *household.Household {
	t.Helper()
	type result struct {
		h   *household.Household
		err error
	}
	joined := make(chan result, 1)
	go func() {
		h, err := hhvault.Join(ctx, v, cfg, nil, code, name, time.Minute, time.Now)
		joined <- result{h, err}
	}()
	for {
		if _, err := hhvault.Exchange(ctx, cv, ch, time.Now()); err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-joined:
			if r.err != nil {
				t.Fatal(r.err)
			}
			return r.h
		case <-time.After(100 * time.Millisecond): // the joiner's wait (real time, no assertion on it)
		}
	}
}
