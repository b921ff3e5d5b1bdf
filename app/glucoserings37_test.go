package app

import (
	"strings"
	"testing"
)

// F485: a child's meter glucose with no reference range: the chart's legend said "outside
// the reference range" of rings that are CareKeeper's low blood sugar rule (3.1 mmol/L), and
// left the 17.8 unringed as if inside a range. The legend says what the rings are, and the line
// under the chart says a high reading is not marked.
func TestResults_GlucoseWithoutRangeRingsSayLowBloodSugar(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Tobi", "m1", "Insulin glargine", twiceDaily})
	tobi := rig.people["Tobi"]
	addObservations(t, rig.u.vault, tobi, "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L", 0,
		map[int]float64{5: 6.2, 4: 3.1, 3: 17.8, 2: 7.4, 1: 5.9})
	res := resultsOf(t, rig, tobi)
	if res.chosen == nil || !strings.Contains(res.chosen.Name, "lucose") {
		t.Fatalf("chosen: %+v", res.chosen)
	}
	res.chart.mu.Lock()
	rings := res.chart.rings
	res.chart.mu.Unlock()
	if want := "a low blood sugar, under 3.9 mmol/L"; rings != want {
		t.Errorf("the legend's rings: %q, want %q", rings, want)
	}
	if got, want := res.rangeL.Text, "No reference range in the records. Rings mark a low blood sugar, under 3.9 mmol/L; a high reading is not marked."; got != want {
		t.Errorf("under the chart: %q, want %q", got, want)
	}
}
