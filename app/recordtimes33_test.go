package app

import (
	"strings"
	"testing"
)

// F391: a child's 7-day amoxicillin whose record gives 08:00, 14:00 and 20:00 but "once a day"
// reminded of nothing, and its dialog said "The record says: set the times yourself" with "As
// the record says" chosen. The dialog now gives the record's words, says why nothing reminds
// and when the course ends, and offers the record's own times under At set times: Save sets
// them, and the doses are reminded.
func TestMeds_RecordTimesOfferedWhenTheyDoNotMatchItsFrequency(t *testing.T) {
	const clash = `[{"text":"7.5 mL three times a day for 7 days","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","14:00:00","20:00:00"],"boundsPeriod":{"start":"2026-03-01","end":"2026-03-07"}}},"doseAndRate":[{"doseQuantity":{"value":7.5,"unit":"mL"}}]}]`
	rig := newRemindRig(t, at(7, 0), medFixture{"Lily", "m1", "Amoxicillin 250 mg/5 mL oral suspension", clash})
	u, s, lily := rig.u, rig.u.shell, rig.people["Lily"]
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	var sub string
	for _, r := range meds.rows {
		if strings.Contains(r.Title, "Amoxicillin") {
			sub = r.Sub
		}
	}
	if !strings.Contains(sub, "until 7 Mar 2026") {
		t.Errorf("the Medicines row %q does not say the course's end", sub)
	}
	med := meds.model.Medicine(lily, "MedicationRequest/m1")
	if med == nil {
		t.Fatal("no amoxicillin in the model")
	}
	meds.openEditor(med)
	u.idle()
	e := meds.edit
	if e == nil {
		t.Fatal("no editor")
	}
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	for _, want := range []string{
		"7.5 mL three times a day for 7 days",
		"Its record gives the times 08:00, 14:00 and 20:00 but also says once a day, so nothing reminds of it; its course ends on 7 Mar 2026. Its times are filled in under At set times: Save to be reminded at them.",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the dialog says %q, want %q", shown, want)
		}
	}
	if strings.Contains(shown, "set the times yourself") {
		t.Errorf("the dialog still says 'set the times yourself': %q", shown)
	}
	if e.mode.Selected != "At set times" || e.times.Text() != "08:00, 14:00, 20:00" {
		t.Fatalf("offered %q with times %q, want At set times at 08:00, 14:00, 20:00", e.mode.Selected, e.times.Text())
	}
	e.dialog.Confirm()
	u.idle()
	rig.advance(at(8, 0).Add(5e9))
	m := u.rem.engine().Model().Medicine(lily, "MedicationRequest/m1")
	if m == nil || !m.Overridden || len(firstTiming(m.Plan).TimeOfDay) != 3 || m.Plan.OnlyDose() != "7.5 mL" {
		t.Fatalf("after Save: %+v", m)
	}
	rig.showToday()
	if due := rig.lines(lineDue); len(due) != 1 || !strings.Contains(due[0].r.Title, "Amoxicillin") {
		t.Errorf("at 08:00 the amoxicillin is not due on Today: %d lines", len(due))
	}
}
