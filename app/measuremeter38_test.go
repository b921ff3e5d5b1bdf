package app

import (
	"strings"
	"testing"
)

// F511: Lucía's 12 meter readings (LOINC 41653-7, mg/dL) were on Results; she added 135 mg/dL
// while Results showed her father, and it was written as the lab's blood glucose (2339-0): a
// chart of its own, "Glucose (blood)", beside her meter's. The dialog knows the meter's series
// only when Results shows that person; the vault is asked when it saves.
func TestAddMeasurement_GlucoseJoinsHerMeterWhateverResultsShows(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Rafael", "m1", "Amlodipine 5 mg", twiceDaily},
		medFixture{"Lucia", "m2", "Insulin NPH", twiceDaily})
	u, rafael, lucia := rig.u, rig.people["Rafael"], rig.people["Lucia"]
	meter := map[int]float64{}
	for d := 12; d > 0; d-- {
		meter[d] = 100 + float64(d*4)
	}
	addObservations(t, u.vault, lucia, "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", "mg/dL", 0, meter)
	resultsOf(t, rig, rafael)

	d := u.shell.openMeasureOf(lucia, "glucose")
	k := d.chosen()
	d.dialog.Hide()
	u.shell.saveMeasured(lucia, k, 135, 0, at(8, 50))
	u.idle()
	p := resultsOf(t, rig, lucia)
	var glucose []string
	for _, se := range p.series {
		if strings.Contains(strings.ToLower(se.ShortName()), "glucose") {
			glucose = append(glucose, se.ShortName())
			if se.Len() != 13 {
				t.Errorf("%s: %d readings, want the meter's 12 and the one added", se.ShortName(), se.Len())
			}
		}
	}
	if len(glucose) != 1 {
		t.Errorf("glucose series %q, want one (her meter's)", glucose)
	}
}
