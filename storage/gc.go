package storage

import (
	"errors"
	"fmt"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Value-log garbage collection on a schedule, without a periodic wake-up. Badger keeps values
// of ValueThreshold and more (large resources, the undo entries of big writes) in its value
// log; replacing or deleting them leaves garbage there that only RunValueLogGC reclaims.
//
// The vault collects gcDelay after a write that deleted or replaced anything (an import, a
// sync, a person's deletion; each such write pushes it back, so a long import is collected
// once, after its end) and once gcDelay after opening (for what an earlier process left).
// When a collection rewrote a file there may be more to find (compactions report garbage as
// they go): the next comes gcEvery later. A collection that finds nothing arms nothing, so a
// vault that is not written has no timer at all. One-shot commands close the vault long
// before gcDelay: they never collect.
const (
	gcDelay = time.Minute
	gcEvery = time.Hour
)

type gcSchedule struct {
	mu sync.Mutex
	// after is time.AfterFunc, now time.Now and collect the vault's collectGarbage; tests
	// replace them.
	after   func(time.Duration, func()) (stop func() bool)
	now     func() time.Time
	collect func() (rewrote bool, err error)
	stop    func() bool // the armed timer, nil when none
	due     time.Time   // when it fires
	last    time.Time   // the last collection that rewrote a file
	closed  bool
}

func (v *Vault) initGC() {
	g := &v.gc
	g.after = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	g.now = time.Now
	g.collect = v.collectGarbage
	v.gcSoon()
}

// gcSoon arms a collection gcDelay from now (or gcEvery after the last one that rewrote
// something, if that is later), replacing the one armed.
func (v *Vault) gcSoon() {
	if v.readOnly {
		return
	}
	g := &v.gc
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || g.after == nil { // closing, or still opening (initGC arms it then)
		return
	}
	now := g.now()
	at := now.Add(gcDelay)
	if !g.last.IsZero() && at.Before(g.last.Add(gcEvery)) {
		at = g.last.Add(gcEvery)
	}
	g.armLocked(v, now, at)
}

func (g *gcSchedule) armLocked(v *Vault, now, at time.Time) {
	if g.stop != nil {
		g.stop()
	}
	g.due = at
	g.stop = g.after(at.Sub(now), v.runScheduledGC)
}

// runScheduledGC is the timer's: it collects with writes held off (and Close waiting).
func (v *Vault) runScheduledGC() {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	g := &v.gc
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return
	}
	g.stop = nil
	collect := g.collect
	g.mu.Unlock()
	rewrote, err := collect()
	if err != nil {
		v.log.Warn("vault GC failed", "err", err)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !rewrote || g.closed || g.stop != nil {
		return // nothing found, closing, or a write armed the next already
	}
	now := g.now()
	g.last = now
	g.armLocked(v, now, now.Add(gcEvery))
}

// stopGC cancels the armed collection for good (Close).
func (v *Vault) stopGC() {
	g := &v.gc
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	if g.stop != nil {
		g.stop()
		g.stop = nil
	}
}

// CollectGarbage runs Badger's value-log GC until it finds nothing more to rewrite.
func (v *Vault) CollectGarbage() error {
	_, err := v.collectGarbage()
	return err
}

func (v *Vault) collectGarbage() (rewrote bool, err error) {
	if v.readOnly {
		return false, nil
	}
	for {
		err := v.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return rewrote, nil
		}
		if err != nil {
			return rewrote, fmt.Errorf("value-log GC: %w", err)
		}
		rewrote = true
	}
}
