package journey

import (
	"math"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// A watch's heart rate every five minutes (F157): the summary's chart of 100,000 readings is
// drawn from at most 4 points per column, keeping the first and last reading and every
// column's lowest and highest; a chart of a few readings draws each one.
func TestThinChartKeepsShape(t *testing.T) {
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 100000
	s := make([]chartPoint, n)
	for i := range s {
		s[i] = chartPoint{t: t0.Add(time.Duration(i) * 5 * time.Minute), v: 60 + float64(i%40)}
	}
	s[777].v, s[91234].v = 30, 190 // one low, one high reading
	span := s[n-1].t.Sub(t0).Seconds()
	const w = 80.0
	x := func(t time.Time) float64 { return w * t.Sub(t0).Seconds() / span }
	got := thinChart(s, x, w)
	if len(got) > 4*chartColumns+4 || len(got) < chartColumns {
		t.Fatalf("thinned to %d points, want between %d and %d", len(got), chartColumns, 4*chartColumns+4)
	}
	if got[0] != s[0] || got[len(got)-1] != s[n-1] {
		t.Errorf("first/last not kept: %v %v", got[0], got[len(got)-1])
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range got {
		lo, hi = math.Min(lo, p.v), math.Max(hi, p.v)
		if i > 0 && p.t.Before(got[i-1].t) {
			t.Fatalf("point %d out of time order", i)
		}
	}
	if lo != 30 || hi != 190 {
		t.Errorf("lowest %v highest %v, want 30 and 190", lo, hi)
	}
	few := s[:50]
	if got := thinChart(few, x, w); len(got) != len(few) {
		t.Errorf("a chart of %d readings draws %d", len(few), len(got))
	}
}

// inPeriod shows each series' points of [from, to) and the one before, as a copy of them would.
func TestInPeriodPointsAndBefore(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	se := &health.Series{Name: "Weight"}
	for _, d := range []int{1, 2, 2, 5, 9, 10, 20} {
		se.Append(health.Point{T: day(d), V: float64(d)})
	}
	empty := (&health.Series{Name: "Later"}).Append(health.Point{T: day(25), V: 1})
	for _, c := range []struct {
		from, to   int
		want       []float64
		before     float64 // 0: none
		noneListed bool
	}{
		{2, 10, []float64{2, 2, 5, 9}, 1, false},
		{1, 22, []float64{1, 2, 2, 5, 9, 10, 20}, 0, false},
		{11, 20, nil, 10, true},
		{21, 25, nil, 0, true},
		{3, 6, []float64{5}, 2, false},
	} {
		got := inPeriod([]*health.Series{se, empty}, day(c.from), day(c.to), day(30), time.UTC)
		if c.noneListed {
			if len(got) != 0 {
				t.Errorf("%d–%d: %d series, want none", c.from, c.to, len(got))
			}
			continue
		}
		if len(got) != 1 || got[0].Points.Len() != len(c.want) {
			t.Fatalf("%d–%d: got %+v", c.from, c.to, got)
		}
		for i, p := range got[0].Points.All() {
			if p.V != c.want[i] {
				t.Errorf("%d–%d: point %d is %v, want %v", c.from, c.to, i, p.V, c.want[i])
			}
		}
		switch b := got[0].Before; {
		case c.before == 0 && b != nil, c.before != 0 && (b == nil || b.V != c.before):
			t.Errorf("%d–%d: before %+v, want %v", c.from, c.to, b, c.before)
		}
	}
}

// thinByIndex is thinChart as it was written over the slice (before 29: the reference).
func thinByIndex(s []chartPoint, x func(time.Time) float64, w float64) []chartPoint {
	column := func(pt chartPoint) int { return int(x(pt.t) / w * chartColumns) }
	var out []chartPoint
	for i := 0; i < len(s); {
		c := column(s[i])
		j, lo, hi := i+1, i, i
		for ; j < len(s) && column(s[j]) == c; j++ {
			if s[j].v < s[lo].v {
				lo = j
			}
			if s[j].v > s[hi].v {
				hi = j
			}
		}
		keep := []int{i, lo, hi, j - 1}
		slices.Sort(keep)
		for k, idx := range keep {
			if k == 0 || idx != keep[k-1] {
				out = append(out, s[idx])
			}
		}
		i = j
	}
	return out
}

// thinEach, which thins a chart's points as they are made (never all held), keeps the points
// the slice's thinning kept of them all: columns of one point, of many, ties for lowest and
// highest.
func TestThinEachAsThinChart(t *testing.T) {
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 3*chartAll + 7
	var s []chartPoint
	for i := range n {
		// a reading every 5 minutes with a gap, values repeating so columns tie
		at := t0.Add(time.Duration(i) * 5 * time.Minute)
		if i > n/2 {
			at = at.Add(90 * 24 * time.Hour)
		}
		s = append(s, chartPoint{t: at, v: float64((i * 7919) % 13)})
	}
	span := s[len(s)-1].t.Sub(t0).Seconds()
	const w = 80.0
	x := func(at time.Time) float64 { return (12 + w*at.Sub(t0).Seconds()/span) - 12 }
	want := thinByIndex(s, x, w)
	got := thinEach(slices.Values(s), len(s), x, w)
	if len(want) >= len(s) || len(want) == 0 {
		t.Fatalf("thinChart kept %d of %d", len(want), len(s))
	}
	if !slices.Equal(got, want) {
		t.Errorf("thinEach kept %d points, thinChart %d (or others)", len(got), len(want))
	}
	few := s[:chartAll]
	if got := thinEach(slices.Values(few), len(few), x, w); !slices.Equal(got, few) {
		t.Errorf("thinEach of %d points did not keep them all", len(few))
	}
}
