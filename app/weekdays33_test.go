package app

import (
	"testing"
)

// F429: warfarin 5 tablets Mon, Wed, Fri and 4 tablets Tue, Thu, Sat, Sun at 18:00 (two dosages
// of one step): At set times came filled with 18:00 on Mon, Wed, Fri only, and Save as offered
// reminded three days a week. It now offers every day the record covers (no day ticked: every
// day), and Save keeps all seven.
func TestMeds_AtSetTimesOffersEveryDayTheRecordCovers(t *testing.T) {
	const warf = `[{"sequence":1,"text":"5 mg (5 tablets) on Monday, Wednesday and Friday at 18:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["mon","wed","fri"],"timeOfDay":["18:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":5,"unit":"tablet","code":"{tbl}"}}]},` +
		`{"sequence":1,"text":"4 mg (4 tablets) on other days at 18:00","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"wk","dayOfWeek":["tue","thu","sat","sun"],"timeOfDay":["18:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":4,"unit":"tablet","code":"{tbl}"}}]}]`
	rig := newRemindRig(t, at(9, 0), medFixture{"Walter", "warf", "Warfarin sodium 1 mg tablet", warf})
	u, s, walter := rig.u, rig.u.shell, rig.people["Walter"]
	s.stale[scMeds] = true
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	med := meds.model.Medicine(walter, "MedicationRequest/warf")
	if med == nil {
		t.Fatal("no warfarin")
	}
	meds.openEditor(med)
	u.idle()
	e := meds.edit
	e.mode.SetSelected("At set times")
	u.idle()
	var ticked []string
	for _, c := range e.days {
		if c.Checked {
			ticked = append(ticked, c.Text)
		}
	}
	if e.times.Text() != "18:00" || len(ticked) != 0 {
		t.Errorf("At set times offers %q on %v, want 18:00 every day (no day ticked)", e.times.Text(), ticked)
	}
	e.dialog.Confirm()
	u.idle()
	rig.advance(at(9, 1))
	m := u.rem.engine().Model().Medicine(walter, "MedicationRequest/warf")
	// every day at 18:00, each day with its amount (F425: 5 tablets Mon, Wed, Fri; 4 the others)
	if m == nil || !m.Overridden {
		t.Fatalf("saved as offered: %+v, want 18:00 every day", m)
	}
	days := map[string]string{}
	for _, ph := range m.Plan.Phases {
		for _, d := range ph.Timing.DayOfWeek {
			days[d.String()[:3]] = ph.Dose
		}
		if len(ph.Timing.TimeOfDay) != 1 || ph.Timing.TimeOfDay[0].String() != "18:00" {
			t.Errorf("saved at %v, want 18:00", ph.Timing.TimeOfDay)
		}
	}
	if len(days) != 7 || days["Mon"] != "5 tablet" || days["Sun"] != "4 tablet" {
		t.Errorf("saved as offered: %+v, want 18:00 every day with its amount", m.Plan)
	}
}
