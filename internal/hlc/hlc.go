// Package hlc is a hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks",
// OPODIS 2014) with a bound on how far in the future a remote stamp may be.
//
// A Stamp is (Wall, Logical): Wall is the largest physical time seen, in Unix milliseconds,
// Logical a counter that orders events within one Wall. Stamps with the writer's device id as
// tie-break give the total order the household merge uses (last writer wins), so a device whose
// wall clock is an hour wrong cannot win every conflict: its stamps are pulled forward by what it
// observes, and stamps more than MaxSkew ahead of local physical time are refused by Observe
// (the caller quarantines them) so one bad clock never drags every device's clock ahead.
//
// The rules are exactly the paper's:
//
//	local/send:  l' = max(l, pt); c' = c+1 if l' == l else 0
//	receive m:   l' = max(l, lm, pt)
//	             c' = max(c, cm)+1 if l' == l == lm
//	                  c+1          if l' == l
//	                  cm+1         if l' == lm
//	                  0            otherwise
//
// A Clock is safe for concurrent use. Persist Last() before a stamp leaves the device and
// restore it with New, so a restart never reuses a stamp.
package hlc

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"
)

// MaxSkew is how far ahead of local physical time a remote stamp may be and still be observed.
const MaxSkew = 5 * time.Minute

// ErrFuture is returned (wrapped) by Observe and Check for a stamp more than MaxSkew ahead.
var ErrFuture = errors.New("stamp is too far in the future")

// Stamp is one point of hybrid logical time. The zero Stamp is before every other.
type Stamp struct {
	Wall    int64  // Unix milliseconds: the largest physical time known when stamped
	Logical uint32 // orders events that share Wall
}

// Compare returns -1, 0 or +1 as a is before, equal to or after b.
func (a Stamp) Compare(b Stamp) int {
	switch {
	case a.Wall < b.Wall:
		return -1
	case a.Wall > b.Wall:
		return 1
	case a.Logical < b.Logical:
		return -1
	case a.Logical > b.Logical:
		return 1
	}
	return 0
}

// IsZero reports whether s is the zero Stamp.
func (s Stamp) IsZero() bool { return s == Stamp{} }

// Time is the Wall part as a time.
func (s Stamp) Time() time.Time { return time.UnixMilli(s.Wall).UTC() }

// stampLen is the length of String's form: 16 hex digits of Wall, '-', 8 of Logical.
const stampLen = 25

// String is a fixed-width form ("0000018c2a3b4c5d-00000001") whose lexical order is the
// stamps' order (for Wall ≥ 0).
func (s Stamp) String() string {
	return fmt.Sprintf("%016x-%08x", uint64(s.Wall), s.Logical)
}

// ParseStamp parses the form String writes.
func ParseStamp(v string) (Stamp, error) {
	if len(v) != stampLen || v[16] != '-' {
		return Stamp{}, fmt.Errorf("hlc: not a stamp (want 16 hex digits, '-', 8 hex digits)")
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if i == 16 {
			continue
		}
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return Stamp{}, fmt.Errorf("hlc: not a stamp (want lower-case hex digits)")
		}
	}
	w, err := strconv.ParseUint(v[:16], 16, 64)
	if err != nil || w > math.MaxInt64 {
		return Stamp{}, fmt.Errorf("hlc: stamp wall time out of range")
	}
	l, err := strconv.ParseUint(v[17:], 16, 32)
	if err != nil {
		return Stamp{}, fmt.Errorf("hlc: stamp counter out of range: %w", err)
	}
	return Stamp{Wall: int64(w), Logical: uint32(l)}, nil
}

// Clock is one device's hybrid logical clock.
type Clock struct {
	mu   sync.Mutex
	last Stamp // guarded by mu: l and c of the paper
}

// New returns a clock that continues from last (the zero Stamp for a new clock).
func New(last Stamp) *Clock { return &Clock{last: last} }

// Last is the latest stamp issued or observed; persist it to continue after a restart.
func (c *Clock) Last() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Now stamps a local (or send) event at physical time pt.
func (c *Clock) Now(pt time.Time) Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := pt.UnixMilli()
	if p > c.last.Wall {
		c.last = Stamp{Wall: p}
	} else {
		c.last = bump(c.last.Wall, uint64(c.last.Logical)+1)
	}
	return c.last
}

// Check reports (ErrFuture) whether remote is more than MaxSkew ahead of pt, changing nothing.
func Check(remote Stamp, pt time.Time) error {
	if remote.Wall > pt.Add(MaxSkew).UnixMilli() {
		ahead := time.Duration(remote.Wall-pt.UnixMilli()) * time.Millisecond
		return fmt.Errorf("hlc: %w (%s ahead of this device's clock; at most %s allowed)",
			ErrFuture, ahead.Round(time.Second), MaxSkew)
	}
	return nil
}

// Observe merges a remote stamp received at physical time pt. A stamp more than MaxSkew ahead
// of pt is refused with ErrFuture and leaves the clock unchanged.
func (c *Clock) Observe(remote Stamp, pt time.Time) error {
	if err := Check(remote, pt); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p := pt.UnixMilli()
	l, lm := c.last.Wall, remote.Wall
	nl := max(l, lm, p)
	var nc uint64
	switch {
	case nl == l && nl == lm:
		nc = uint64(max(c.last.Logical, remote.Logical)) + 1
	case nl == l:
		nc = uint64(c.last.Logical) + 1
	case nl == lm:
		nc = uint64(remote.Logical) + 1
	default:
		nc = 0
	}
	c.last = bump(nl, nc)
	return nil
}

// bump builds (l, c), carrying a counter overflow into the next millisecond so stamps stay
// strictly increasing (never reached in practice: 2³² events in one millisecond).
func bump(l int64, c uint64) Stamp {
	if c > math.MaxUint32 {
		return Stamp{Wall: l + 1}
	}
	return Stamp{Wall: l, Logical: uint32(c)}
}
