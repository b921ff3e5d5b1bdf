package sync

import (
	"context"
	"errors"
	"slices"
	gosync "sync"
	"time"

	"carekeeper/storage"
)

// Clock is the time source of a Scheduler (a fake one in tests).
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Defaults of a Scheduler.
const (
	DefaultEvery      = 6 * time.Hour
	DefaultMinBackoff = time.Minute
	DefaultPoll       = time.Minute
)

// Scheduler syncs every connected portal in the background: at start, then every Every, with
// a growing backoff while a portal cannot be reached and at the time a busy portal asked for.
// Portals are synced one at a time. Progress and the last result of each portal are kept for
// the app to show (PortalStates) and passed to the callbacks.
type Scheduler struct {
	Vault      *storage.Vault
	Every      time.Duration // between syncs of a portal; default 6 h
	MinBackoff time.Duration // first retry after an offline failure; doubles up to Every; default 1 min
	Poll       time.Duration // how often the portal list is re-read (new portals); default 1 min
	Clock      Clock         // nil = the real clock
	Options    SyncOptions   // for each sync (its Progress is called too)
	// OnProgress and OnResult are called from the scheduler's goroutine.
	OnProgress func(Progress)
	OnResult   func(portal string, r *Result, err error)
	// Sync runs one portal's sync; nil = SyncPortal.
	Sync func(ctx context.Context, v *storage.Vault, portal string, opt SyncOptions) (*Result, error)

	mu     gosync.Mutex
	states map[string]*PortalState
	wake   chan struct{}
	once   gosync.Once
}

// PortalState is what the scheduler knows of one portal.
type PortalState struct {
	Portal   string    `json:"portal"`
	Running  bool      `json:"running"`
	Progress Progress  `json:"progress"` // of the running (or last) sync
	Last     *Result   `json:"last,omitempty"`
	LastErr  string    `json:"lastError,omitempty"` // a sync that could not run (vault, not connected)
	LastRun  time.Time `json:"lastRun,omitzero"`
	Next     time.Time `json:"next,omitzero"`
	failures int
}

func (s *Scheduler) init() {
	s.once.Do(func() {
		s.states = map[string]*PortalState{}
		s.wake = make(chan struct{}, 1)
	})
}

func (s *Scheduler) clock() Clock {
	if s.Clock != nil {
		return s.Clock
	}
	return realClock{}
}

func (s *Scheduler) every() time.Duration {
	if s.Every > 0 {
		return s.Every
	}
	return DefaultEvery
}

// SyncNow makes every connected portal due at once (the "Sync now" button).
func (s *Scheduler) SyncNow() {
	s.init()
	s.mu.Lock()
	for _, st := range s.states {
		st.Next = time.Time{}
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// PortalStates returns a copy of what the scheduler knows, by portal id order.
func (s *Scheduler) PortalStates() []PortalState {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PortalState, 0, len(s.states))
	for _, st := range s.states {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b PortalState) int {
		switch {
		case a.Portal < b.Portal:
			return -1
		case a.Portal > b.Portal:
			return 1
		}
		return 0
	})
	return out
}

// Run syncs until ctx is done, then returns ctx.Err().
func (s *Scheduler) Run(ctx context.Context) error {
	s.init()
	clk := s.clock()
	for {
		if err := s.runDue(ctx, clk); err != nil {
			return err
		}
		wait := s.Poll
		if wait <= 0 {
			wait = DefaultPoll
		}
		now := clk.Now()
		s.mu.Lock()
		for _, st := range s.states {
			if d := st.Next.Sub(now); d < wait {
				wait = max(d, 0)
			}
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.wake:
		case <-clk.After(wait):
		}
	}
}

// runDue syncs the connected portals whose time has come.
func (s *Scheduler) runDue(ctx context.Context, clk Clock) error {
	ps, err := Portals(ctx, s.Vault)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return nil // the vault may be busy; try at the next poll
	}
	for _, p := range ps {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !p.Connected {
			continue
		}
		now := clk.Now()
		s.mu.Lock()
		st := s.states[p.ID]
		if st == nil {
			st = &PortalState{Portal: p.ID} // new: due now
			s.states[p.ID] = st
		}
		if p.RetryAt.After(st.Next) {
			st.Next = p.RetryAt
		}
		due := !now.Before(st.Next)
		if due {
			st.Running = true
			st.Progress = Progress{Portal: p.ID}
		}
		s.mu.Unlock()
		if !due {
			continue
		}
		r, err := s.syncOne(ctx, p.ID)
		if ctx.Err() != nil {
			s.mu.Lock()
			st.Running = false
			s.mu.Unlock()
			return ctx.Err()
		}
		now = clk.Now()
		s.mu.Lock()
		st.Running, st.LastRun, st.LastErr = false, now, ""
		if r != nil {
			st.Last = r
		}
		switch {
		case err != nil:
			st.LastErr = oneLine(err.Error())
			st.failures++
			st.Next = now.Add(s.backoff(st.failures))
		case r.Offline:
			st.failures++
			st.Next = now.Add(s.backoff(st.failures))
		case r.RetryAfter > 0:
			st.Next = now.Add(r.RetryAfter)
		case !r.Complete && !r.SignInAgain:
			// A failed page: try again soon (it resumes where it stopped), then less often.
			st.failures++
			st.Next = now.Add(s.backoff(st.failures))
		default:
			st.failures = 0
			st.Next = now.Add(s.every())
		}
		s.mu.Unlock()
		if s.OnResult != nil {
			s.OnResult(p.ID, r, err)
		}
	}
	return nil
}

func (s *Scheduler) backoff(failures int) time.Duration {
	d := s.MinBackoff
	if d <= 0 {
		d = DefaultMinBackoff
	}
	for i := 1; i < failures && d < s.every(); i++ {
		d *= 2
	}
	return min(d, s.every())
}

func (s *Scheduler) syncOne(ctx context.Context, id string) (*Result, error) {
	opt := s.Options
	user := opt.Progress
	opt.Progress = func(p Progress) {
		s.mu.Lock()
		if st := s.states[id]; st != nil {
			st.Progress = p
		}
		s.mu.Unlock()
		if user != nil {
			user(p)
		}
		if s.OnProgress != nil {
			s.OnProgress(p)
		}
	}
	run := s.Sync
	if run == nil {
		run = SyncPortal
	}
	r, err := run(ctx, s.Vault, id, opt)
	if err == nil && r == nil {
		err = errors.New("the sync returned no result")
	}
	if err != nil && r != nil {
		r.fail(oneLine(err.Error())) // a sync that failed is not complete, whatever it says
	}
	return r, err
}
