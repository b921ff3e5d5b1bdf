package sync_test

import (
	"context"
	"errors"
	gosync "sync"
	"testing"
	"time"

	"carekeeper/storage"
	cksync "carekeeper/sync"
	"carekeeper/sync/smart"
)

// fakeClock is a manual clock: After fires when Advance passes its time.
type fakeClock struct {
	mu      gosync.Mutex
	now     time.Time
	waiters []fakeWaiter
	waiting chan struct{} // a token each time someone starts waiting
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t time.Time) *fakeClock {
	return &fakeClock{now: t, waiting: make(chan struct{}, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{c.now.Add(d), ch})
	c.waiting <- struct{}{}
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
		} else {
			kept = append(kept, w)
		}
	}
	c.waiters = kept
}

type schedCall struct {
	portal string
	at     time.Time
}

func TestScheduler(t *testing.T) {
	v, _ := newVault(t)
	var ids []string
	for i, name := range []string{"A", "B"} {
		p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: name, FHIR: "https://" + name + ".example/fhir"}, t0.Add(time.Duration(i)*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if err := cksync.Connected(ctx, v, p, &smart.Token{AccessToken: "a", Patient: "p"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	a, b := ids[0], ids[1]
	clk := newFakeClock(t0)
	offline := map[string]int{} // portal -> how many more syncs fail offline
	calls := make(chan schedCall, 100)
	var progress []cksync.Progress
	s := &cksync.Scheduler{
		Vault: v, Clock: clk, Poll: 24 * time.Hour,
		Sync: func(ctx context.Context, _ *storage.Vault, id string, opt cksync.SyncOptions) (*cksync.Result, error) {
			opt.Progress(cksync.Progress{Portal: id, Type: "Observation", Pages: 1, Resources: 3})
			r := &cksync.Result{Portal: id, Complete: true, Resources: map[string]*cksync.Counts{}}
			if offline[id] > 0 {
				offline[id]--
				r.Complete, r.Offline, r.Error = false, true, "cannot reach the portal (offline?)"
			}
			return r, nil
		},
		OnProgress: func(p cksync.Progress) { progress = append(progress, p) },
		OnResult:   func(id string, _ *cksync.Result, _ error) { calls <- schedCall{id, clk.Now()} },
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(rctx) }()

	expect := func(want ...schedCall) {
		t.Helper()
		for _, w := range want {
			select {
			case c := <-calls:
				if c != w {
					t.Fatalf("sync %s at %v, want %s at %v", c.portal, c.at.Sub(t0), w.portal, w.at.Sub(t0))
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no sync of %s at %v", w.portal, w.at.Sub(t0))
			}
		}
		<-clk.waiting // the scheduler sleeps again
		select {
		case c := <-calls:
			t.Fatalf("unexpected sync of %s at %v", c.portal, c.at.Sub(t0))
		default:
		}
	}
	// At start, both; then every 6 hours.
	expect(schedCall{a, t0}, schedCall{b, t0})
	clk.Advance(6 * time.Hour)
	expect(schedCall{a, t0.Add(6 * time.Hour)}, schedCall{b, t0.Add(6 * time.Hour)})
	// A goes offline three times: retried after 1, 2 and 4 minutes, then back to 6 hours.
	offline[a] = 3
	at := t0.Add(12 * time.Hour)
	clk.Advance(6 * time.Hour)
	expect(schedCall{a, at}, schedCall{b, at})
	for _, d := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
		at = at.Add(d)
		clk.Advance(d)
		if d == 4*time.Minute {
			expect(schedCall{a, at})
		} else {
			expect(schedCall{a, at})
		}
	}
	st := s.PortalStates()
	if len(st) != 2 || st[0].Last == nil || !st[0].Last.Complete {
		t.Fatalf("states %+v", st)
	}
	for _, x := range st {
		if x.Portal == a && !x.Next.Equal(at.Add(6*time.Hour)) {
			t.Errorf("A next at %v", x.Next.Sub(t0))
		}
		if x.Progress.Resources != 3 || x.Progress.Type != "Observation" {
			t.Errorf("progress %+v", x.Progress)
		}
	}
	// Sync now.
	s.SyncNow()
	expect(schedCall{a, at}, schedCall{b, at})
	if len(progress) != 11 {
		t.Errorf("%d progress reports", len(progress))
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run returned %v", err)
	}
}

// A sync that fails is never remembered as complete, whatever its Result says.
func TestSchedulerFailedSyncIsNotComplete(t *testing.T) {
	v, _ := newVault(t)
	p, err := cksync.AddPortal(ctx, v, cksync.Portal{Name: "A", FHIR: "https://a.example/fhir"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := cksync.Connected(ctx, v, p, &smart.Token{AccessToken: "a", Patient: "p"}); err != nil {
		t.Fatal(err)
	}
	clk := newFakeClock(t0)
	type outcome struct {
		r   *cksync.Result
		err error
	}
	got := make(chan outcome, 1)
	s := &cksync.Scheduler{
		Vault: v, Clock: clk, Poll: 24 * time.Hour,
		Sync: func(context.Context, *storage.Vault, string, cksync.SyncOptions) (*cksync.Result, error) {
			return &cksync.Result{Portal: p.ID, Complete: true, Resources: map[string]*cksync.Counts{}}, errors.New("the vault is busy")
		},
		OnResult: func(_ string, r *cksync.Result, err error) { got <- outcome{r, err} },
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(rctx) }()
	o := <-got
	<-clk.waiting
	cancel()
	<-done
	if o.err == nil || o.r == nil || o.r.Complete || o.r.Error == "" {
		t.Errorf("OnResult got %+v, %v: want an incomplete result with the error", o.r, o.err)
	}
	st := s.PortalStates()
	if len(st) != 1 || st[0].Last == nil || st[0].Last.Complete || st[0].LastErr == "" {
		t.Errorf("state %+v", st)
	}
}
