package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
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

// F94: the same for a time from the person's routine ("before breakfast": 07:30) and for an
// "every 8 hours" CareKeeper started (at breakfast on the record's day since F188, at midnight before): imported at 18:48, neither the morning dose
// is "Missed" nor the 16:00 one "Overdue"; and the words say whose times they are.
func TestRoutineAndIntervalTimesBeforeTheMedicineWasSeen(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	for _, c := range []struct{ dosage, words string }{
		{`[{"timing":{"repeat":{"when":["ACM"]}}}]`, "once a day before breakfast (07:30 is CareKeeper's time: change it)"},
		{`[{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h"}}}]`, "every 8 hours from 1 Jan 2026 07:30 (CareKeeper's time: change it)"},
	} {
		r := newRig(t, "Europe/London", day(18, 48), c.dosage)
		r.at(day(18, 48))
		for _, ds := range r.e.DoseStates(r.pid, day(0, 0), day(24, 0)) {
			if ds.State == DoseMissed || ds.State == DoseOverdue {
				t.Errorf("%s: %s %s", c.dosage, ds.Occurrence, ds.State)
			}
		}
		for _, m := range r.e.Model().Meds {
			if m.Describe != c.words {
				t.Errorf("%s: %q, want %q", c.dosage, m.Describe, c.words)
			}
		}
	}
}

// F89: a carer's computer in Chicago, Mum at home in Lagos: her 08:00 dose fires at 02:00 here
// and the notification names her clock with this computer's beside it — it read "Mum — 08:00
// medicines" at 02:00.
func TestNotificationNamesThePersonsClock(t *testing.T) {
	lagos := mustLoc(t, "Africa/Lagos")
	start := time.Date(2026, 6, 1, 7, 0, 0, 0, lagos)
	r := newRig(t, "America/Chicago", start, twiceDaily)
	v := r.v.(*storage.Vault)
	st, err := LoadSettings(v, r.pid)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "Africa/Lagos"
	if err := SaveSettings(context.Background(), v, r.pid, st); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	r.at(start)
	ms := r.at(time.Date(2026, 6, 1, 8, 0, 0, 0, lagos))
	if len(ms) != 1 || !strings.HasPrefix(ms[0].Title, "Mum — 08:00 Lagos time (02:00 here) medicines") {
		t.Errorf("notifications %v", titles(ms))
	}
}
