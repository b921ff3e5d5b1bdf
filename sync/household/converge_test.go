package household_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// engine carries files between the devices' views of the folder like a sync engine does:
// late, in any order, some twice under a duplicate name, some as conflict copies, some first
// as a half-written file, over links that go up and down.
type engine struct {
	rng   *rand.Rand
	views []*memFS
	up    [][]bool
	half  []map[string]bool // files a view holds only half of (never carried on from there)
}

func (e *engine) step() {
	for i := range e.views {
		for j := range e.views {
			if i == j || !e.up[i][j] {
				continue
			}
			src, dst := e.views[i], e.views[j]
			for _, n := range src.names() {
				if e.half[i][n] {
					continue
				}
				if _, ok := dst.files[n]; ok && string(dst.get(n)) == string(src.get(n)) {
					continue
				}
				if e.rng.IntN(3) == 0 {
					continue // later
				}
				data := src.get(n)
				switch e.rng.IntN(10) {
				case 0: // a conflict copy beside it
					dst.set(n+".sync-conflict-20261203-081500-ABCDEFG", data)
				case 1: // a duplicate name
					dst.set(strings.TrimSuffix(n, ".seg")+" (1).seg", data)
				case 2: // half written first (rclone's preallocated PUT)
					if len(data) > 8 {
						half := append(append([]byte(nil), data[:len(data)/2]...), make([]byte, len(data)-len(data)/2)...)
						dst.set(n, half)
						e.half[j][n] = true
						continue
					}
				}
				dst.set(n, data)
				delete(e.half[j], n)
			}
		}
	}
}

func seed(t *testing.T) uint64 {
	if s := os.Getenv("HOUSEHOLD_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// TestConvergence: random edits, deletions and dose answers on three devices whose clocks are
// up to two minutes apart, exchanged through views carried by an unreliable engine; at the end
// every device holds the same data. HOUSEHOLD_SEED=n replays a run.
func TestConvergence(t *testing.T) {
	t.Parallel()
	s := seed(t)
	t.Logf("seed %d (HOUSEHOLD_SEED=%d replays it)", s, s)
	rng := rand.New(rand.NewPCG(s, 2))
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	const n = 3
	devs := make([]*device, n)
	base := newMemFS()
	devs[0] = create(t, base, clock.Now())
	for i := 1; i < n; i++ {
		devs[i] = join(t, devs[0], base, fmt.Sprintf("device %d", i), clock)
	}
	e := &engine{rng: rng}
	for i, d := range devs {
		v := newMemFS()
		v.syncFrom(base)
		var rep household.Replica = d.r
		if i == 0 {
			rep = snapReplica{d.r} // the laptop writes snapshots and compacts
		}
		h, err := household.Open(ctx, rep, v)
		if err != nil {
			t.Fatal(err)
		}
		d.h, d.fs = h, v
		e.views = append(e.views, v)
		e.up = append(e.up, make([]bool, n))
		e.half = append(e.half, map[string]bool{})
	}
	offset := make([]time.Duration, n)
	for i := range offset {
		offset[i] = time.Duration(rng.IntN(240)-120) * time.Second
	}
	profiles := []string{"", "dad", "anna"}
	for step := 0; step < 400; step++ {
		clock.Add(time.Duration(rng.IntN(20)) * time.Second)
		i := rng.IntN(n)
		d := devs[i]
		now := clock.Now().Add(offset[i])
		switch k := rng.IntN(10); {
		case k < 4:
			p := profiles[rng.IntN(len(profiles))]
			d.r.put("record", p, fmt.Sprintf("%s/Observation/%d", p, rng.IntN(8)), fmt.Sprintf("v%d", rng.IntN(1000)), false, now)
		case k < 5:
			p := profiles[rng.IntN(len(profiles))]
			d.r.put("record", p, fmt.Sprintf("%s/Observation/%d", p, rng.IntN(8)), "", true, now)
		case k < 6:
			answer := []string{"taken", "skipped"}[rng.IntN(2)]
			d.r.put("dose", "dad", fmt.Sprintf("dose/%d/%s/%s", rng.IntN(4), d.h.DeviceID()[:8], answer), answer, false, now)
		case k < 8:
			if _, err := d.h.Exchange(ctx, now); err != nil {
				t.Fatalf("seed %d: step %d: %v", s, step, err)
			}
		case k == 8:
			if err := devs[0].h.Snapshot(ctx, clock.Now().Add(offset[0])); err != nil {
				t.Fatalf("seed %d: snapshot: %v", s, err)
			}
		default:
			a, b := rng.IntN(n), rng.IntN(n)
			e.up[a][b] = !e.up[a][b]
		}
		e.step()
	}
	// Heal: every link up, everything carried, everyone exchanges until nothing moves.
	for i := range e.up {
		for j := range e.up[i] {
			e.up[i][j] = true
		}
	}
	e.rng = rand.New(rand.NewPCG(s, 3))
	for round := 0; round < 12; round++ {
		clock.Add(time.Minute)
		for i, d := range devs {
			if _, err := d.h.Exchange(ctx, clock.Now().Add(offset[i])); err != nil {
				t.Fatalf("seed %d: heal: %v", s, err)
			}
		}
		e.step()
		e.step()
	}
	want := devs[0].r.export()
	if want == "" {
		t.Fatalf("seed %d: nothing was exchanged", s)
	}
	for i, d := range devs[1:] {
		if got := d.r.export(); got != want {
			for _, x := range devs {
				t.Logf("%s %s: %s", x.name, x.h.DeviceID()[:8], x.h.DebugState())
				var own []string
				for _, n := range x.fs.names() {
					if strings.HasPrefix(n, "d/"+x.h.DeviceID()) {
						own = append(own, n[len(n)-12:])
					}
				}
				t.Logf("  own files %v", own)
			}
			t.Fatalf("seed %d: device %d differs from device 0:\n%s\n--- device 0:\n%s", s, i+1, got, want)
		}
	}
	// Every local change's latest version is what everyone holds (nothing lost).
	for _, d := range devs {
		latest := map[string]household.Op{}
		for _, op := range d.r.log {
			latest[opKey(op)] = op
		}
		for k, op := range latest {
			got, ok := devs[0].r.data[k]
			if !ok || household.Wins(op, got) {
				t.Fatalf("seed %d: a change of %s was lost", s, d.name)
			}
		}
	}
}
