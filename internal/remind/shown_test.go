package remind

import (
	"context"
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
