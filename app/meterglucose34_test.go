package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// F448: Ada's glucose added at home (6.2 mmol/L after dinner) was written as the lab's blood
// glucose (LOINC 2339-0): it joined her lab's fasting 5.8 mmol/L and its 3.5–5.5 range as
// "Glucose (blood) · 2 readings", not her meter's chart. With meter readings on Results, a
// glucose added at home is written as a meter's and joins their chart.
func TestAddMeasurement_GlucoseJoinsHerMeterChart(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Ada", "m1", "Metformin 500 mg", twiceDaily})
	u, ada := rig.u, rig.people["Ada"]
	addObservations(t, u.vault, ada, "15074-8", "Glucose [Moles/volume] in Blood", "mmol/L", 5.5, map[int]float64{20: 5.8})
	addObservations(t, u.vault, ada, "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L", 0, map[int]float64{3: 6.1, 2: 5.9, 1: 6.4})
	res := resultsOf(t, rig, ada)
	count := func(res *resultsPage) map[string]int {
		out := map[string]int{}
		for _, se := range res.series {
			out[se.ShortName()] = se.Len()
		}
		return out
	}
	before := count(res)
	d := u.shell.openMeasureOf(ada, "glucose")
	if got := d.items[2].Text; got != "Value (mmol/L)" {
		t.Errorf("glucose entered as %q, want Value (mmol/L)", got)
	}
	test.Type(d.value, "6.2")
	d.dialog.Submit()
	u.idle()
	if d.asked != nil && d.askedText != "" {
		d.asked.Confirm()
		u.idle()
	}
	after := count(resultsOf(t, rig, ada))
	var grew []string
	for name, n := range after {
		if n != before[name] {
			grew = append(grew, name)
		}
	}
	if len(grew) != 1 || !strings.Contains(strings.ToLower(grew[0]), "meter") {
		t.Errorf("the reading went to %q (before %v, after %v), want the meter's series", grew, before, after)
	}
}
