package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F567 item 1: on the daughter's laptop, which only views her parents, Add measurement offered
// them, and said "Could not save the measurement — This computer may only view this person"
// after she had typed 150/90. Add measurement and Add appointment offer only the people this
// computer may change; with none, they say why before anything is typed.
func TestAddDialogsLeaveOutPeopleOnlyViewedHere(t *testing.T) {
	rig := newRemindRig(t, at(8, 0),
		medFixture{"Kazuko", "m1", "Amlodipine 5 mg", twiceDaily},
		medFixture{"Misaki", "m2", "Salbutamol", twiceDaily})
	u, s := rig.u, rig.u.shell
	ctx := context.Background()
	if err := u.vault.SetViewOnly(ctx, []string{rig.people["Kazuko"]}); err != nil {
		t.Fatal(err)
	}
	selectsIn := func(o fyne.CanvasObject) (opts []string) {
		var walk func(o fyne.CanvasObject)
		walk = func(o fyne.CanvasObject) {
			if sel, ok := o.(*widget.Select); ok {
				opts = append(opts, strings.Join(sel.Options, " | "))
			}
			for _, c := range childrenOf(o) {
				walk(c)
			}
		}
		walk(o)
		return opts
	}

	d := s.openMeasureOf(rig.people["Kazuko"], "")
	if d == nil {
		t.Fatal("no Add measurement dialog while Misaki may be measured")
	}
	if got := strings.Join(d.person.Options, " | "); got != "Misaki" {
		t.Errorf("Add measurement offers %q, want only Misaki", got)
	}
	d.dialog.Hide()
	u.idle()
	s.show(scAppts)
	u.idle()
	s.pages[scAppts].(*apptsPage).openEditor(nil)
	u.idle()
	if opts := selectsIn(topDialog(t, u)); len(opts) == 0 || opts[0] != "Misaki" {
		t.Errorf("Add appointment's person list: %q, want only Misaki", opts)
	}
	for _, o := range u.win.Canvas().Overlays().List() {
		o.Hide()
	}
	u.idle()

	// Both only viewed: the dialogs say so instead of opening.
	if err := u.vault.SetViewOnly(ctx, []string{rig.people["Kazuko"], rig.people["Misaki"]}); err != nil {
		t.Fatal(err)
	}
	if d := s.openMeasureOf("", ""); d != nil {
		t.Error("Add measurement opened for people this computer only views")
	}
	u.idle()
	if said := drawnText(topDialog(t, u)); !strings.Contains(said, "This computer may only view the people here, so it cannot add their measurements") {
		t.Errorf("Add measurement with everyone only viewed says:\n%s", said)
	}
}
