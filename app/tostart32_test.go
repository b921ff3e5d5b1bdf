package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
)

// F342 (the app's rest): with Levothyroxine starting on 6 Mar (its record's boundsPeriod) the
// Medicines header said "2 being taken" and Today listed it under "Medicines being taken" on 2
// Mar: the person may begin it today. The header counts it apart ("1 being taken, 1 to start")
// and Today lists it only under Starting soon.
func TestMedicines_OneStartingLaterIsNotBeingTaken(t *testing.T) {
	const later = `[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["06:00:00"],"boundsPeriod":{"start":"2026-03-06"}}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Mum", "m4", "Levothyroxine 50 mcg tablet", later})
	var all []string
	forEachText(rig.showToday().view(), func(t *canvas.Text) { all = append(all, t.Text) })
	texts := strings.Join(all, "\n")
	i := strings.Index(texts, "Medicines being taken")
	if i < 0 {
		t.Fatalf("no Medicines being taken:\n%s", texts)
	}
	if rest := texts[i:]; strings.Contains(rest, "Levothyroxine") || !strings.Contains(rest, "Metformin") {
		t.Errorf("Today's medicines being taken:\n%s", rest)
	}
	s := rig.u.shell
	s.show(scMeds)
	rig.u.idle()
	if got := s.pages[scMeds].(*medsPage).frame.sub.Text; !strings.HasPrefix(got, "1 being taken, 1 to start") {
		t.Errorf("Medicines says %q, want '1 being taken, 1 to start'", got)
	}
}

// F351 (the rest): Add measurement's Date box offered "2026-12-06" where every screen says "6 Dec
// 2026"; a day picked from the calendar is written so too, and read.
func TestAddMeasurement_DateInWords(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	d := u.shell.openMeasure()
	if d == nil {
		t.Fatal("no measurement dialog")
	}
	u.idle()
	if got := d.date.Text; got != "2 Mar 2026" {
		t.Errorf("the date box offers %q, want '2 Mar 2026'", got)
	}
	day := time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC)
	d.date.SetDate(&day) // as the calendar picks it
	u.idle()
	if got := d.date.Text; got != "27 Feb 2026" {
		t.Errorf("the day picked reads %q, want '27 Feb 2026'", got)
	}
	if got, err := pickedDay(d.date); err != nil || !got.Equal(day) {
		t.Errorf("read as %v, %v", got, err)
	}
}
