package app

import (
	"strings"
	"testing"
	"time"
)

// F535 (rest): Gérard's cardiology appointment written "02:30-05:00" on the night Montréal's
// clocks go forward (14 Mar 2027, 02:00 → 03:00) is said on Today, in 'today', the reminders and
// the notification as a time the clocks skip, shown at 03:30; the Appointments screen showed
// its row at 03:30 beside its title "arrivée 02 h 30" without a word. Its row and the
// appointment opened say it now, in the same words.
func TestAppointments_ATimeTheClocksSkipIsSaid(t *testing.T) {
	toronto, _ := time.LoadLocation("America/Toronto")
	start := time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, start, medFixture{"Gérard", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	g := rig.people["Gérard"]
	rig.clock.setZone(toronto)
	writeAppointment(t, u.vault, g, "cardio", "Cardiologie — Holter 24 h, arrivée 02 h 30", "2027-03-14T02:30:00-05:00")
	writeAppointment(t, u.vault, g, "other", "Prise de sang", "2027-03-15T08:30:00-04:00")
	u.main.loadPeople(g)
	u.idle()
	rig.advance(start.Add(time.Minute))
	p := rig.showAppts()
	if len(p.list.rows) != 2 {
		t.Fatalf("Appointments: %+v", p.list.rows)
	}
	const said = "the record says 02:30 on 14 Mar 2027, a time the clocks skip that night (they go forward an hour): shown at 03:30, the moment it names — check the time with the clinic"
	cardio, other := p.list.rows[0], p.list.rows[1]
	if !strings.Contains(cardio.Sub, said) || !cardio.Warn {
		t.Errorf("the row of 02:30: %+v\nwant %q, warned", cardio, said)
	}
	if strings.Contains(other.Sub, "clocks skip") || other.Warn {
		t.Errorf("the row of another day: %+v", other)
	}
	cardio.OnTap()
	u.idle()
	if opened := strings.Join(overlayTexts(u.win), "\n"); !strings.Contains(opened, "The record says 02:30 on 14 Mar 2027, a time the clocks skip") {
		t.Errorf("the appointment opens as:\n%s", opened)
	}
}
