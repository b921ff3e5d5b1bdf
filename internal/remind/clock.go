package remind

import "time"

// Clock is the engine's source of time; tests use a fake one.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer as returned by a Clock.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// RealClock is the system clock.
type RealClock struct{}

// Now returns the wall-clock time without its monotonic reading, so that comparisons follow
// the wall clock (which jumps on suspend and clock changes).
func (RealClock) Now() time.Time { return time.Now().Round(0) }

// NewTimer starts a real timer.
func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time { return t.t.C }
func (t realTimer) Stop() bool          { return t.t.Stop() }
