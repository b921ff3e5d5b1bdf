package health

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/fhirjson"
)

// A reading kept compactly (points.go) is the same Point when asked for: its instant and zone,
// values, record, range, flags, comparator, precision and a conversion's value as written.
func TestCompactPointRoundTrips(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := 3.5, 5.5
	parsed, ok := ParseTime("2024-03-10T02:30:00.123456789+05:45")
	if !ok {
		t.Fatal("ParseTime")
	}
	for _, tc := range []struct {
		name string
		p    Point
	}{
		{"zero", Point{}},
		{"heart rate, UTC", Point{T: time.Date(2026, 12, 6, 3, 4, 5, 0, time.UTC), V: 76, Key: Key{Source: "local", Type: "Observation", ID: "ah-1"}}},
		{"parsed with its offset and nanoseconds", Point{T: parsed, V: 5.4, Key: Key{Source: "local", Type: "Observation", ID: "g"}}},
		{"a zone with summer time", Point{T: time.Date(2026, 7, 1, 23, 30, 0, 0, la), V: 150.5, Key: Key{ID: "w"}}},
		{"this computer's clock", Point{T: time.Date(2026, 1, 2, 3, 4, 5, 6, time.Local), V: -1e-9}},
		{"before 1970", Point{T: time.Date(1950, 5, 3, 0, 0, 0, 1, time.UTC), V: 1, DateOnly: true, Precision: fhirjson.PrecisionDay}},
		{"year 1", Point{T: time.Date(1, 1, 1, 0, 0, 0, 0, time.FixedZone("", -3600)), V: 2}},
		{"a month's reading", Point{T: time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), V: 7.2, DateOnly: true, Precision: fhirjson.PrecisionMonth}},
		{"blood pressure, both flagged, both ranged", Point{T: time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC), V: 150, V2: 95,
			Range: Range{High: &hi}, Range2: Range{Low: &lo, High: &hi, Typical: true}, Flag: FlagHigh, Flag2: FlagHigh,
			Key: Key{Source: "portal", Type: "Observation", ID: "bp"}}},
		{"in words", Point{T: time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC), V: 4.8, Range: Range{Text: "4.3 - 5.3 x 10^12/L", For: "males aged 65–74"}}},
		{"a comparator", Point{T: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), V: 90, Comparator: ">=", Flag: FlagLow}},
		{"converted", Point{T: time.Date(2026, 2, 4, 0, 0, 0, 0, time.UTC), V: 99.09, Converted: true, Original: 5.5, OriginalUnit: "mmol/L", Range: Range{Low: &lo}}},
		{"an id of 300 bytes", Point{T: time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), V: 3, Key: Key{Source: "portal", Type: "Observation", ID: strings.Repeat("x", 300)}}},
		{"an id of 254 bytes", Point{T: time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), V: 3, Key: Key{ID: strings.Repeat("y", 254)}}},
		{"largest values", Point{T: time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), V: math.MaxFloat64, V2: -math.SmallestNonzeroFloat64}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			se := (&Series{}).Append(tc.p, tc.p)
			for i := range 2 {
				got := se.At(i)
				if got != tc.p || got.T.Location().String() != tc.p.T.Location().String() {
					t.Errorf("point %d = %+v, want %+v", i, got, tc.p)
				}
				if k := se.Points().Key(i); k != tc.p.Key {
					t.Errorf("key %d = %+v, want %+v", i, k, tc.p.Key)
				}
			}
			if n := len(se.tab.det); n != 1 && tc.p.Range.Low == nil && tc.p.Range.High == nil && tc.p.Range2.Low == nil && tc.p.Range2.High == nil {
				t.Errorf("%d shared entries for one reading twice, want 1", n)
			}
		})
	}
}

// Readings that share all but their time, values and record share one entry; a series made
// by Results and changed afterwards does not change the others made with it.
func TestCompactPointsShared(t *testing.T) {
	se := &Series{}
	for i := range 1000 {
		se.Append(Point{T: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC), V: float64(60 + i%40), Key: Key{Source: "local", Type: "Observation", ID: "r"}})
	}
	if se.Len() != 1000 || len(se.tab.det) != 1 {
		t.Fatalf("%d readings, %d shared entries; want 1000, 1", se.Len(), len(se.tab.det))
	}
	if p := se.Points().Slice(10, 20); p.Len() != 10 || p.At(0).V != 70 || p.At(9).T.Second() != 19 {
		t.Errorf("Slice(10, 20): %d, first %v, last %v", p.Len(), p.At(0).V, p.At(9).T)
	}
	if i := se.SearchTime(time.Date(2026, 1, 1, 0, 0, 500, 0, time.UTC), false); i != 500 {
		t.Errorf("SearchTime at = %d, want 500", i)
	}
	if i := se.SearchTime(time.Date(2026, 1, 1, 0, 0, 500, 0, time.UTC), true); i != 501 {
		t.Errorf("SearchTime after = %d, want 501", i)
	}
	a, b := &Series{r: cols{pts: se.r.pts[:1:1]}, tab: se.tab}, &Series{r: cols{pts: se.r.pts[1:2:2]}, tab: se.tab}
	se.tab.frozen = true
	a.Append(Point{T: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), V: 1, Flag: FlagHigh})
	if a.tab == b.tab || len(b.tab.det) != 1 || b.At(0) != se.At(1) || a.At(1).Flag != FlagHigh {
		t.Errorf("a series changed after Results changed the table it shares")
	}
}

// Ids fill blocks of 64 KiB one after another; a series changed after Results writes its ids
// in a block of its own, never after the ids of the blocks it shares.
func TestCompactPointIDsAcrossBlocks(t *testing.T) {
	se := &Series{}
	id := func(i int) string { return fmt.Sprintf("ah-%032x-%d", i*7919, i) }
	for i := range 5000 { // 200 KB of ids: four blocks
		se.Append(Point{T: time.Unix(int64(i), 0).UTC(), V: float64(i), Key: Key{Source: "local", Type: "Observation", ID: id(i)}})
	}
	if len(se.tab.ids) < 3 {
		t.Fatalf("%d blocks of ids", len(se.tab.ids))
	}
	se.tab.frozen = true
	other := &Series{r: cols{pts: se.r.pts[:10:10]}, tab: se.tab}
	other.Append(Point{T: time.Unix(9999, 0).UTC(), V: 1, Key: Key{ID: "added-after"}})
	for i := range 5000 {
		if p := se.At(i); p.Key.ID != id(i) || p.V != float64(i) {
			t.Fatalf("reading %d: id %q value %v, want %q %d", i, p.Key.ID, p.V, id(i), i)
		}
	}
	if p := other.At(10); p.Key.ID != "added-after" || other.At(3).Key.ID != id(3) {
		t.Errorf("the changed series reads %q and %q", p.Key.ID, other.At(3).Key.ID)
	}
}

// FuzzCompactPoint: any instant, offset, values, id and flag round-trip.
func FuzzCompactPoint(f *testing.F) {
	f.Add(int64(0), int64(0), 0, 76.0, 0.0, "ah-1", "High", ">")
	f.Add(int64(1765000000), int64(999999999), -8*3600, 120.5, 80.25, "", "", "")
	f.Add(int64(-62135596800), int64(1), 14*3600, math.Inf(1), math.NaN(), "x", "Low", "<=")
	f.Fuzz(func(t *testing.T, sec, nsec int64, off int, v, v2 float64, id, flag, cmp string) {
		if nsec < 0 || nsec > 999999999 || off < -86400 || off > 86400 {
			return
		}
		p := Point{T: time.Unix(sec, nsec).In(time.FixedZone("", off)), V: v, V2: v2, Key: Key{Source: "s", Type: "Observation", ID: id}, Flag: Flag(flag), Comparator: cmp}
		got := (&Series{}).Append(p).At(0)
		if !got.T.Equal(p.T) || got.T.Format(time.RFC3339Nano) != p.T.Format(time.RFC3339Nano) || math.Float64bits(got.V) != math.Float64bits(v) ||
			math.Float64bits(got.V2) != math.Float64bits(v2) || got.Key != p.Key || got.Flag != p.Flag || got.Comparator != cmp {
			t.Errorf("%+v came back as %+v", p, got)
		}
		got.T, got.V, got.V2, p.T, p.V, p.V2 = time.Time{}, 0, 0, time.Time{}, 0, 0
		if !reflect.DeepEqual(got, p) {
			t.Errorf("%+v came back as %+v", p, got)
		}
	})
}
