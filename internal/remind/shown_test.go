package remind

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/notify/notifytest"
	"carekeeper/storage"
)

// A dose reminder on screen when the daemon or the app stops is closed by the one started next
// once the dose is answered on another device of the household: the notification server's id
// is kept with the reminder (Handles), as for caregiver alerts. Before, only alerts kept theirs
// and the reminder stayed on screen. Real D-Bus: a private dbus-daemon and a notification server.
func TestDoseReminderOnScreenWithdrawnAfterRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	addr := notifytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	srv, err := notifytest.NewServer(notifytest.Connect(t, addr), "body", "actions")
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
	shown, err := srv.WaitNotify(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
	n.Close() // the process ends; the reminder stays on screen

	// Taken on Dad's laptop meanwhile; the next process closes the reminder on screen.
	answer(t, a, dad, ref, day(8, 10))
	exchange(t, a, b, &ca)
	e, n = start()
	defer n.Close()
	clk.Set(day(8, 15))
	e.Step(ctx)
	if err := srv.WaitClosed(ctx, shown[0].ID); err != nil {
		t.Fatalf("the reminder on screen (id %d) was not closed after the restart: closed %v", shown[0].ID, srv.ClosedIDs())
	}
	if left := stateKeys(t, b, shownPrefix); len(left) != 0 {
		t.Errorf("%d reminders still remembered after they were withdrawn", len(left))
	}
}

// answer records Dad's 08:00 dose as taken on vault v.
func answer(t *testing.T, v *storage.Vault, profile, ref string, when time.Time) {
	t.Helper()
	ctx := context.Background()
	m, err := Load(ctx, v, LoadOptions{Device: when.Location(), Now: when})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(when.Year(), when.Month(), when.Day(), 8, 0, 0, 0, when.Location())
	if _, err := RecordDose(ctx, v, m.Medicine(profile, ref), DoseAction{Profile: profile, Ref: ref, Occurrence: due.Format("2006-01-02T15:04"), Scheduled: due, When: when}); err != nil {
		t.Fatal(err)
	}
}

// The same with a notifier that keeps no handles, and after the repeats ended: the engine
// started again withdraws the reminder by its tag once the answer arrives, and a reminder whose
// dose is still unanswered stays (remembered) until it is.
func TestDoseReminderWithdrawnAfterRestartByTag(t *testing.T) {
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
	clk := &fakeClock{now: day(7, 0)}
	start := func() (*Engine, *recorder) {
		n := newRecorder()
		e := New(b, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
		if err := e.Start(ctx); err != nil {
			t.Fatal(err)
		}
		return e, n
	}
	e, n := start()
	clk.Set(day(8, 0))
	e.Step(ctx)
	if len(n.take()) != 1 {
		t.Fatal("no reminder at 08:00")
	}
	if err := e.stop(); err != nil {
		t.Fatal(err)
	}
	tag := "d:" + dad + ":" + strconv.FormatInt(day(8, 0).Unix(), 10)
	e, n = start()
	clk.Set(day(9, 30)) // its repeats are over; still unanswered: it stays
	e.Step(ctx)
	if doseTags(n.withdrawn) != nil {
		t.Fatalf("withdrawn before the answer: %v", n.withdrawn)
	}
	answer(t, a, dad, ref, day(9, 40))
	exchange(t, a, b, &ca)
	e.Reload()
	clk.Set(day(9, 45))
	e.Step(ctx)
	if w := doseTags(n.withdrawn); len(w) != 1 || w[0] != tag {
		t.Fatalf("withdrawn %v, want the reminder %s", n.withdrawn, tag)
	}
	e, n = start()
	clk.Set(day(9, 50))
	e.Step(ctx)
	if doseTags(n.withdrawn) != nil {
		t.Fatalf("withdrawn again after another restart: %v", n.withdrawn)
	}
}

// doseTags are the dose reminders' tags among tags (caregiver alerts are "a:…").
func doseTags(tags []string) []string {
	var out []string
	for _, t := range tags {
		if strings.HasPrefix(t, "d:") {
			out = append(out, t)
		}
	}
	return out
}

// Locking the vault gives every notification still on screen its private-mode words at once,
// with the same id (it replaces the shown one): before, Mum's "08:00 medicines: Metformin
// 500 mg" stayed on screen over the unlock screen until it repeated or was answered (F390).
// One the person has closed is not shown again. Real D-Bus: a private bus and a notification
// server.
func TestLockHidesTheDetailsOnScreen(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	addr := notifytest.StartBus(t)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	srv, err := notifytest.NewServer(notifytest.Connect(t, addr), "body", "actions")
	if err != nil {
		t.Fatal(err)
	}
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	mum, dad := addPerson(t, v, "Mum"), addPerson(t, v, "Dad")
	addMed(t, v, mum, "m1", "Metformin 500 mg", twiceDaily)
	addMed(t, v, dad, "m2", "Lisinopril 10 mg", twiceDaily)
	n, err := NewDesktop(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	clk := &fakeClock{now: day(7, 0)}
	e := New(v, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clk.Set(day(8, 0))
	e.Step(ctx)
	shown, err := srv.WaitNotify(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	mumID, dadID := shown[0].ID, shown[1].ID
	if strings.HasPrefix(shown[0].Summary, "Dad") {
		mumID, dadID = dadID, mumID
	}
	for _, s := range shown {
		if !strings.Contains(s.Summary+s.Body, "Metformin") && !strings.Contains(s.Summary+s.Body, "Lisinopril") {
			t.Fatalf("shown unlocked without its medicine: %q / %q", s.Summary, s.Body)
		}
	}
	// Dad's is closed by the person before the lock; the notifier learns it from the server.
	if err := srv.Dismiss(dadID, 2); err != nil {
		t.Fatal(err)
	}
	tag := "d:" + dad + ":" + strconv.FormatInt(day(8, 0).Unix(), 10)
	for n.(Handles).Handle(ctx, tag) != "" {
		if ctx.Err() != nil {
			t.Fatal("the notifier never learned that Dad's reminder was closed")
		}
		time.Sleep(10 * time.Millisecond)
	}

	e.Lock(ctx)
	calls, err := srv.WaitNotify(ctx, 3)
	if err != nil {
		t.Fatalf("nothing replaced the reminder on screen at the lock: %v", err)
	}
	c := calls[2]
	if c.ReplacesID != mumID || c.ID != mumID {
		t.Errorf("the lock's words are notification %d (replacing %d), want Mum's %d replaced", c.ID, c.ReplacesID, mumID)
	}
	if c.Summary != "Mum — 08:00 medicines" || c.Body != "Open CareKeeper for details." {
		t.Errorf("on screen after the lock: %q / %q", c.Summary, c.Body)
	}
	if keys := c.ActionKeys(); !slices.Contains(keys, "taken") || !slices.Contains(keys, "snooze") {
		t.Errorf("the locked reminder lost its buttons: %v", keys)
	}
	if got := srv.Notifications(); len(got) != 3 {
		t.Errorf("%d notifications after the lock, want 3 (Dad's closed one not shown again): %+v", len(got), got[3:])
	}
}
