package remind

import (
	"context"
	"testing"
	"time"
)

// Asked to stop while it starts (the daemon's Ctrl-C, or its caller done), the engine stops
// without an error: the daemon said "carekeeper daemon: loading reminders: context canceled"
// on a vault moved elsewhere as it was told to stop, a second line after its one line.
func TestRunStoppedWhileStartingIsNoError(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	r := newRig(t, "Europe/London", time.Date(2026, 6, 1, 7, 59, 0, 0, lon), twiceDaily)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.e.Run(ctx); err != nil {
		t.Errorf("run with its context already done: %v, want none", err)
	}
}
