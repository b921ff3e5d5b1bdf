package remind

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// lockedManager is F579's set-up: Dad's laptop (a) and Anna's computer (b) both manage Dad and
// remind his 08:00 and 20:00 Metformin; b is locked at 07:10. It returns b's locked engine, a
// step on its clock, and the household's exchange from a to b (what runs after the unlock).
func lockedManager(t *testing.T) (a, b *storage.Vault, dad, ref string, e *Engine, n *recorder, step func(time.Time) []Message, day func(h, m int) time.Time, toB func()) {
	t.Helper()
	return lockedOn(t, false)
}

// lockedOn is lockedManager's and lockedCarer's set-up: b's engine, locked at 07:10, wanting
// alerts only (a caregiver's) when alertsOnly.
func lockedOn(t *testing.T, alertsOnly bool) (a, b *storage.Vault, dad, ref string, e *Engine, n *recorder, step func(time.Time) []Message, day func(h, m int) time.Time, toB func()) {
	t.Helper()
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day = func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b = openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad = addPerson(t, a, "Dad")
	ref = addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	toB = func() { exchange(t, a, b, &ca) }
	if alertsOnly {
		if err := SaveMode(ctx, b, dad, ModeAlerts); err != nil {
			t.Fatal(err)
		}
	}
	clk := &fakeClock{now: day(7, 0)}
	n = newRecorder()
	e = New(b, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	step = func(at time.Time) []Message {
		clk.Set(at)
		e.Step(ctx)
		return n.take()
	}
	step(day(7, 0))
	clk.Set(day(7, 10))
	e.Lock(ctx)
	return
}

// dadsDose is Dad's 08:00 dose as b's vault holds it.
func dadsDose(t *testing.T, b *storage.Vault, dad string, day func(h, m int) time.Time) DoseStatus {
	t.Helper()
	m, err := Load(context.Background(), b, LoadOptions{Device: day(0, 0).Location(), Now: day(9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range m.DoseStates(dad, day(7, 59), day(8, 1), day(9, 0)) {
		return ds
	}
	t.Fatal("no 08:00 dose")
	return DoseStatus{}
}

// F579: Anna's computer, locked, showed Dad's 08:00 reminder in the locked words; Dad's answer,
// read from the household while locked, withdrew the caregiver alert but left the reminder on
// screen, and its Taken then recorded the dose a second time at the unlock ("given twice").
// Now the answer withdraws the reminder too, and a reminder of a dose answered elsewhere before
// its time is not shown.
func TestLockedReminderWithdrawnByTheHouseholdsAnswer(t *testing.T) {
	ctx := context.Background()
	a, _, dad, ref, e, n, step, day := lockedManagerNoExchange(t)
	ms := step(day(8, 0))
	if len(ms) != 1 || ms[0].Title != "Dad — 08:00 medicines" || !strings.HasPrefix(ms[0].Tag, "d:") {
		t.Fatalf("locked at 08:00: %+v, want the locked reminder", ms)
	}
	tag := ms[0].Tag
	e.HeardAnswers(ctx, dadAnswers(t, a, dad, ref, day(8, 2), false))
	if !slices.Equal(n.withdrawn, []string{tag}) {
		t.Fatalf("withdrawn %v, want the reminder %s", n.withdrawn, tag)
	}
	if ms := step(day(8, 40)); len(ms) != 0 {
		t.Fatalf("after the answer: %+v", ms)
	}

	t.Run("answered before its time", func(t *testing.T) {
		a, b, dad, ref, e, _, step, day := lockedManagerNoExchange(t)
		e.HeardAnswers(ctx, dadAnswers(t, a, dad, ref, day(7, 55), false))
		if ms := step(day(8, 0)); len(ms) != 0 {
			t.Fatalf("reminded of a dose answered elsewhere: %+v", ms)
		}
		if err := e.Unlock(ctx, b); err != nil {
			t.Fatal(err)
		}
		// Unlocked before the exchange brings the answer: not reminded, nor missed.
		if ms := step(day(8, 5)); len(ms) != 0 {
			t.Fatalf("after the unlock: %+v", ms)
		}
		if ms := step(day(20, 0)); len(ms) != 1 || !strings.HasPrefix(ms[0].Title, "Dad — 20:00 medicines") {
			t.Fatalf("at 20:00: %+v", ms)
		}
	})
}

func lockedManagerNoExchange(t *testing.T) (a, b *storage.Vault, dad, ref string, e *Engine, n *recorder, step func(time.Time) []Message, day func(h, m int) time.Time) {
	a, b, dad, ref, e, n, step, day, _ = lockedManager(t)
	return
}

// F579 (the rest): Taken pressed on the locked reminder after the household's answer was read
// (the notification still on screen a moment, or pressed as it was withdrawn) is not recorded
// at the unlock: the dose stays given once, and a notice says why in plain words.
func TestLockedTakenOnADoseAnsweredElsewhereIsNotRecordedTwice(t *testing.T) {
	ctx := context.Background()
	a, b, dad, ref, e, n, step, day, toB := lockedManager(t)
	ms := step(day(8, 0))
	if len(ms) != 1 {
		t.Fatalf("locked at 08:00: %+v", ms)
	}
	tag := ms[0].Tag
	e.HeardAnswers(ctx, dadAnswers(t, a, dad, ref, day(8, 2), false))
	step(day(8, 4))
	e.HandleEvent(ctx, Event{Tag: tag, Action: "taken"})
	if err := e.Unlock(ctx, b); err != nil {
		t.Fatal(err)
	}
	toB() // the household's exchange after the unlock
	if ds := dadsDose(t, b, dad, day); ds.State != DoseTaken || ds.AnsweredBy != "dev-a" || len(ds.Takes) > 1 {
		t.Fatalf("Dad's 08:00 dose: %s by %q, takes %+v; want given once, on Dad's laptop", ds.State, ds.AnsweredBy, ds.Takes)
	}
	ms = n.take()
	if len(ms) != 1 || ms[0].Title != "Dad — 08:00 medicines were already answered on another device" ||
		ms[0].Body != "Taken, pressed here at 08:04 while CareKeeper was locked, was not recorded: Today shows the answer." {
		t.Fatalf("after the unlock: %+v, want the notice", ms)
	}

	t.Run("not answered elsewhere: recorded", func(t *testing.T) {
		_, b, dad, _, e, _, step, day, _ := lockedManager(t)
		ms := step(day(8, 0))
		step(day(8, 4))
		e.HandleEvent(ctx, Event{Tag: ms[0].Tag, Action: "taken"})
		if err := e.Unlock(ctx, b); err != nil {
			t.Fatal(err)
		}
		if ds := dadsDose(t, b, dad, day); ds.State != DoseTaken || ds.AnsweredBy != "" {
			t.Fatalf("Dad's 08:00 dose: %s by %q; want taken here", ds.State, ds.AnsweredBy)
		}
	})
}
