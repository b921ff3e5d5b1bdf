package remind

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// lockedCarer is F558's set-up: Dad's laptop (a) manages Dad, whose 08:00 and 20:00 Metformin
// it reminds; Anna's computer (b), in the same household, follows him for alerts only and is
// locked at 07:10 (the idle lock). It returns b's engine, locked, and a step on its clock.
func lockedCarer(t *testing.T) (a, b *storage.Vault, dad, ref string, e *Engine, n *recorder, step func(time.Time) []Message, day func(h, m int) time.Time) {
	t.Helper()
	a, b, dad, ref, e, n, step, day, _ = lockedOn(t, true)
	return
}

// dadAnswers records Dad's answer to his 08:00 dose on a, and returns a's changes since its
// start: what b reads from the household's folder while locked.
func dadAnswers(t *testing.T, a *storage.Vault, dad, ref string, at time.Time, skip bool) []storage.Change {
	t.Helper()
	ctx := context.Background()
	m, err := Load(ctx, a, LoadOptions{Device: at.Location(), Now: at})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 6, 1, 8, 0, 0, 0, at.Location())
	if _, err := RecordDose(ctx, a, m.Medicine(dad, ref), DoseAction{Profile: dad, Ref: ref, Occurrence: "2026-06-01T08:00", Scheduled: due, When: at, Skip: skip}); err != nil {
		t.Fatal(err)
	}
	ch, _, err := a.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// F558: Anna's computer, locked, still raises the alert for Dad's unanswered 08:00 dose at
// 08:30, in the words a locked computer shows (no medicine's name); Dad's answer, read from the
// household while locked, withdraws it at once, and after the unlock it is neither raised again
// nor remembered as shown.
func TestLockedCarerAlertRaisedAndWithdrawnByTheHouseholdsAnswer(t *testing.T) {
	ctx := context.Background()
	a, b, dad, ref, e, n, step, day := lockedCarer(t)
	if ms := step(day(8, 29)); len(ms) != 0 {
		t.Fatalf("alerted early: %+v", ms)
	}
	ms := step(day(8, 30))
	if len(ms) != 1 || ms[0].Title != "No answer yet for Dad's 08:00 medicines" || strings.Contains(ms[0].Title+ms[0].Body, "Metformin") {
		t.Fatalf("locked at 08:30: %+v, want the private alert", ms)
	}
	tag := ms[0].Tag
	if ms := step(day(8, 31)); len(ms) != 0 {
		t.Fatalf("alerted twice: %+v", ms)
	}
	e.HeardAnswers(ctx, dadAnswers(t, a, dad, ref, day(8, 32), false))
	if !slices.Equal(n.withdrawn, []string{tag}) {
		t.Fatalf("withdrawn %v, want the alert %s", n.withdrawn, tag)
	}
	if err := e.Unlock(ctx, b); err != nil {
		t.Fatal(err)
	}
	// The answer itself is not in b's vault yet (the exchange after the unlock brings it).
	if ms := step(day(8, 33)); len(ms) != 0 {
		t.Fatalf("after the unlock: %+v", ms)
	}
	if _, err := b.GetState(alertKey(tag)); err == nil {
		t.Fatalf("the alert withdrawn while locked is still remembered as shown")
	}
}

// An answer heard before the alert's time (skipped counts: it is an answer) keeps it from
// coming; the evening dose, unanswered, still alerts at 20:30.
func TestLockedCarerNoAlertForADoseAnsweredElsewhere(t *testing.T) {
	ctx := context.Background()
	a, _, dad, ref, e, _, step, day := lockedCarer(t)
	e.HeardAnswers(ctx, dadAnswers(t, a, dad, ref, day(8, 10), true))
	if ms := step(day(8, 30)); len(ms) != 0 {
		t.Fatalf("alerted for a dose answered elsewhere: %+v", ms)
	}
	if ms := step(day(20, 30)); len(ms) != 1 || ms[0].Title != "No answer yet for Dad's 20:00 medicines" {
		t.Fatalf("at 20:30: %+v", ms)
	}
}

// An alert raised while locked and still unanswered at the unlock is remembered as shown: the
// unlocked engine neither raises it twice nor forgets to withdraw it when the answer arrives.
func TestLockedCarerAlertShownIsWithdrawnAfterTheUnlock(t *testing.T) {
	ctx := context.Background()
	a, b, dad, ref, e, n, step, day := lockedCarer(t)
	ms := step(day(8, 30))
	if len(ms) != 1 {
		t.Fatalf("locked at 08:30: %+v", ms)
	}
	tag := ms[0].Tag
	if err := e.Unlock(ctx, b); err != nil {
		t.Fatal(err)
	}
	if ms := step(day(8, 35)); len(ms) != 0 {
		t.Fatalf("raised again after the unlock: %+v", ms)
	}
	dadAnswers(t, a, dad, ref, day(8, 40), false)
	var ca uint64
	exchange(t, a, b, &ca)
	e.Reload()
	step(day(8, 41))
	if !slices.Equal(n.withdrawn, []string{tag}) {
		t.Fatalf("withdrawn %v, want the alert %s", n.withdrawn, tag)
	}
}

// BenchmarkLockAlerts: what Lock adds in a household for the locked caregiver alerts of 5
// people × 15 medicines over LockHorizon (every dose unanswered).
func BenchmarkLockAlerts(b *testing.B) {
	ctx := context.Background()
	v := benchVault(b, 5, 15)
	if err := v.StartChanges(ctx, "dev-b"); err != nil {
		b.Fatal(err)
	}
	lon := mustLoc(b, "Europe/London")
	clk := &fakeClock{now: time.Date(2026, 6, 1, 12, 0, 0, 0, lon)}
	e := New(v, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		e.mu.Lock()
		n = len(e.lockAlerts(clk.now))
		e.mu.Unlock()
	}
	b.ReportMetric(float64(n), "alerts")
}

// F567 item 5: a dose reminder shown while the vault was locked, in a locked computer's words,
// gets its full words at the unlock, in place (same tag), while unanswered; not one answered
// on its notification while locked.
func TestUnlockGivesTheLockedReminderItsFullWords(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	v := r.e.v
	r.clk.Set(day(7, 30))
	r.e.Lock(context.Background())
	ms := r.at(day(8, 0))
	if len(ms) != 1 || strings.Contains(ms[0].Title+ms[0].Body, "Metformin") {
		t.Fatalf("locked at 08:00: %v", titles(ms))
	}
	r.clk.Set(day(8, 5))
	if err := r.e.Unlock(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	got := r.n.take()
	if len(got) != 1 || got[0].Tag != ms[0].Tag || !strings.Contains(got[0].Title, "Metformin") || len(got[0].Actions) == 0 {
		t.Fatalf("at the unlock: %+v, want the reminder again with its medicine's name", got)
	}
	// Answered on the notification while locked: nothing at the unlock.
	r.clk.Set(day(19, 30))
	r.e.Lock(context.Background())
	r.n.take() // the 08:00 reminder, still on screen, given its locked words again (F390)
	ms = r.at(day(20, 0))
	if len(ms) != 1 {
		t.Fatalf("locked at 20:00: %v", titles(ms))
	}
	r.e.HandleEvent(context.Background(), Event{Tag: ms[0].Tag, Action: "taken"})
	r.clk.Set(day(20, 5))
	if err := r.e.Unlock(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	if got := r.n.take(); len(got) != 0 {
		t.Fatalf("after an answer given while locked: %+v", got)
	}
}
