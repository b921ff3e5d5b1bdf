package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

type widgetSelect = widget.Select

// Add measurement and Add my own medicine offer only the living: they offered the Joseph
// Brennan who died in 2019 and saved a blood pressure of today for him (F243, vapp28: Wendell,
// died 2018, 'Blood pressure 130/0 mmHg · Latest, on 5 Dec 2026'). And a blood pressure with
// its diastolic left empty cannot be added (it was saved as 130/0).
func TestAddDialogsOfferOnlyTheLiving(t *testing.T) {
	u := unlocked(t)
	brennans(t, u)
	s := u.shell
	d := s.openMeasureOf("", "")
	if d == nil {
		t.Fatal("no Add measurement dialog")
	}
	if got := strings.Join(d.person.Options, " | "); strings.Contains(got, "1931") || strings.Contains(got, "died") || len(d.person.Options) != 2 {
		t.Errorf("Add measurement offers %q; want the two living people", got)
	}
	for i, k := range d.kinds {
		if k.pair {
			d.kind.SetSelectedIndex(i)
		}
	}
	setText(d.value, "130")
	d.value2.SetText("")
	u.idle()
	if !d.dialog.confirm.Disabled() {
		t.Error("Add is on with the diastolic left empty")
	}
	setText(d.value2, "85")
	u.idle()
	if d.dialog.confirm.Disabled() {
		t.Error("Add is off with systolic and diastolic given")
	}
	d.dialog.Hide()
	u.idle()

	s.pages[scMeds].(*medsPage).openAddOwn()
	u.idle()
	said := drawnText(topDialog(t, u))
	if !strings.Contains(said, "Add a medicine by hand") {
		t.Fatalf("no Add a medicine by hand dialog:\n%s", said)
	}
	var offered []string
	for _, o := range u.win.Canvas().Overlays().List() {
		walk(o, func(x any) {
			if sel, ok := x.(*widgetSelect); ok && len(offered) == 0 {
				offered = sel.Options
			}
		})
	}
	if len(offered) != 2 || strings.Contains(strings.Join(offered, " "), "1931") {
		t.Errorf("Add my own medicine offers %q; want the two living people", offered)
	}
}
