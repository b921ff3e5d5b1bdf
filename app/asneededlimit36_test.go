package app

import (
	"strings"
	"testing"
)

// F477: a medicine taken at 08:00 and, besides, 4 mL as needed at least 6 hours apart, made
// "Only as needed" in its settings: the row said "as needed (set by you)" and the spacing was
// gone, so doses an hour apart were logged for a child without a word. The record's as-needed
// instructions, spacing and all, are what "only as needed" keeps.
func TestMeds_OnlyAsNeededKeepsTheRecordsSpacing(t *testing.T) {
	const dosage = `[{"sequence":1,"timing":{"repeat":{"timeOfDay":["08:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]},` +
		`{"sequence":2,"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":6,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"mL"}}]}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Sofia", "ibu", "Children's ibuprofen 100 mg/5 mL oral suspension", dosage})
	s := rig.u.shell
	s.show(scMeds)
	rig.u.idle()
	meds := s.pages[scMeds].(*medsPage)
	if len(meds.rows) != 1 {
		t.Fatalf("rows %+v", meds.rows)
	}
	meds.rows[0].OnTap()
	meds.edit.mode.SetSelected("Only as needed")
	meds.edit.dialog.Confirm()
	rig.u.idle()
	if sub := meds.rows[0].Sub; !strings.Contains(sub, "as needed") || !strings.Contains(sub, "at least 6 hours apart") {
		t.Errorf("row after Only as needed: %q", sub)
	}
}
