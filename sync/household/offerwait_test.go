package household_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// A code whose invitation never appears in a synced folder is called wrong after the time
// actually waited: `join --wait 3` said "… in the folder after 2 minutes" after 3 seconds.
func TestFolderNoOfferSaysTimeWaited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{10 * time.Second, "after 10 seconds"},
		{time.Minute, "after 1 minute"},
		{10 * time.Minute, "after 2 minutes"},
	} {
		clock := &fakeClock{t: t0}
		_, err := household.Join(ctx, newReplica(), newMemFS(), "ability able about above absent zoo", "x", tc.wait, stepper(clock, 2*time.Second))
		if !errors.Is(err, household.ErrBadCode) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("wait %v: %v, want it to say %q", tc.wait, err, tc.want)
		}
	}
}
