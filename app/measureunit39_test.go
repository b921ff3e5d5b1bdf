package app

import (
	"testing"
)

// F522: Add measurement asked Ren's blood glucose in mg/dL while Results showed his
// grandmother: his readings are all mmol/L, "5.2" was refused ("a number from 10 to 1000"),
// and 94 mg/dL then headed his mmol/L chart. The unit is the chosen person's, from their
// records when Results shows someone else.
func TestAddMeasurement_GlucoseUnitIsThePersonChosen(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Margaret", "m1", "Warfarin 1 mg", twiceDaily},
		medFixture{"Ren", "m2", "Insulin glargine", twiceDaily})
	u, margaret, ren := rig.u, rig.people["Margaret"], rig.people["Ren"]
	addObservations(t, u.vault, ren, "14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer", "mmol/L", 0, map[int]float64{1: 6.1, 2: 7.4, 3: 5.2})
	resultsOf(t, rig, margaret)

	d := u.shell.openMeasureOf(ren, "glucose")
	defer d.dialog.Hide()
	if k := d.chosen(); k.unit != "mmol/L" || k.code != "14743-9" {
		t.Errorf("Ren's glucose asked in %s (LOINC %s), want mmol/L as his meter's readings", k.unit, k.code)
	}
	if err := d.check("5.2"); err != nil {
		t.Errorf("5.2 refused: %v", err)
	}
	// chosen in the dialog after Margaret: his unit too
	d2 := u.shell.openMeasureOf(margaret, "glucose")
	defer d2.dialog.Hide()
	d2.person.SetSelected("Ren")
	if k := d2.chosen(); k.unit != "mmol/L" {
		t.Errorf("Ren chosen in the dialog: asked in %s", k.unit)
	}
}

// F522: with no readings of the person's, a blood glucose is asked in the country's unit: mmol/L
// on an Australian computer, mg/dL on an American one.
func TestMeasureKinds_GlucoseInTheCountrysUnit(t *testing.T) {
	// In a fixed order, and each locale must offer a glucose: a loop that finds none checks nothing.
	for _, c := range []struct{ locale, want string }{{"en_AU.UTF-8", "mmol/L"}, {"en-GB", "mmol/L"}, {"en_US.UTF-8", "mg/dL"}, {"es_ES", "mg/dL"}} {
		var units []string
		for _, k := range measureKindsFor(c.locale, "") {
			if k.kind == "glucose" {
				units = append(units, k.unit)
			}
		}
		if len(units) != 1 || units[0] != c.want {
			t.Errorf("%s: glucose offered in %q, want once in %s", c.locale, units, c.want)
		}
	}
}
