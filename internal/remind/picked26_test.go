package remind

import (
	"testing"
	"time"
)

// F46: a medicine whose record says "twice a day" with no times gets CareKeeper's times (07:30
// and 18:30). Imported at 18:48, its 07:30 dose of that morning — a time nobody set, passed
// before the medicine was in CareKeeper — is not a missed dose of the day (Today said "Missed ·
// 07:30"); its 18:30 dose, just passed, is still due. A record that gives its times keeps its
// missed dose (TestDoseBeforeTheMedicineWasSeen).
func TestPickedTimeBeforeTheMedicineWasSeenIsNotMissed(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	freq := `[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	r := newRig(t, "Europe/London", day(18, 48), freq)
	r.at(day(18, 48))
	st := r.e.DoseStates(r.pid, day(0, 0), day(24, 0))
	if len(st) != 1 || st[0].Occurrence != "2026-06-01T18:30" || st[0].State != DoseDue {
		t.Errorf("doses of the day %+v, want only the 18:30 dose, due", st)
	}
	for _, ds := range st {
		if ds.State == DoseMissed {
			t.Errorf("missed: %s", ds.Occurrence)
		}
	}
}
