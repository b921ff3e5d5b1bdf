package hlc_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/hlc"
)

var t0 = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func ms(n int64) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

func st(wallOff int64, c uint32) hlc.Stamp {
	return hlc.Stamp{Wall: t0.UnixMilli() + wallOff, Logical: c}
}

// TestRules checks every branch of the paper's send and receive rules.
func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		start  hlc.Stamp
		remote *hlc.Stamp // nil: local event
		pt     int64
		want   hlc.Stamp
	}{
		{"local: physical time ahead resets counter", st(0, 7), nil, 5, st(5, 0)},
		{"local: physical time equal counts", st(5, 7), nil, 5, st(5, 8)},
		{"local: physical time behind counts", st(9, 2), nil, 5, st(9, 3)},
		{"receive: l == lm == l' takes max counter +1", st(9, 2), &[]hlc.Stamp{st(9, 6)}[0], 5, st(9, 7)},
		{"receive: l == lm, own counter larger", st(9, 8), &[]hlc.Stamp{st(9, 6)}[0], 5, st(9, 9)},
		{"receive: own l largest", st(9, 2), &[]hlc.Stamp{st(7, 6)}[0], 5, st(9, 3)},
		{"receive: remote l largest", st(3, 2), &[]hlc.Stamp{st(7, 6)}[0], 5, st(7, 7)},
		{"receive: physical time largest", st(3, 2), &[]hlc.Stamp{st(4, 6)}[0], 8, st(8, 0)},
		{"receive: remote equals physical, ahead of l", st(3, 2), &[]hlc.Stamp{st(8, 6)}[0], 8, st(8, 7)},
		{"receive: remote in the past", st(3, 2), &[]hlc.Stamp{st(-86_400_000, 6)}[0], 8, st(8, 0)},
		{"counter overflow carries into the next ms", st(9, math.MaxUint32), nil, 5, st(10, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := hlc.New(tc.start)
			var got hlc.Stamp
			if tc.remote == nil {
				got = c.Now(ms(tc.pt))
			} else {
				if err := c.Observe(*tc.remote, ms(tc.pt)); err != nil {
					t.Fatal(err)
				}
				got = c.Last()
			}
			if got != tc.want || c.Last() != tc.want {
				t.Fatalf("got %v (last %v), want %v", got, c.Last(), tc.want)
			}
		})
	}
}

// TestFutureBound: a stamp up to MaxSkew ahead is observed; one millisecond more is refused
// with ErrFuture and leaves the clock as it was; any past stamp is accepted.
func TestFutureBound(t *testing.T) {
	bound := hlc.MaxSkew.Milliseconds()
	c := hlc.New(st(0, 3))
	err := c.Observe(st(bound+1, 0), ms(0))
	if !errors.Is(err, hlc.ErrFuture) {
		t.Fatalf("stamp beyond the bound: err = %v, want ErrFuture", err)
	}
	if c.Last() != st(0, 3) {
		t.Fatalf("refused stamp moved the clock to %v", c.Last())
	}
	if got := c.Now(ms(0)); got != st(0, 4) {
		t.Fatalf("after a refused stamp Now = %v, want %v", got, st(0, 4))
	}
	if err := c.Observe(st(bound, 0), ms(0)); err != nil {
		t.Fatalf("stamp exactly at the bound: %v", err)
	}
	if err := c.Observe(st(-365*86_400_000, 0), ms(0)); err != nil {
		t.Fatalf("stamp a year old: %v", err)
	}
	if err := hlc.Check(st(bound+1, 0), ms(0)); !errors.Is(err, hlc.ErrFuture) {
		t.Fatalf("Check: %v", err)
	}
	if !strings.Contains(hlc.Check(st(3_600_000, 0), ms(0)).Error(), "1h0m0s ahead") {
		t.Fatalf("message does not say how far ahead: %v", hlc.Check(st(3_600_000, 0), ms(0)))
	}
}

// TestProperties runs random local and receive events on nodes whose physical clocks are off
// by up to eps, and checks the paper's invariants: stamps strictly increase on every node,
// l ≥ pt, a received stamp is before the receiver's next, and l never runs more than eps ahead
// of the node's physical time (no unbounded drift, unlike the naive variant).
func TestProperties(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	const nodes = 5
	const eps = int64(2000) // ms: the largest offset between any node and true time
	for round := 0; round < 50; round++ {
		clocks := make([]*hlc.Clock, nodes)
		offset := make([]int64, nodes)
		last := make([]hlc.Stamp, nodes)
		for i := range clocks {
			clocks[i] = hlc.New(hlc.Stamp{})
			offset[i] = rng.Int64N(eps+1) - eps/2
		}
		now := int64(0)
		var sent []hlc.Stamp
		for step := 0; step < 2000; step++ {
			now += rng.Int64N(3) // true time creeps, often not at all
			i := rng.IntN(nodes)
			// Physical clocks may step backwards a little (NTP corrections).
			pt := now + offset[i] - rng.Int64N(50)
			var s hlc.Stamp
			if len(sent) > 0 && rng.IntN(2) == 0 {
				m := sent[rng.IntN(len(sent))]
				if err := clocks[i].Observe(m, ms(pt)); err != nil {
					t.Fatalf("seed %d: in-bound stamp refused: %v", seed, err)
				}
				s = clocks[i].Last()
				if s.Compare(m) <= 0 {
					t.Fatalf("seed %d: after receiving %v the clock is %v", seed, m, s)
				}
			} else {
				s = clocks[i].Now(ms(pt))
				sent = append(sent, s)
			}
			if s.Compare(last[i]) <= 0 {
				t.Fatalf("seed %d: node %d stamp %v not after %v", seed, i, s, last[i])
			}
			last[i] = s
			if s.Wall < ms(pt).UnixMilli() {
				t.Fatalf("seed %d: l %v below pt %d", seed, s, pt)
			}
			if s.Wall-ms(pt).UnixMilli() > eps+50 {
				t.Fatalf("seed %d: l runs %d ms ahead of pt (eps %d)", seed, s.Wall-ms(pt).UnixMilli(), eps)
			}
		}
	}
}

// TestStringOrder: String is fixed-width, round-trips, and sorts like Compare.
func TestStringOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var prev hlc.Stamp
	for i := 0; i < 5000; i++ {
		s := hlc.Stamp{Wall: rng.Int64N(1 << 50), Logical: rng.Uint32()}
		if i%3 == 0 {
			s.Wall = prev.Wall
		}
		str := s.String()
		if len(str) != 25 {
			t.Fatalf("%q is not 25 characters", str)
		}
		back, err := hlc.ParseStamp(str)
		if err != nil || back != s {
			t.Fatalf("ParseStamp(%q) = %v, %v; want %v", str, back, err, s)
		}
		if c := strings.Compare(str, prev.String()); c != s.Compare(prev) {
			t.Fatalf("lexical order %d of %q vs %q differs from Compare %d", c, str, prev.String(), s.Compare(prev))
		}
		prev = s
	}
	for _, bad := range []string{"", "0000018c2a3b4c5d00000001x", "0000018c2a3b4c5d-0000000G", "0000018C2A3B4C5D-00000001", "8000000000000000-00000000", "0000018c2a3b4c5d-000000011"} {
		if _, err := hlc.ParseStamp(bad); err == nil {
			t.Errorf("ParseStamp(%q) accepted", bad)
		}
	}
}

func FuzzParseStamp(f *testing.F) {
	f.Add("0000018c2a3b4c5d-00000001")
	f.Add("ffffffffffffffff-ffffffff")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := hlc.ParseStamp(s)
		if err != nil {
			return
		}
		if st.String() != s {
			t.Fatalf("ParseStamp(%q).String() = %q", s, st.String())
		}
	})
}

// paperNode is the paper's algorithm transcribed literally (Kulkarni et al. 2014, Fig. 5), the
// model the Clock is checked against.
type paperNode struct{ l, c int64 }

func (n *paperNode) send(pt int64) {
	lOld := n.l
	n.l = max(lOld, pt)
	if n.l == lOld {
		n.c++
	} else {
		n.c = 0
	}
}

func (n *paperNode) recv(pt, lm, cm int64) {
	lOld := n.l
	n.l = max(lOld, lm, pt)
	switch {
	case n.l == lOld && n.l == lm:
		n.c = max(n.c, cm) + 1
	case n.l == lOld:
		n.c++
	case n.l == lm:
		n.c = cm + 1
	default:
		n.c = 0
	}
}

// TestMatchesPaper: on random local and receive events the Clock gives exactly the paper's
// (l, c) at every step.
func TestMatchesPaper(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 9))
	for run := 0; run < 200; run++ {
		c := hlc.New(hlc.Stamp{})
		var m paperNode
		pt := int64(0)
		for step := 0; step < 200; step++ {
			pt += rng.Int64N(5) - 1 // may step back
			if rng.IntN(2) == 0 {
				c.Now(ms(pt))
				m.send(ms(pt).UnixMilli())
			} else {
				r := st(pt+rng.Int64N(40)-20, uint32(rng.IntN(6)))
				if err := c.Observe(r, ms(pt)); err != nil {
					t.Fatal(err)
				}
				m.recv(ms(pt).UnixMilli(), r.Wall, int64(r.Logical))
			}
			if got := c.Last(); got.Wall != m.l || int64(got.Logical) != m.c {
				t.Fatalf("seed %d run %d step %d: clock %v, paper (%d, %d)", seed, run, step, got, m.l, m.c)
			}
		}
	}
}
