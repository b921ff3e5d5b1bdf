package remind

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/notify/notifytest"
	"carekeeper/storage"
)

// lww is the household's merge rule (household.Wins) for the vault-level changes.
func lww(a, b storage.Change) bool {
	if c := a.Stamp.Compare(b.Stamp); c != 0 {
		return c > 0
	}
	if a.Device != b.Device {
		return a.Device > b.Device
	}
	return a.Deleted && !b.Deleted
}

// exchange sends every change logged on from since its cursor to to.
func exchange(t *testing.T, from, to *storage.Vault, cursor *uint64) {
	t.Helper()
	ch, next, err := from.Changes(context.Background(), *cursor, 1000)
	if err != nil {
		t.Fatal(err)
	}
	*cursor = next
	if _, err := to.ApplyChanges(context.Background(), ch, lww); err != nil {
		t.Fatal(err)
	}
}

// Dad's own laptop (a) and Anna's, a caregiver that wants alerts only (b): b shows no
// reminder, alerts 30 minutes after the dose's time, and withdraws the alert when a's answer
// arrives, saying who answered.
func TestCaregiverAlertRaisedAndWithdrawn(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	ref := addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	if err := SaveMode(ctx, b, dad, ModeAlerts); err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{now: day(7, 0)}
	n := newRecorder()
	e := New(b, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	step := func(at time.Time) []Message {
		clk.Set(at)
		e.Step(ctx)
		return n.take()
	}
	if ms := step(day(8, 0)); len(ms) != 0 {
		t.Fatalf("an alerts-only device reminded: %v", titles(ms))
	}
	if ms := step(day(8, 29)); len(ms) != 0 {
		t.Fatalf("alerted early: %v", titles(ms))
	}
	ms := step(day(8, 30))
	if len(ms) != 1 || ms[0].Title != "No answer yet for Dad's 08:00 medicines (Metformin 500 mg)" || len(ms[0].Actions) != 0 {
		t.Fatalf("at 08:30: %+v", ms)
	}
	tag := ms[0].Tag
	if ms := step(day(8, 31)); len(ms) != 0 {
		t.Fatalf("alerted twice: %v", titles(ms))
	}
	// Dad answers on his laptop at 08:32; the answer reaches b.
	m, err := Load(ctx, a, LoadOptions{Device: lon, Now: day(8, 32)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, a, m.Medicine(dad, ref), DoseAction{Profile: dad, Ref: ref, Occurrence: "2026-06-01T08:00", Scheduled: day(8, 0), When: day(8, 32)}); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b, &ca)
	e.Reload()
	step(day(8, 33))
	if len(n.withdrawn) != 1 || n.withdrawn[0] != tag {
		t.Fatalf("withdrawn %v, want the alert %s", n.withdrawn, tag)
	}
	st := e.DoseStates(dad, day(0, 0), day(12, 0))
	if len(st) != 1 || st[0].State != DoseTaken || st[0].AnsweredBy != "dev-a" || !st[0].Acted.Equal(day(8, 32)) {
		t.Fatalf("b's dose state: %+v", st)
	}
}

// Taken on one device and skipped on another: both answers stay, the dose counts as taken.
func TestDoseAnswersAreASet(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	a.StartChanges(ctx, "dev-a")
	b.StartChanges(ctx, "dev-b")
	dad := addPerson(t, a, "Dad")
	ref := addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	var ca, cb uint64
	exchange(t, a, b, &ca)
	answer := func(v *storage.Vault, skip bool, at time.Time) {
		m, err := Load(ctx, v, LoadOptions{Device: lon, Now: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := RecordDose(ctx, v, m.Medicine(dad, ref), DoseAction{Profile: dad, Ref: ref, Occurrence: "2026-06-01T08:00", Scheduled: day(8, 0), When: at, Skip: skip}); err != nil {
			t.Fatal(err)
		}
	}
	answer(a, false, day(8, 5)) // taken on a
	answer(b, true, day(8, 10)) // skipped on b, later
	exchange(t, a, b, &ca)
	exchange(t, b, a, &cb)
	for name, v := range map[string]*storage.Vault{"a": a, "b": b} {
		m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(9, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(m.Doses[m.Medicine(dad, ref).Key()]); n != 2 {
			t.Errorf("%s keeps %d answers, want both", name, n)
		}
		st := m.DoseStates(dad, day(0, 0), day(12, 0), day(9, 0))
		if len(st) != 1 || st[0].State != DoseTaken {
			t.Errorf("%s: %+v, want taken", name, st)
		}
	}
}

func TestAlertTextPrivateAndNoHousehold(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	dad := addPerson(t, v, "Dad")
	addMed(t, v, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(v, dad)
	s.Private, s.AlertAfterMinutes, s.Zone = true, 45, "Europe/London"
	if err := SaveSettings(ctx, v, dad, s); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(8, 44)})
	if err != nil {
		t.Fatal(err)
	}
	if al := m.Alerts(day(8, 44)); len(al) != 0 {
		t.Errorf("alert before the person's 45 minutes: %+v", al)
	}
	al := m.Alerts(day(8, 45))
	if len(al) != 1 || al[0].Text.Title != "No answer yet for Dad's 08:00 medicines" || strings.Contains(al[0].Text.Body, "Metformin") {
		t.Fatalf("private alert: %+v", al)
	}
	// Outside a household the engine raises no caregiver alert (the reminders do the work).
	clk := &fakeClock{now: day(7, 0)}
	n := newRecorder()
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Set(day(9, 0))
	e.Step(ctx)
	for _, msg := range n.take() {
		if strings.Contains(msg.Title, "No answer yet for") {
			t.Errorf("caregiver alert without a household: %q", msg.Title)
		}
	}
}

// A device that may only view a person is not reminded of their doses unless it asks to be.
func TestViewOnlyDeviceAlertsOnly(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	dad := addPerson(t, v, "Dad")
	if m, _ := LoadMode(v, dad); m != ModeRemind {
		t.Errorf("mode %q outside a household", m)
	}
	if err := v.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	if err := v.SetViewOnly(ctx, []string{dad}); err != nil {
		t.Fatal(err)
	}
	if m, _ := LoadMode(v, dad); m != ModeAlerts {
		t.Errorf("mode %q on a view device, want alerts only", m)
	}
	if err := SaveMode(ctx, v, dad, ModeRemind); err != nil {
		t.Fatal(err)
	}
	if m, _ := LoadMode(v, dad); m != ModeRemind {
		t.Errorf("mode %q after choosing remind me too", m)
	}
}

// A caregiver alert already shown is remembered in the vault: an engine restarted on the same
// vault (the app or the daemon started again) neither raises it a second time nor forgets to
// withdraw it once the dose is answered, and forgets it then.
func TestCaregiverAlertRememberedAcrossRestart(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	ref := addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	if err := SaveMode(ctx, b, dad, ModeAlerts); err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{now: day(7, 0)}
	start := func() (*Engine, *recorder) {
		n := newRecorder()
		e := New(b, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return e, n
	}
	step := func(e *Engine, n *recorder, at time.Time) []Message {
		clk.Set(at)
		e.Step(ctx)
		return n.take()
	}
	e, n := start()
	step(e, n, day(8, 0))
	ms := step(e, n, day(8, 30))
	if len(ms) != 1 {
		t.Fatalf("at 08:30: %v", titles(ms))
	}
	tag := ms[0].Tag
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}

	// Restarted: the unanswered dose does not alert again.
	e, n = start()
	if ms := step(e, n, day(8, 40)); len(ms) != 0 {
		t.Fatalf("alerted again after a restart: %v", titles(ms))
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}

	// Answered on Dad's laptop while this device was off: the next start withdraws the alert.
	m, err := Load(ctx, a, LoadOptions{Device: lon, Now: day(8, 45)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, a, m.Medicine(dad, ref), DoseAction{Profile: dad, Ref: ref, Occurrence: "2026-06-01T08:00", Scheduled: day(8, 0), When: day(8, 45)}); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b, &ca)
	e, n = start()
	if ms := step(e, n, day(8, 50)); len(ms) != 0 {
		t.Fatalf("after the answer: %v", titles(ms))
	}
	if len(n.withdrawn) != 1 || n.withdrawn[0] != tag {
		t.Fatalf("withdrawn %v after a restart, want the alert %s", n.withdrawn, tag)
	}
	left := 0
	if err := b.ScanState(ctx, alertPrefix, func(string, []byte) error { left++; return nil }); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d alerts still remembered after they were withdrawn", left)
	}
	// A third start remembers nothing more to withdraw.
	e, n = start()
	step(e, n, day(9, 0))
	if len(n.withdrawn) != 0 {
		t.Fatalf("withdrawn again: %v", n.withdrawn)
	}
}

// An alert on screen when the daemon or the app stops is closed by the one started next once the
// dose is answered: the notification server's id is kept with the remembered alert (Handles).
// Real D-Bus: a private dbus-daemon and a notification server on it.
func TestCaregiverAlertOnScreenWithdrawnAfterRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	addr := notifytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	srv, err := notifytest.NewServer(notifytest.Connect(t, addr), "body")
	if err != nil {
		t.Fatal(err)
	}
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	ref := addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	if err := SaveMode(ctx, b, dad, ModeAlerts); err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{now: day(7, 0)}
	start := func() (*Engine, Notifier) {
		n, err := NewDesktop(ctx)
		if err != nil {
			t.Fatal(err)
		}
		e := New(b, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return e, n
	}
	e, n := start()
	clk.Set(day(8, 0))
	e.Step(ctx)
	clk.Set(day(8, 30))
	e.Step(ctx)
	shown, err := srv.WaitNotify(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
	n.Close() // the process ends; the alert stays on screen

	// Answered on Dad's laptop meanwhile; the next process withdraws the alert on screen.
	m, err := Load(ctx, a, LoadOptions{Device: lon, Now: day(8, 45)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, a, m.Medicine(dad, ref), DoseAction{Profile: dad, Ref: ref, Occurrence: "2026-06-01T08:00", Scheduled: day(8, 0), When: day(8, 45)}); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b, &ca)
	e, n = start()
	defer n.Close()
	clk.Set(day(8, 50))
	e.Step(ctx)
	if err := srv.WaitClosed(ctx, shown[0].ID); err != nil {
		t.Fatalf("the alert on screen (id %d) was not closed after the restart: closed %v", shown[0].ID, srv.ClosedIDs())
	}
}

// A device that may only view a person keeps the reminder settings chosen on it (private, off,
// snooze, name, zone) on itself: they apply there, are not sent to the household (whose
// managing devices would refuse them at every exchange), and the household's alert delay and
// settings still arrive.
func TestViewerSettingsStayOnTheDevice(t *testing.T) {
	ctx := context.Background()
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	var ca uint64
	exchange(t, a, b, &ca)
	if err := b.SetViewOnly(ctx, []string{dad}); err != nil {
		t.Fatal(err)
	}
	_, cb, err := b.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := LoadSettings(b, dad)
	s.Private, s.Off, s.SnoozeMinutes, s.Label, s.Zone = true, true, 5, "Pops", "Europe/Paris"
	s.AlertAfterMinutes = 90 // not the viewer's to change
	if err := SaveSettings(ctx, b, dad, s); err != nil {
		t.Fatalf("a viewer's own settings: %v", err)
	}
	ch, _, err := b.Changes(ctx, cb, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ch {
		t.Errorf("a viewer's settings were logged to be sent: %s", c.Key)
	}
	got, _ := LoadSettings(b, dad)
	if !got.Private || !got.Off || got.SnoozeMinutes != 5 || got.Label != "Pops" || got.Zone != "Europe/Paris" || got.AlertAfterMinutes != 30 {
		t.Errorf("on the viewer: %+v", got)
	}
	// The household changes the alert delay: it arrives, the viewer's own choices stay.
	hs, _ := LoadSettings(a, dad)
	hs.AlertAfterMinutes = 45
	if err := SaveSettings(ctx, a, dad, hs); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b, &ca)
	got, _ = LoadSettings(b, dad)
	if !got.Private || got.Label != "Pops" || got.AlertAfterMinutes != 45 {
		t.Errorf("after the household's change: %+v", got)
	}
	if hs, _ := LoadSettings(a, dad); hs.Private || hs.Label != "" {
		t.Errorf("the manager took the viewer's settings: %+v", hs)
	}
	// Made a manager again, the device follows the household's settings, but for what its
	// notifications are like, which are its own on every device (F449): private, off, "Pops".
	if err := b.SetViewOnly(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadSettings(b, dad); !got.Private || !got.Off || got.Label != "Pops" || got.SnoozeMinutes != 10 || got.AlertAfterMinutes != 45 {
		t.Errorf("managing again: %+v", got)
	}
}

// A held engine (a copy of a household device's vault, until the person says it moved here)
// shows no reminder and no caregiver alert; once the hold ends, a dose still within its window
// is shown.
func TestHeldEngineShowsNothing(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	for _, c := range []struct {
		name string
		v    *storage.Vault
	}{{"the person's device", a}, {"a caregiver's", b}} {
		held := true
		clk := &fakeClock{now: day(7, 0)}
		n := newRecorder()
		e := New(c.v, n, Options{Clock: clk, Device: func() *time.Location { return lon }, Hold: func(*storage.Vault) bool { return held }})
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{day(8, 0), day(8, 30), day(8, 40)} {
			clk.Set(at)
			e.Step(ctx)
			if ms := n.take(); len(ms) != 0 {
				t.Fatalf("%s, held, at %s: %v", c.name, at.Format("15:04"), titles(ms))
			}
		}
		held = false
		clk.Set(day(8, 45))
		e.Step(ctx)
		if ms := n.take(); len(ms) == 0 {
			t.Fatalf("%s after the hold: nothing shown", c.name)
		}
	}
}

// An engine started on a device that may only view a person whose home zone nobody has fixed
// yet does not fix it in the household's settings (the managing devices would refuse the change
// and report it as kept aside at every exchange); it follows this device's zone.
func TestViewerEngineLeavesHouseholdZone(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	var ca uint64
	exchange(t, a, b, &ca)
	if err := b.SetViewOnly(ctx, []string{dad}); err != nil {
		t.Fatal(err)
	}
	_, cb, err := b.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{now: time.Date(2026, 6, 1, 7, 0, 0, 0, lon)}
	e := New(b, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
	ch, _, err := b.Changes(ctx, cb, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ch {
		t.Errorf("the viewer's engine logged a change to be sent: %s", c.Key)
	}
	// The engine of a device that manages Dad fixes his zone.
	e = New(a, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
	if s, _ := LoadSettings(a, dad); s.Zone != "Europe/London" {
		t.Errorf("the manager's engine left the zone %q", s.Zone)
	}
}

// A device removed from its household holds the reminders and caregiver alerts of the people
// the household shares (Options.HoldPeople): a reminder of theirs on screen is withdrawn when
// the removal is learned, and nothing of theirs is shown after; the device's own person is
// reminded and alerted as ever. Before, the removed device went on reminding from its copy.
func TestHeldPeopleOnARemovedDevice(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	if err := v.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad, anna := addPerson(t, v, "Dad"), addPerson(t, v, "Anna")
	for i, p := range []string{dad, anna} {
		addMed(t, v, p, "m"+strconv.Itoa(i), "Metformin 500 mg", twiceDaily)
		s, _ := LoadSettings(v, p)
		s.Zone = "Europe/London"
		if err := SaveSettings(ctx, v, p, s); err != nil {
			t.Fatal(err)
		}
	}
	var held map[string]bool
	clk := &fakeClock{now: day(7, 0)}
	n := newRecorder()
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return lon },
		HoldPeople: func(*storage.Vault) map[string]bool { return held }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Set(day(8, 0))
	e.Step(ctx)
	if ms := n.take(); len(ms) != 2 {
		t.Fatalf("before the removal, at 08:00: %v", titles(ms))
	}
	// The exchange learns the removal: Dad's reminder on screen goes.
	held = map[string]bool{dad: true}
	e.Reload()
	clk.Set(day(8, 1))
	e.Step(ctx)
	if want := "d:" + dad + ":" + strconv.FormatInt(day(8, 0).Unix(), 10); len(n.withdrawn) != 1 || n.withdrawn[0] != want {
		t.Fatalf("withdrawn %v, want Dad's reminder %s", n.withdrawn, want)
	}
	clk.Set(day(8, 40)) // past the alert delay: only Anna's alert
	e.Step(ctx)
	if ms := n.take(); len(ms) != 1 || !strings.HasPrefix(ms[0].Tag, "a:"+anna+":") {
		t.Fatalf("alerts at 08:40: %v", titles(ms))
	}
	clk.Set(day(20, 0))
	e.Step(ctx)
	if ms := n.take(); len(ms) != 1 || !strings.HasPrefix(ms[0].Tag, "d:"+anna+":") {
		t.Fatalf("reminders at 20:00: %v", titles(ms))
	}
	if got := RemovedWords(day(9, 0), []string{"Dad"}, lon); got != "This device was removed from the household on 1 Jun 2026; reminders and alerts for Dad are off here (the household's other devices remind them)." {
		t.Errorf("RemovedWords: %q", got)
	}
	if got := RemovedWords(day(9, 0), []string{"Dad", "Mum", "Lee"}, lon); !strings.Contains(got, "for Dad, Mum and Lee are off") {
		t.Errorf("RemovedWords of three: %q", got)
	}
}

// A person the household no longer shares with this device (storage.Vault.NotShared, set by
// the household after an exchange) is held as on a removed device (Options.HoldPeople, as
// hhvault.HoldPeople gives it: hhvault imports remind, so its part is written here): no
// reminder or alert of theirs here, and a dose answer of theirs refused (it would never leave
// this device); the device's own person, never shared, is reminded as before.
func TestHeldPeopleNoLongerShared(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	if err := v.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad, anna := addPerson(t, v, "Dad"), addPerson(t, v, "Anna")
	for i, p := range []string{dad, anna} {
		addMed(t, v, p, "m"+strconv.Itoa(i), "Metformin 500 mg", twiceDaily)
		s, _ := LoadSettings(v, p)
		s.Zone = "Europe/London"
		if err := SaveSettings(ctx, v, p, s); err != nil {
			t.Fatal(err)
		}
	}
	clk := &fakeClock{now: day(7, 0)}
	n := newRecorder()
	notShared := func(v *storage.Vault) map[string]bool {
		held := map[string]bool{}
		ps, _ := v.Profiles()
		for _, p := range ps {
			if _, ok := v.NotShared(p.ID); ok {
				held[p.ID] = true
			}
		}
		return held
	}
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return lon }, HoldPeople: notShared})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Set(day(8, 0))
	e.Step(ctx)
	if ms := n.take(); len(ms) != 2 {
		t.Fatalf("while shared, at 08:00: %v", titles(ms))
	}
	// An exchange learns that Dad is no longer shared with this device.
	if err := v.SetNotShared(ctx, map[string]time.Time{dad: day(8, 0).UTC()}); err != nil {
		t.Fatal(err)
	}
	e.Reload()
	clk.Set(day(8, 1))
	e.Step(ctx)
	if want := "d:" + dad + ":" + strconv.FormatInt(day(8, 0).Unix(), 10); len(n.withdrawn) != 1 || n.withdrawn[0] != want {
		t.Fatalf("withdrawn %v, want Dad's reminder %s", n.withdrawn, want)
	}
	clk.Set(day(8, 40)) // past the alert delay: only Anna's alert
	e.Step(ctx)
	if ms := n.take(); len(ms) != 1 || !strings.HasPrefix(ms[0].Tag, "a:"+anna+":") {
		t.Fatalf("alerts at 08:40: %v", titles(ms))
	}
	clk.Set(day(20, 0))
	e.Step(ctx)
	if ms := n.take(); len(ms) != 1 || !strings.HasPrefix(ms[0].Tag, "d:"+anna+":") {
		t.Fatalf("reminders at 20:00: %v", titles(ms))
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: day(20, 0)})
	if err != nil {
		t.Fatal(err)
	}
	a := DoseAction{Occurrence: "2026-06-01T20:00", Scheduled: day(20, 0), When: day(20, 5)}
	if _, err := RecordDose(ctx, v, m.Medicine(dad, "MedicationRequest/m0"), a); !errors.Is(err, storage.ErrNotShared) {
		t.Errorf("a dose of Dad's answered here: %v, want ErrNotShared", err)
	}
	if _, err := RecordDose(ctx, v, m.Medicine(anna, "MedicationRequest/m1"), a); err != nil {
		t.Errorf("a dose of Anna's, never shared: %v", err)
	}
	// Deleting Dad from this computer is allowed (it stays here too).
	if _, err := v.DeleteProfile(ctx, dad); err != nil {
		t.Errorf("deleting a person no longer shared: %v", err)
	}
	if got := NotSharedWords("Dad", day(9, 0), lon); got != "Dad is no longer shared with this computer (since 1 Jun 2026): what is here is as it was then; answers, changes, reminders and alerts for them are off here." {
		t.Errorf("NotSharedWords: %q", got)
	}
}
