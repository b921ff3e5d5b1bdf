package storage

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeTimers stands in for time.AfterFunc and time.Now in the GC schedule.
type fakeTimers struct {
	mu    sync.Mutex
	now   time.Time
	armed []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeTimers) after(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.armed = append(c.armed, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped = true
		return was
	}
}

func (c *fakeTimers) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// pending is the one live timer (nil if none); more than one is a failure.
func (c *fakeTimers) pending(t *testing.T) *fakeTimer {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	var live *fakeTimer
	for _, tm := range c.armed {
		if !tm.stopped {
			if live != nil {
				t.Fatal("two GC timers armed")
			}
			live = tm
		}
	}
	return live
}

// fire advances the clock to the live timer and runs it as the runtime would.
func (c *fakeTimers) fire(t *testing.T) {
	t.Helper()
	tm := c.pending(t)
	if tm == nil {
		t.Fatal("no GC timer armed")
	}
	c.mu.Lock()
	c.now = tm.at
	tm.stopped = true
	c.mu.Unlock()
	tm.f()
}

// The value log is collected after writes that leave garbage, a minute after the last of
// them, then at most hourly while collections find something, and never on a timer when
// there is nothing to do.
func TestGCSchedule(t *testing.T) {
	v := newTestVault(t, Options{})
	ctx := context.Background()
	clk := &fakeTimers{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var runs int
	rewrites := []bool{} // what each collection reports, in turn
	v.gc.mu.Lock()
	if v.gc.stop == nil {
		v.gc.mu.Unlock()
		t.Fatal("no collection armed after opening")
	}
	v.gc.stop()
	v.gc.stop = nil
	v.gc.after, v.gc.now = clk.after, clk.Now
	v.gc.collect = func() (bool, error) {
		runs++
		r := len(rewrites) > 0 && rewrites[0]
		if len(rewrites) > 0 {
			rewrites = rewrites[1:]
		}
		return r, nil
	}
	v.gc.mu.Unlock()

	write := func(res string) {
		t.Helper()
		b := &Batch{File: "f.json", Now: clk.Now(), Profiles: []Profile{{ID: "p1", Name: "First"}}}
		b.Records = append(b.Records, Record{Profile: "p1", ID: ID{"local", "Observation", "o1"}, Resource: resource("Observation", "o1", res),
			Meta: Meta{Date: "2020-01-01T00:00:00Z", Codes: []string{"http://loinc.org|1234-5"}}})
		if _, err := v.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		do      func()
		wantIn  time.Duration // the armed timer fires this long from now; 0: none armed
		wantRun int
	}{
		{"a write that only adds arms nothing", func() { write(`,"v":1`) }, 0, 0},
		{"replacing a record arms a collection a minute later", func() { write(`,"v":2`) }, gcDelay, 0},
		{"another replacement pushes it back, still one timer", func() { clk.now = clk.now.Add(30 * time.Second); write(`,"v":3`) }, gcDelay, 0},
		{"a collection that finds nothing arms nothing", func() { clk.fire(t) }, 0, 1},
		{"one that rewrote a file comes back in an hour", func() { rewrites = []bool{true}; write(`,"v":4`); clk.fire(t) }, gcEvery, 2},
		{"a write meanwhile does not bring it forward", func() { clk.now = clk.now.Add(10 * time.Minute); write(`,"v":5`) }, gcEvery - 10*time.Minute, 2},
		{"the hourly one finding nothing ends the schedule", func() { clk.fire(t) }, 0, 3},
	}
	for _, s := range steps {
		s.do()
		tm := clk.pending(t)
		switch {
		case s.wantIn == 0 && tm != nil:
			t.Errorf("%s: a collection is armed for %v", s.name, tm.at.Sub(clk.Now()))
		case s.wantIn != 0 && tm == nil:
			t.Errorf("%s: nothing armed", s.name)
		case s.wantIn != 0 && tm.at.Sub(clk.Now()) != s.wantIn:
			t.Errorf("%s: armed for %v, want %v", s.name, tm.at.Sub(clk.Now()), s.wantIn)
		}
		if runs != s.wantRun {
			t.Errorf("%s: %d collections, want %d", s.name, runs, s.wantRun)
		}
	}
	write(`,"v":6`)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if tm := clk.pending(t); tm != nil {
		t.Error("a collection is still armed after Close")
	}
}
