package hhvault

import (
	"context"
	"sync"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// Background exchange for the daemon and the app: one timer, no busy polling.
//
//   - Idle, an exchange runs every Idle (default 1 minute): that is how changes of the other
//     devices arrive.
//   - A local change (storage.Vault.Changed) is sent after Settle (default 2 s, so a burst of
//     edits goes as one segment).
//   - For Busy (default 2 minutes) after anything was sent or applied, exchanges run every
//     Active (default 5 s): while a caregiver and the person are answering doses, each sees the
//     other's answers within seconds, then it falls back to once a minute.
//   - A failed exchange (the folder is gone, the server unreachable) is tried again after a
//     delay doubling from Active up to MaxBackoff (default 15 minutes); a local change or Poke
//     tries at once.

// RunOptions tune Run. The zero value is right for the daemon and the app.
type RunOptions struct {
	Idle, Active, Busy, Settle, MaxBackoff time.Duration
	// Now is the clock (nil: time.Now); After makes a timer channel (nil: time.After-like,
	// stopped when no longer needed). Tests give fakes.
	Now   func() time.Time
	After func(d time.Duration) (<-chan time.Time, func())
	// Poke asks for an exchange now ("Sync now", a newly shown screen). May be nil.
	Poke <-chan struct{}
	// Exchanged is called after each exchange (on Run's goroutine) with its report and error:
	// the daemon reloads its reminders when something was applied; the app refreshes.
	Exchanged func(household.Report, error)
}

func (o *RunOptions) fill() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Idle, time.Minute)
	def(&o.Active, 5*time.Second)
	def(&o.Busy, 2*time.Minute)
	def(&o.Settle, 2*time.Second)
	def(&o.MaxBackoff, 15*time.Minute)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTimer(d)
			return t.C, func() { t.Stop() }
		}
	}
}

// schedule is Run's state: when the last exchange moved something and how many failed in a row.
type schedule struct {
	o        *RunOptions
	busyTill time.Time
	failures int
}

// next is how long to wait after an exchange at now that moved something (moved) or failed.
func (s *schedule) next(now time.Time, moved bool, err error) time.Duration {
	if err != nil {
		s.failures++
		d := s.o.Active
		for i := 1; i < s.failures && d < s.o.MaxBackoff; i++ {
			d *= 2
		}
		return min(d, s.o.MaxBackoff)
	}
	s.failures = 0
	if moved {
		s.busyTill = now.Add(s.o.Busy)
	}
	if now.Before(s.busyTill) {
		return s.o.Active
	}
	return s.o.Idle
}

// Live is an open household shared by the background exchange and the screens (invite,
// revoke, share): one operation at a time.
type Live struct {
	V    *storage.Vault
	mu   sync.Mutex
	h    *household.Household
	poke chan struct{}
}

// NewLive wraps an open household.
func NewLive(v *storage.Vault, h *household.Household) *Live {
	return &Live{V: v, h: h, poke: make(chan struct{}, 1)}
}

// Do runs fn with the household, alone.
func (l *Live) Do(fn func(h *household.Household) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fn(l.h)
}

// Poke asks the background exchange to run now.
func (l *Live) Poke() {
	select {
	case l.poke <- struct{}{}:
	default:
	}
}

// Run exchanges in the background until ctx ends (see RunOptions; its Poke is replaced by
// the Live's). The first exchange runs at once.
func (l *Live) Run(ctx context.Context, o RunOptions) {
	o.Poke = l.poke
	run(ctx, l.V, func(now time.Time) (household.Report, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return Exchange(ctx, l.V, l.h, now)
	}, o)
}

// Run exchanges in the background until ctx ends. The first exchange runs at once.
func Run(ctx context.Context, v *storage.Vault, h *household.Household, o RunOptions) {
	run(ctx, v, func(now time.Time) (household.Report, error) { return Exchange(ctx, v, h, now) }, o)
}

func run(ctx context.Context, v *storage.Vault, exchange func(time.Time) (household.Report, error), o RunOptions) {
	o.fill()
	s := &schedule{o: &o}
	wait := time.Duration(0)
	for {
		timer, stop := o.After(wait)
		settle := false
		select {
		case <-ctx.Done():
			stop()
			return
		case <-timer:
		case <-o.Poke:
			stop()
		case <-v.Changed():
			stop()
			settle = true
		}
		if settle && o.Settle > 0 {
			t, stop := o.After(o.Settle)
			select {
			case <-ctx.Done():
				stop()
				return
			case <-t:
			}
		}
		now := o.Now()
		rep, err := exchange(now)
		if ctx.Err() != nil {
			return
		}
		wait = s.next(now, rep.Sent > 0 || rep.Applied > 0, err)
		if err != nil {
			recordRetry(ctx, v, now.Add(wait)) // said by the status line
		}
		if o.Exchanged != nil {
			o.Exchanged(rep, err)
		}
	}
}
