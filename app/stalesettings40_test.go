package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
)

// F533: a page or dialog saving a person's reminder settings wrote back the whole copy it had
// read, so what another device changed meanwhile (brought in by the household) was replaced.
// Each save now changes only what was changed in it.
func TestSettingsSavedFromAnOlderCopyKeepOthersChanges(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	bed, _ := schedule.ParseClock("21:30")
	changedElsewhere := func(f func(*remind.Settings)) {
		t.Helper()
		st, err := remind.LoadSettings(u.vault, mum)
		if err != nil {
			t.Fatal(err)
		}
		f(&st)
		if err := remind.SaveSettings(u.ctx, u.vault, mum, st); err != nil {
			t.Fatal(err)
		}
	}

	// Settings → Notifications: the page read Mum's settings; then her bedtime and alert
	// delay change (as a household sync would write them); then "Private" is ticked here.
	s.show(scSettings)
	u.idle()
	p := s.pages[scSettings].(*settingsPage)
	if len(p.notes) != 1 {
		t.Fatalf("%d people with switches", len(p.notes))
	}
	changedElsewhere(func(st *remind.Settings) { st.Routine.Bed, st.AlertAfterMinutes = bed, 90 })
	test.Tap(p.notes[0].private)
	u.idle()
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil || !st.Private || st.Routine.Bed != bed || st.AlertAfterMinutes != 90 {
		t.Fatalf("after ticking Private: private %v, bed %s, alert %d (%v); want true, 21:30, 90", st.Private, st.Routine.Bed, st.AlertAfterMinutes, err)
	}

	// People → Reminders: the dialog is open when her snooze changes elsewhere; its Save
	// (breakfast changed in it) keeps that snooze and the bedtime.
	s.show(scPeople)
	u.idle()
	pp := s.pages[scPeople].(*peoplePage)
	test.Tap(pp.remBt)
	d := pp.prefs
	if d == nil {
		t.Fatal("no reminders dialog")
	}
	changedElsewhere(func(st *remind.Settings) { st.SnoozeMinutes = 25 })
	setText(d.routine[1], "09:15")
	submit(d.routine[1])
	u.idle()
	st, err = remind.LoadSettings(u.vault, mum)
	if err != nil || st.Routine.Breakfast.String() != "09:15" || st.SnoozeMinutes != 25 || st.Routine.Bed != bed || !st.Private {
		t.Fatalf("after the dialog: breakfast %s, snooze %d, bed %s, private %v (%v); want 09:15, 25, 21:30, true", st.Routine.Breakfast, st.SnoozeMinutes, st.Routine.Bed, st.Private, err)
	}
}
