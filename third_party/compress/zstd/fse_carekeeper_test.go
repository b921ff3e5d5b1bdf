package zstd

import (
	"math/rand"
	"slices"
	"testing"
)

// TestSymbolTTThenStatesAsBuildCTable checks CareKeeper's split of buildCTable: the symbol
// transforms normalizeCountNoStates leaves (all that approxSize and writeCount read), and the
// state table ensureStates then builds, are those normalizeCount builds at once, for random
// histograms of every table size a block's sequences use; and a table chosen without its
// states built is marked so.
func TestSymbolTTThenStatesAsBuildCTable(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for i := range 2000 {
		symbols := 1 + rng.Intn(53)
		n := 2 + rng.Intn(3000)
		var hist [256]uint32
		for range n {
			// Skewed, as codes are: low symbols far more often.
			s := int(float64(symbols) * rng.Float64() * rng.Float64())
			hist[s]++
		}
		maxSym, maxCount := 0, 0
		for s, c := range hist[:symbols] {
			if c > 0 {
				maxSym = s
			}
			maxCount = max(maxCount, int(c))
		}
		var whole, lazy fseEncoder
		for _, e := range []*fseEncoder{&whole, &lazy} {
			*e.Histogram() = hist
			e.HistogramFinished(uint8(maxSym), maxCount)
		}
		if err := whole.normalizeCount(n); err != nil {
			t.Fatal(err)
		}
		if err := lazy.normalizeCountNoStates(n); err != nil {
			t.Fatal(err)
		}
		if whole.useRLE {
			continue
		}
		if !lazy.statesPending || whole.statesPending {
			t.Fatalf("case %d: states pending %v after normalizeCountNoStates, %v after normalizeCount", i, lazy.statesPending, whole.statesPending)
		}
		if lazy.norm != whole.norm || lazy.zeroBits != whole.zeroBits || lazy.actualTableLog != whole.actualTableLog {
			t.Fatalf("case %d: normalized counts differ", i)
		}
		if !slices.Equal(lazy.ct.symbolTT[:lazy.symbolLen], whole.ct.symbolTT[:whole.symbolLen]) {
			t.Fatalf("case %d: symbol transforms differ before the states are built", i)
		}
		h := hist[:whole.symbolLen]
		if lazy.approxSize(h) != whole.approxSize(h) {
			t.Fatalf("case %d: size estimates differ", i)
		}
		a, errA := whole.writeCount(nil)
		b, errB := lazy.writeCount(nil)
		if (errA == nil) != (errB == nil) || !slices.Equal(a, b) {
			t.Fatalf("case %d: headers differ", i)
		}
		if err := lazy.ensureStates(); err != nil {
			t.Fatal(err)
		}
		if lazy.statesPending || !slices.Equal(lazy.ct.stateTable, whole.ct.stateTable) {
			t.Fatalf("case %d: state tables differ", i)
		}
	}
}
