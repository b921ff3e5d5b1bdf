package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F534: Gérard (heart failure, CKD stage 3): his potassium rose 4.3 → 4.7 → 5.1 → 5.6 mmol/L
// (range 3.5–5.0) and his creatinine 118 → 131 → 142 → 156 µmol/L (60–110), and no card
// said so while his eGFR got one: potassium was followed by no guide of his, and a result
// already outside its range that goes further out was neither out of range anew nor a 10 %
// change. Now it is a card of its own, saying the run of readings that went the same way.
func TestResultFurtherOutOfRangeIsACard(t *testing.T) {
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	days := []string{"2026-09-08T12:10:00Z", "2026-10-14T12:10:00Z", "2026-11-18T12:10:00Z", "2026-12-03T13:10:00Z"}
	rng := func(lo, hi float64, unit string) string {
		return fmt.Sprintf(`,"referenceRange":[{"low":{"value":%v,"unit":%q},"high":{"value":%v,"unit":%q}}]`, lo, unit, hi, unit)
	}
	for _, c := range []struct {
		name, loinc, label, unit, rng string
		values                        []float64
		want                          []string // the card's title and words in its body; none: no card
	}{
		{"potassium rising", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", rng(3.5, 5.0, "mmol/L"),
			[]float64{4.3, 4.7, 5.1, 5.6}, []string{
				"Your potassium is further above its range: 5.6 mmol/L",
				"Your potassium was 5.6 mmol/L on 3 Dec 2026, above the range of 3.5–5 mmol/L, and higher than the one before, 5.1 mmol/L on 18 Nov 2026.",
				"It was higher at each of the last 4 results: 4.3, 4.7, 5.1 and 5.6 mmol/L (8 Sep 2026 to 3 Dec 2026).",
			}},
		{"creatinine in µmol/L", "14682-9", "Creatinine [Moles/volume] in Serum or Plasma", "µmol/L", rng(60, 110, "µmol/L"),
			[]float64{118, 131, 142, 156}, []string{
				"Your creatinine is further above its range: 156 µmol/L",
				"It was higher at each of the last 4 results: 118, 131, 142 and 156 µmol/L",
			}},
		{"sodium falling", "2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", rng(135, 145, "mmol/L"),
			[]float64{139, 134, 126}, []string{
				"Your sodium is further below its range: 126 mmol/L",
				"and lower than the one before, 134 mmol/L on 18 Nov 2026.",
			}},
		{"a little further", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", rng(3.5, 5.0, "mmol/L"),
			[]float64{5.6, 5.8}, nil},
		{"back towards the range", "2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", rng(3.5, 5.0, "mmol/L"),
			[]float64{5.9, 5.4}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, p := newPerson(t, "Gérard")
			recs := []string{condition("hf", "84114007", "Heart failure"), condition("ckd", "433144002", "Chronic kidney disease stage 3")}
			for i, x := range c.values {
				at := days[len(days)-len(c.values)+i]
				recs = append(recs, observation(fmt.Sprintf("o%d", i), c.loinc, c.label, x, c.unit, at, c.rng))
			}
			writeAt(t, v, p, "lab", now.Add(-72*time.Hour), recs...)
			var found []string
			for _, card := range cardsOf(t, v, p, now) {
				if card.Kind == "result-change" && strings.Contains(card.Title, "further") {
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
