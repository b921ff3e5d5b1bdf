package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The People screen renames the person shown and sets their birth date; the switcher follows.
func TestPeople_RenameAndBirthDate(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Mum", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.editBt.Visible() || !people.importBt.Visible() {
		t.Fatal("no edit or import button for the person shown")
	}
	test.Tap(people.editBt)
	d := people.edit
	if d == nil || d.name.Text != "Mum" {
		t.Fatalf("editor %+v", d)
	}
	setText(d.name, "Margaret Hintz")
	setText(d.birth, "1950-03-04")
	d.dialog.Submit()
	u.idle()
	got, err := u.vault.Profile(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Margaret Hintz" || got.BirthDate != "1950-03-04" {
		t.Errorf("saved %+v", got)
	}
	if s.person.Selected != "Margaret Hintz" || s.profile != p.ID {
		t.Errorf("switcher shows %q (profile %q)", s.person.Selected, s.profile)
	}
	test.Tap(people.importBt)
	if u.fileDialog == nil || u.main.pickProfile != p.ID {
		t.Error("Import records… on the People screen is not for the person shown")
	}
}

// shownTexts is every text the window draws (hidden objects left out).
func shownTexts(w fyne.Window) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
		for _, c := range childrenOf(o) {
			walk(c)
		}
	}
	walk(w.Canvas().Content())
	return out
}

// Deleting one of two people from the People screen: the dialog names them and their records,
// offers an export, and after Delete their records, state and reminders are gone from the vault
// and every screen; the other person's stay and are shown.
func TestPeople_DeletePerson(t *testing.T) {
	rig := newRemindRig(t, at(7, 0),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	mum, dad := rig.people["Mum"], rig.people["Dad"]
	ctx := context.Background()
	if err := u.vault.UpdateState(ctx, storage.StateOp{Key: "journey/questions/" + mum, Value: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	rig.advance(at(8, 1))
	if eng := u.rem.engine(); eng == nil || len(eng.DueNow()) != 2 {
		t.Fatalf("before: want one due dose each, got %+v", eng.DueNow())
	}
	s.choose(mum)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.delBt.Visible() {
		t.Fatal("no Delete this person… button")
	}

	// Cancel deletes nothing.
	test.Tap(people.delBt)
	u.idle()
	d := people.del
	if d == nil || d.person.ID != mum || d.records != 1 || !strings.Contains(d.text.Text, "Delete Mum and their 1 record from") {
		t.Fatalf("dialog %+v", d)
	}
	if d.deleteBt.Importance != widget.DangerImportance {
		t.Error("Delete is not marked dangerous")
	}
	test.Tap(d.exportBt) // the export flow, for Mum: the plaintext warning names her
	u.idle()
	if top, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp); !ok || !slices.ContainsFunc(labelsIn(top.Content), func(l string) bool { return strings.Contains(l, "the records of Mum") }) {
		t.Error("Export their records first does not offer Mum's records")
	}
	u.win.Canvas().Overlays().Top().Hide()
	test.Tap(d.cancelBt)
	u.idle()
	if _, err := u.vault.Profile(mum); err != nil || people.del != nil {
		t.Fatalf("Cancel: %v, dialog %v", err, people.del)
	}

	// Mum's dose answered on Today, still waiting out its undo time: it is dropped, not
	// written for nobody after the delete.
	rig.showToday()
	test.Tap(rig.lines(lineDue)[0].taken)
	u.idle()
	s.show(scPeople)
	u.idle()
	test.Tap(people.delBt)
	u.idle()
	test.Tap(people.del.deleteBt)
	u.idle()
	rig.settle()
	admins := 0
	u.vault.Records(ctx, storage.Query{Type: "MedicationAdministration"}, func(*storage.Record) error { admins++; return nil })
	if admins != 0 {
		t.Errorf("%d doses written after the delete", admins)
	}
	if _, err := u.vault.Profile(mum); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Mum's profile: %v", err)
	}
	if c, _ := u.vault.TypeCounts(ctx, mum); len(c) != 0 {
		t.Errorf("Mum's records remain: %v", c)
	}
	if _, err := u.vault.GetState("journey/questions/" + mum); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("Mum's state remains: %v", err)
	}
	if c, _ := u.vault.TypeCounts(ctx, dad); c["MedicationRequest"] != 1 {
		t.Errorf("Dad's records: %v", c)
	}
	if s.profile != dad || s.person.Selected != "Dad" || len(s.people) != 1 || slices.Contains(s.person.Options, "Mum") {
		t.Errorf("shell shows %q (%q), people %+v, switcher %v", s.profile, s.person.Selected, s.people, s.person.Options)
	}
	rig.advance(at(8, 2))
	var mumTag string
	for _, m := range rig.n.messages() {
		if strings.HasPrefix(m.Title, "Mum") {
			mumTag = m.Tag
		}
	}
	if mumTag == "" || !slices.Equal(rig.n.withdrawn, []string{mumTag}) {
		t.Errorf("Mum's notification (%q) is not withdrawn: withdrawn %v", mumTag, rig.n.withdrawn)
	}
	due := u.rem.engine().DueNow()
	if len(due) != 1 || due[0].Profile != dad {
		t.Errorf("reminders after the delete: %+v", due)
	}
	for sc := screen(0); sc < numScreens; sc++ {
		s.show(sc)
		u.idle()
		texts := shownTexts(u.win)
		for _, txt := range texts {
			if strings.Contains(txt, "Mum") || strings.Contains(txt, "Metformin") {
				t.Errorf("%s still shows %q", sc.title(), txt)
			}
		}
		if sc == scMeds && !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "Ramipril") }) {
			t.Errorf("Medicines does not show Dad's medicine: %q", texts)
		}
	}
}

// Deleting the last person leaves the first-run guide.
func TestPeople_DeleteLastPerson(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.delBt)
	u.idle()
	test.Tap(people.del.deleteBt)
	u.idle()
	if ps, _ := u.vault.Profiles(); len(ps) != 0 {
		t.Fatalf("people left: %+v", ps)
	}
	today := s.pages[scToday].(*todayPage)
	if s.current != scToday || s.profile != "" || len(s.people) != 0 || !today.frame.empty.Visible() {
		t.Errorf("after deleting the last person: screen %v, profile %q, people %d", s.current, s.profile, len(s.people))
	}
	rig.advance(at(8, 1))
	if due := u.rem.engine().DueNow(); len(due) != 0 {
		t.Errorf("reminders after the delete: %+v", due)
	}
}

// People: the row of the person shown says so; the others offer to switch.
func TestPeople_RowOfThePersonShown(t *testing.T) {
	u := unlocked(t)
	mum, err := u.vault.AddProfile("Mum", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.AddProfile("Dad", ""); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(mum.ID)
	u.idle()
	s := u.shell
	s.choose(mum.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	rows := s.pages[scPeople].(*peoplePage).list.rows
	found := 0
	for _, r := range rows {
		switch r.Title {
		case "Mum":
			found++
			if strings.Contains(r.Sub, "switch") || !strings.Contains(r.Sub, "The person shown now") {
				t.Errorf("the person shown: %q", r.Sub)
			}
		case "Dad":
			found++
			if !strings.Contains(r.Sub, "Tap to switch to this person") {
				t.Errorf("another person: %q", r.Sub)
			}
		}
	}
	if found != 2 {
		t.Errorf("rows %+v", rows)
	}
}

// On a computer that may only view a person (shared with it to view), People does not offer
// renaming, importing for them or deleting them — the vault would refuse each with a line
// afterwards — and says why; for a person it manages, they are offered.
func TestPeople_ViewOnlyPersonTools(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	mum, err := u.vault.AddProfile("Mum", "")
	if err != nil {
		t.Fatal(err)
	}
	dad, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.vault.SetViewOnly(context.Background(), []string{dad.ID}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	for _, tt := range []struct {
		profile  string
		viewOnly bool
	}{
		{dad.ID, true},
		{mum.ID, false},
	} {
		s.choose(tt.profile)
		u.idle()
		s.show(scPeople)
		u.idle()
		for name, b := range map[string]*widget.Button{"rename": people.editBt, "import": people.importBt, "delete": people.delBt} {
			if b.Disabled() != tt.viewOnly {
				t.Errorf("view only %v: %s disabled %v", tt.viewOnly, name, b.Disabled())
			}
		}
		if people.viewOnly.Visible() != tt.viewOnly {
			t.Errorf("view only %v: the reason shown %v", tt.viewOnly, people.viewOnly.Visible())
		}
		if tt.viewOnly && !strings.HasPrefix(people.viewOnly.Text, "Shared with you to view") {
			t.Errorf("the reason %q", people.viewOnly.Text)
		}
	}
}

// A person no longer shared with this computer: People says so, turns off renaming and
// importing for them, and leaves deleting them from this computer on.
func TestPeople_NotSharedPersonTools(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	dad, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.vault.SetNotShared(context.Background(), map[string]time.Time{dad.ID: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	s.choose(dad.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	if !people.editBt.Disabled() || !people.importBt.Disabled() || people.delBt.Disabled() {
		t.Errorf("rename disabled %v, import disabled %v, delete disabled %v; want off, off, on",
			people.editBt.Disabled(), people.importBt.Disabled(), people.delBt.Disabled())
	}
	if !people.viewOnly.Visible() || !strings.HasPrefix(people.viewOnly.Text, "Dad is no longer shared with this computer (since 3 Dec 2026)") {
		t.Errorf("the reason shown %v: %q", people.viewOnly.Visible(), people.viewOnly.Text)
	}
}
