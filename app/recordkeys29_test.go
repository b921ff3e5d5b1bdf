package app

import (
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2/widget"
)

// F268: a record opened with the keyboard starts with its Close button focused (Tab passed six
// invisible stops before reaching it), and Escape closes it (the dialog patch in
// third_party/fyne; the driver calls the top overlay's TypedEscape).
func TestShowRecord_KeyboardCloses(t *testing.T) {
	u := unlocked(t)
	key := importVisitDocument(t, u, "Condition")
	u.shell.showRecord(key)
	u.idle()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no record dialog")
	}
	if b, ok := u.win.Canvas().Focused().(*widget.Button); !ok || b.Text != "Close" {
		t.Errorf("focus starts on %T, want the Close button", u.win.Canvas().Focused())
	}
	esc, ok := top.(interface{ TypedEscape() bool })
	if !ok || !esc.TypedEscape() {
		t.Fatal("the record dialog does not take Escape")
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the record open")
	}
}

// F268, the dialogs with buttons of their own: Escape presses Cancel in a form (Add
// measurement, Add my own medicine, settings) and in Delete person, and nothing is done.
func TestEscapeCancelsFormsAndDelete(t *testing.T) {
	u := unlocked(t)
	j60 := brennans(t, u)
	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	escape := func(what string) {
		t.Helper()
		top := u.win.Canvas().Overlays().Top()
		esc, ok := top.(interface{ TypedEscape() bool })
		if top == nil || !ok || !esc.TypedEscape() {
			t.Fatalf("%s: Escape not taken (%T)", what, top)
		}
		u.idle()
		if u.win.Canvas().Overlays().Top() != nil {
			t.Errorf("%s: still open after Escape", what)
		}
	}
	p.openSettings(j60)
	escape("the person's settings form")
	if p.prefs != nil {
		t.Error("the settings form's Cancel did not run")
	}
	var j60p storage.Profile
	for _, pr := range s.people {
		if pr.ID == j60 {
			j60p = pr
		}
	}
	p.openDelete(j60p, 3)
	escape("Delete person")
	if _, err := u.vault.Profile(j60); err != nil {
		t.Errorf("Escape deleted the person: %v", err)
	}
}
