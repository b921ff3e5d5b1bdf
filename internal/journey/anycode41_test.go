package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F553: Łukasz's levetiracetam level fell 24.0 → 11.1 → 7.9 µg/mL (range 12–46) and no card
// said so: the result-change rule read only the codes a guide or the common list follows. A
// result of any code of few readings outside its lab's range — out of it anew, or further out —
// is a card. And a first result outside its range makes one, said once (F534 more: Thi Lan's
// only hemoglobin, 104 g/L under 120–160, said nothing). A code the rules do not follow says
// nothing of a change within its range, nor does a dense series (a watch's).
func TestResultOfAnyCodeOutOfRangeIsACard(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	rng := func(lo, hi float64, unit string) string {
		return fmt.Sprintf(`,"referenceRange":[{"low":{"value":%v,"unit":%q},"high":{"value":%v,"unit":%q}}]`, lo, unit, hi, unit)
	}
	const lev, levName = "30548-2", "Levetiracetam [Mass/volume] in Serum or Plasma"
	for _, c := range []struct {
		name, loinc, label, unit, rng string
		values                        []float64
		every                         time.Duration // between readings, the last 4 days before now
		want                          []string      // the card's title and words of its body; none: no card
	}{
		{"a drug level further below", lev, levName, "ug/mL", rng(12, 46, "ug/mL"), []float64{24, 11.1, 7.9}, 80 * 24 * time.Hour,
			[]string{"further below its range: 7.9", "lower than the one before, 11.1"}},
		{"a drug level out of range anew", lev, levName, "ug/mL", rng(12, 46, "ug/mL"), []float64{24, 11.1}, 80 * 24 * time.Hour,
			[]string{"below its range", "The one before, "}},
		{"a first drug level, below", lev, levName, "ug/mL", rng(12, 46, "ug/mL"), []float64{7.9}, 0,
			[]string{"below its range", "It is the first reading."}},
		{"a first hemoglobin, below", "718-7", "Hemoglobin [Mass/volume] in Blood", "g/L", rng(120, 160, "g/L"), []float64{104}, 0,
			[]string{"Your hemoglobin is below its range", "Your hemoglobin was 104 g/L", "It is the first reading."}},
		{"a first drug level, within", lev, levName, "ug/mL", rng(12, 46, "ug/mL"), []float64{20}, 0, nil},
		{"a drug level down a third, within", lev, levName, "ug/mL", rng(12, 46, "ug/mL"), []float64{40, 26}, 80 * 24 * time.Hour, nil},
		{"a watch's dense heart rate, high", "8867-4", "Heart rate", "/min", rng(50, 100, "/min"), dense(70, 130), time.Hour, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, p := newPerson(t, "Łukasz")
			recs := []string{condition("ep", "230446001", "Juvenile myoclonic epilepsy")}
			first := now.Add(-4*24*time.Hour - time.Duration(len(c.values)-1)*c.every)
			for i, x := range c.values {
				at := first.Add(time.Duration(i) * c.every).Format(time.RFC3339)
				recs = append(recs, observation(fmt.Sprintf("o%d", i), c.loinc, c.label, x, c.unit, at, c.rng))
			}
			writeAt(t, v, p, "lab", now.Add(-72*time.Hour), recs...)
			var found []string
			for _, card := range cardsOf(t, v, p, now) {
				if card.Kind == "result-change" {
					found = append(found, card.Title+"\n"+card.Body)
				}
			}
			if len(c.want) == 0 {
				if len(found) > 0 {
					t.Errorf("cards %q, want none", found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("cards %q, want one", found)
			}
			for _, w := range c.want {
				if !strings.Contains(found[0], w) {
					t.Errorf("card %q\nwants %q", found[0], w)
				}
			}
		})
	}
}

// dense are n readings of v, the last of them high.
func dense(n int, high float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 72
	}
	out[n-1] = high
	return out
}
