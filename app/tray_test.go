package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTray_CloseHidesWithTray(t *testing.T) {
	rig := newRemindRig(t, at(7, 59), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.SetTray(true)
	var labels []string
	for _, it := range u.tray.menu.Items {
		labels = append(labels, it.Label)
	}
	if got := strings.Join(labels, "|"); got != "Open CareKeeper|No more doses today||Lock|Quit" && !strings.HasPrefix(got, "Open CareKeeper|Next dose 08:00 — Mum||Lock|Quit") {
		t.Errorf("tray menu %q", got)
	}
	rig.advance(at(8, 0))
	if l := u.tray.next.Label; !strings.Contains(l, "Mum") || strings.Contains(l, "Metformin") {
		t.Errorf("tray next dose %q (a person, never a medicine)", l)
	}
	// Closing the window hides it; the vault and the engine keep running.
	u.onWindowClose()
	u.idle()
	if !u.tray.hidden || u.closing || u.vault == nil || u.rem.engine() == nil {
		t.Fatalf("close with a tray: hidden %v closing %v", u.tray.hidden, u.closing)
	}
	// "Today's next dose" brings it back at Today.
	u.shell.show(scMeds)
	u.tray.next.Action()
	u.idle()
	if u.tray.hidden || u.shell.current != scToday {
		t.Error("the tray's next dose did not open Today")
	}
	// Lock from the tray: reminders keep firing without details.
	u.tray.lockItem.Action()
	u.idle()
	if u.vault != nil || !u.rem.locked {
		t.Fatal("tray Lock did not lock")
	}
	rig.advance(at(20, 0))
	if l := u.tray.next.Label; strings.Contains(l, "Metformin") {
		t.Errorf("locked tray label %q", l)
	}
}

func TestTray_CloseAsksWithoutTray(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u := rig.u
	u.SetTray(false)
	minimised := 0
	u.SetMinimize(func(fyne.Window) bool { minimised++; return true })
	u.onWindowClose()
	if u.tray.ask == nil {
		t.Fatal("closing without a tray did not ask")
	}
	u.tray.ask.Confirm() // keep running
	u.idle()
	if minimised != 1 || u.closing || u.vault == nil {
		t.Fatalf("keep running: minimised %d, closing %v", minimised, u.closing)
	}
	u.onWindowClose()
	u.tray.ask.Hide() // the dismiss button: quit
	u.onKeepRunning(false)
	u.idle()
	if !u.closing || u.rem.engine() != nil {
		t.Error("Quit did not close the app and stop the engine")
	}
}

func TestTray_CloseQuitsWithoutReminders(t *testing.T) {
	u := newTestUI(t, t.TempDir()+"/none")
	u.SetTray(false)
	u.onWindowClose()
	if !u.closing || u.tray.ask != nil {
		t.Error("with no vault open, closing should just quit")
	}
}

// fakeAutostart records the login entry.
type fakeAutostart struct{ on bool }

func (f *fakeAutostart) Enable() error          { f.on = true; return nil }
func (f *fakeAutostart) Disable() error         { f.on = false; return nil }
func (f *fakeAutostart) Enabled() (bool, error) { return f.on, nil }

func TestSettings_LoginAndNotifications(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	fa := &fakeAutostart{}
	u.tray.autostart = fa
	s := u.shell
	s.show(scSettings)
	u.idle()
	p := s.pages[scSettings].(*settingsPage)
	test.Tap(p.login)
	if !fa.on {
		t.Error("start at login not enabled")
	}
	if len(p.notes) != 1 || !p.notes[0].on.Checked || p.notes[0].private.Checked {
		t.Fatalf("per-person switches %+v", p.notes)
	}
	test.Tap(p.notes[0].private)
	u.idle()
	rig.advance(at(8, 0))
	msgs := rig.n.messages()
	if len(msgs) != 1 || strings.Contains(msgs[0].Title+msgs[0].Body, "Metformin") {
		t.Errorf("private notification %+v", msgs)
	}
	test.Tap(p.notes[0].on) // notifications off
	u.idle()
	rig.advance(at(20, 0))
	if n := len(rig.n.messages()); n != 1 {
		t.Errorf("%d notifications with notifications off", n)
	}
	if st, _ := remind.LoadSettings(u.vault, mum); !st.Off || !st.Private {
		t.Errorf("settings %+v", st)
	}
}

func TestPeople_ZoneAndRoutine(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", `[{"timing":{"code":{"coding":[{"code":"BID"}]}}}]`})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	test.Tap(p.remBt)
	d := p.prefs
	if d == nil {
		t.Fatal("no settings dialog")
	}
	d.zone.SetText("Mars/Olympus")
	if d.zone.Validate() == nil {
		t.Error("an unknown zone was accepted")
	}
	d.zone.SetText("Europe/London")
	setText(d.routine[1], "09:15") // breakfast
	setText(d.routine[3], "19:45") // dinner
	test.Tap(d.private)
	submit(d.routine[1])
	u.idle()
	st, err := remind.LoadSettings(u.vault, mum)
	if err != nil || st.Zone != "Europe/London" || st.Routine.Breakfast.String() != "09:15" || !st.Private {
		t.Fatalf("settings %+v, %v", st, err)
	}
	s.show(scMeds)
	u.idle()
	if sub := s.pages[scMeds].(*medsPage).rows[0].Sub; !strings.Contains(sub, "09:15") || !strings.Contains(sub, "19:45") {
		t.Errorf("twice a day follows the routine: %q", sub)
	}
}

func TestResults_AddMeasurement(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scResults)
	u.idle()
	res := s.pages[scResults].(*resultsPage)
	for _, m := range []struct {
		kind   int
		v1, v2 string
	}{{0, "128", "82"}, {1, "71,5", ""}, {2, "104", ""}} {
		test.Tap(res.addBt)
		d := res.measure
		if d == nil || u.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no measurement dialog")
		}
		d.kind.SetSelectedIndex(m.kind)
		setText(d.value, m.v1)
		if m.v2 != "" {
			setText(d.value2, m.v2)
		}
		submit(d.value)
		u.idle()
	}
	byCode := map[string]*health.Series{}
	for _, se := range res.series {
		byCode[se.Code] = se
	}
	bp := byCode["http://loinc.org|8480-6"]
	if bp == nil || !bp.Pair || bp.Latest().V != 128 || bp.Latest().V2 != 82 || bp.Unit != "mmHg" {
		t.Fatalf("blood pressure series %+v (series: %d)", bp, len(res.series))
	}
	if w := byCode["http://loinc.org|29463-7"]; w == nil || w.Latest().V != 71.5 || w.Unit != "kg" {
		t.Errorf("weight %+v", w)
	}
	if g := byCode["http://loinc.org|2339-0"]; g == nil || g.Latest().V != 104 {
		t.Errorf("glucose %+v", g)
	}
	n := 0
	u.vault.Records(context.Background(), storage.Query{Profile: mum, Type: "Observation"}, func(r *storage.Record) error {
		if r.ID.Source == storage.AppSource && strings.Contains(string(r.Resource), `"vital-signs"`) {
			n++
		}
		return nil
	})
	if n != 3 {
		t.Errorf("%d home measurements stored", n)
	}
}

var _ = widget.NewLabel
