package app

import (
	"math"
	"testing"

	"fyne.io/fyne/v2/test"
)

// F447: Ada's meter readings and her glucose chart are in mmol/L (16 of them; her meter wrote
// the last 11 in mg/dL), yet Add measurement asked "Value (mg/dL)" and refused 6.2 and
// "6.2 mmol/L": she had to convert by hand. The box asks in the unit of her chart, and a value
// typed with its unit is converted.
func TestAddMeasurement_GlucoseInTheUnitOfHerChart(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Ada", "m1", "Metformin 500 mg", twiceDaily})
	u, ada := rig.u, rig.people["Ada"]
	mmol := map[int]float64{}
	for d := 30; d > 14; d-- {
		mmol[d] = 5.4 + float64(d%5)/10
	}
	mgdl := map[int]float64{}
	for d := 11; d > 0; d-- {
		mgdl[d] = 110 + float64(d)
	}
	addObservations(t, u.vault, ada, "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L", 0, mmol)
	addObservations(t, u.vault, ada, "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", "mg/dL", 0, mgdl)
	resultsOf(t, rig, ada)

	d := u.shell.openMeasureOf(ada, "glucose")
	if got := d.items[2].Text; got != "Value (mmol/L)" {
		t.Errorf("glucose entered as %q, want Value (mmol/L) as her chart", got)
	}
	k := d.chosen()
	for _, c := range []struct {
		typed string
		want  float64
	}{{"6.2", 6.2}, {"6.2 mmol/L", 6.2}, {"112 mg/dL", 6.217}} {
		if err := d.check(c.typed); err != nil {
			t.Errorf("%q refused: %v", c.typed, err)
			continue
		}
		if v, _ := k.parse(c.typed); math.Abs(v-c.want) > 0.01 {
			t.Errorf("%q read as %g, want %g", c.typed, v, c.want)
		}
	}
	if err := d.check("6 kg"); err == nil || err.Error() != "kg is not a unit of blood glucose: type the number in mmol/L" {
		t.Errorf("6 kg: %v", err)
	}
	test.Type(d.value, "112 mg/dL")
	if d.need.Visible() {
		t.Errorf("a line under the form: %q", d.need.Text)
	}
}
