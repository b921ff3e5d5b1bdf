package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Taken can be undone for undoTime: nothing is written and the notification stays until then.
// Locking saves an answer still waiting.
func TestToday_Undo(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	rig.advance(at(8, 0))
	rig.showToday()
	test.Tap(rig.lines(lineDue)[0].taken)
	u.idle()
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].undo == nil || due[0].taken != nil {
		t.Fatalf("after Taken: want the dose with Undo, got %+v", due)
	}
	if got := rig.administrations(t, mum); len(got) != 0 {
		t.Errorf("written before the undo time ran out: %v", got)
	}
	test.Tap(due[0].undo)
	u.idle()
	u.auto.clock.(*fakeClock).advance(undoTime)
	u.idle()
	due = rig.lines(lineDue)
	if len(due) != 1 || due[0].taken == nil || due[0].undo != nil {
		t.Fatalf("after Undo: want the dose waiting again, got %+v", due)
	}
	if got := rig.administrations(t, mum); len(got) != 0 {
		t.Errorf("an undone answer was written: %v", got)
	}
	if len(rig.n.withdrawn) != 0 {
		t.Errorf("notification withdrawn for an undone answer: %v", rig.n.withdrawn)
	}
	test.Tap(due[0].taken)
	rig.settle()
	if got := rig.administrations(t, mum); got["2026-03-02T08:00:00Z"] != "completed" || len(got) != 1 {
		t.Errorf("after the undo time: %v", got)
	}
	if len(rig.n.withdrawn) != 1 {
		t.Errorf("answering in the app did not withdraw the notification: %v", rig.n.withdrawn)
	}

	// 20:00: Skip, then lock at once: the answer is saved before the vault closes.
	rig.advance(at(20, 0))
	rig.showToday()
	test.Tap(rig.lines(lineDue)[0].skip)
	u.idle()
	u.lock()
	u.idle()
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if got := rig.administrations(t, mum); got["2026-03-02T20:00:00Z"] != "not-done" {
		t.Errorf("an answer waiting at lock was lost: %v", got)
	}
}

// The household view is a section per person, each with their own doses, due ones first;
// nothing is merged.
func TestToday_HouseholdSections(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00","12:00:00"]}}}]`})
	u, s := rig.u, rig.u.shell
	rig.advance(at(8, 1))
	s.person.SetSelected("Everyone")
	u.idle()
	today := rig.showToday()
	if n := len(today.box.Objects); n != 2 {
		t.Fatalf("household Today: %d sections, want one per person", n)
	}
	for i, name := range []string{"Mum", "Dad"} {
		sec := today.box.Objects[i].(*fyne.Container)
		if h, ok := sec.Objects[0].(*widget.Label); !ok || h.Text != name {
			t.Errorf("section %d starts with %#v, want %s's name", i, sec.Objects[0], name)
		}
	}
	// The dose lines come person by person, each person's due doses first.
	var order []string
	for _, l := range today.doses {
		order = append(order, l.r.Profile+":"+l.kind)
	}
	mum, dad := rig.people["Mum"], rig.people["Dad"]
	want := []string{mum + ":due", mum + ":later", dad + ":due", dad + ":later"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("dose lines %v, want %v", order, want)
	}
}

// A person who has died is shown with the date of death, without doses, appointments or cards.
func TestToday_Deceased(t *testing.T) {
	rig := newRemindRig(t, at(7, 30), medFixture{"Wendell", "w1", "Metformin 500 mg", twiceDaily})
	u, s := rig.u, rig.u.shell
	id := rig.people["Wendell"]
	patient := `{"resourceType":"Patient","id":"p1","name":[{"text":"Wendell"}],"birthDate":"1950-01-01","deceasedDateTime":"2009-04-27T10:00:00Z"}`
	rec, err := storage.NewRecord(id, storage.ID{Source: "clinic", Type: "Patient", ID: "p1"}, []byte(patient))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(id)
	u.idle()
	rig.advance(at(8, 1))
	today := rig.showToday()
	if len(today.doses) != 0 {
		t.Errorf("%d dose lines for a person who died", len(today.doses))
	}
	sec := today.box.Objects[0].(*fyne.Container)
	if h := sec.Objects[0].(*widget.Label).Text; h != "Wendell · Died 27 Apr 2009" {
		t.Errorf("heading %q, want the date of death", h)
	}
	var texts []string
	walk(sec, func(o any) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	all := strings.Join(texts, "\n")
	for _, gone := range []string{"Doses due", "Next appointments", "Medicines being taken", "Insights", "Later today"} {
		if strings.Contains(all, gone) {
			t.Errorf("Today shows %q for a person who died:\n%s", gone, all)
		}
	}
	if s.profile != id {
		t.Errorf("profile %q", s.profile)
	}
	s.show(scPeople)
	u.idle()
	if rows := s.pages[scPeople].(*peoplePage).list.rows; len(rows) != 1 || !strings.HasPrefix(rows[0].Sub, "Died 27 Apr 2009 · ") {
		t.Errorf("People: %+v, want the date of death", rows)
	}
}

// Unlocking returns to the person shown when the vault was locked (also the household view).
func TestUnlock_ReturnsToPerson(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", twiceDaily})
	u := rig.u
	for _, who := range []string{"Dad", "Everyone", "Mum"} {
		u.shell.person.SetSelected(who)
		u.idle()
		u.lock()
		u.idle()
		test.Type(u.unlock.pass, testPass)
		submit(u.unlock.pass)
		u.idle()
		if u.shell == nil {
			t.Fatal("not unlocked")
		}
		if got := u.shell.person.Selected; got != who {
			t.Errorf("locked showing %s, unlocked showing %s", who, got)
		}
		if want := rig.people[who]; u.shell.profile != want {
			t.Errorf("unlocked to profile %q, want %q (%s)", u.shell.profile, want, who)
		}
	}
}

// A new vault opens on "Get your records in"; a person without records gets it in their
// section; its buttons do what they say.
func TestToday_GetRecordsIn(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scToday)
	u.idle()
	today := s.pages[scToday].(*todayPage)
	if !today.frame.empty.Visible() || today.frame.body.Visible() {
		t.Fatal("a new vault does not open on the guide")
	}
	test.Tap(today.first.importBt)
	if u.fileDialog == nil {
		t.Fatal("Import a file… opened no file dialog")
	}
	u.fileDialog.Hide()
	test.Tap(today.first.medBt) // nobody yet: add a person first
	people := s.pages[scPeople].(*peoplePage)
	if s.current != scPeople || people.edit == nil {
		t.Fatal("Add a person… did not open the person form")
	}
	test.Type(people.edit.name, "Mum")
	submit(people.edit.name)
	u.idle()
	s.show(scToday)
	u.idle()
	if today.frame.empty.Visible() || len(today.guides) != 1 {
		t.Fatalf("Mum without records: empty %v, %d guides", today.frame.empty.Visible(), len(today.guides))
	}
	test.Tap(today.guides[0].importBt)
	if u.fileDialog == nil || u.main.pickProfile != s.profile || s.profile == "" {
		t.Error("the guide's import is not for Mum")
	}
	u.fileDialog.Hide()
	test.Tap(today.importBt)
	if u.fileDialog == nil {
		t.Error("Today's Import records… opened no file dialog")
	}
	u.fileDialog.Hide()
}

// A dose that fired while the vault was locked is due after unlocking, not missed; after its
// due window it is overdue (Taken / Skip), listed after the doses due now.
func TestToday_FiredWhileLockedThenOverdue(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.lock()
	u.idle()
	rig.advance(at(8, 0))
	rig.advance(at(8, 2))
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	rig.advance(at(8, 2))
	rig.showToday()
	if due, missed := rig.lines(lineDue), rig.lines(lineMissed); len(due) != 1 || len(missed) != 0 {
		t.Fatalf("two minutes after it fired while locked: due %d, missed %d", len(due), len(missed))
	}
	rig.advance(at(9, 30))
	rig.showToday()
	over := rig.lines(lineOverdue)
	if len(over) != 1 || over[0].taken == nil || over[0].skip == nil || len(rig.lines(lineDue)) != 0 {
		t.Fatalf("09:30: overdue %+v, due %d", over, len(rig.lines(lineDue)))
	}
}

// The empty state is part of the drawn tree (a regression: the frame stacked a struct that
// embeds the object, which Fyne does not draw, so every empty screen showed nothing).
func TestPageFrame_EmptyStateIsDrawn(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scToday)
	u.idle()
	today := s.pages[scToday].(*todayPage)
	found := false
	walk(today.frame.content, func(o any) {
		if o == today.first.importBt {
			found = true
		}
	})
	if !found {
		t.Error("the guide's Import a file… button is not in the drawn tree")
	}
	meds := s.pages[scMeds].(*medsPage)
	found = false
	walk(meds.frame.content, func(o any) {
		if o == meds.frame.empty.button {
			found = true
		}
	})
	if !found {
		t.Error("the Medicines empty state's button is not in the drawn tree")
	}
}

// At 200 % text in a window of 90 % of a 1024×600 screen, the top bar wraps instead of
// making the window wider than the screen.
func TestShell_TopBarFitsAt200(t *testing.T) {
	u, _ := demoUI(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	size := windowSize(fyne.NewSize(1024, 600))
	u.win.Resize(size)
	u.idle()
	s := u.shell
	s.content.Refresh()
	u.idle()
	if w := s.content.MinSize().Width; w > size.Width {
		t.Errorf("the shell needs %v wide at 200 %% text, more than the window's %v", w, size.Width)
	}
	if got := u.win.Canvas().Size(); got.Width > size.Width+1 {
		t.Errorf("window grew to %v", got)
	}
	if !s.leaveDemo.Visible() || !s.m.lockBt.Visible() {
		t.Error("Leave the demo or Lock hidden")
	}
}
