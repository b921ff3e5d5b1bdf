package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"carekeeper/internal/remind"
	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// tickAfter is the locked watch's timer in tests: each round waits for a tick the test sends.
// A send returns once the watch waits again, so the round before it has finished.
type tickAfter chan time.Time

func (c tickAfter) after(time.Duration) (<-chan time.Time, func()) { return c, func() {} }

// F558: Grandad's tablet follows Dad only to be alerted if a dose is missed, and is locked
// (the idle lock) when Dad's 08:00 dose goes unanswered: the locked app raises "No answer yet
// for Dad's 08:00 medicines" at 08:30 in a locked computer's words, and withdraws it when
// Dad's laptop answers, read from the household's folder while still locked. After the unlock
// it is not raised again.
func TestLockedApp_CaregiverAlertComesAndGoesWithTheHouseholdsAnswer(t *testing.T) {
	ctx := context.Background()
	rig := newRemindRig(t, at(7, 0), medFixture{"Dad", "m1", "Metformin 500 mg", twiceDaily})
	u, dad := rig.u, rig.people["Dad"]
	// The tablet makes the household in a shared folder; Dad's laptop joins it.
	cfg := hhvault.Config{Folder: t.TempDir()}
	ht, err := hhvault.Create(ctx, u.vault, cfg, nil, "Home", "Tablet", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := ht.Invite(ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	laptop, _ := testvault.Open(t, storage.Options{})
	hlap := joinHousehold(ctx, t, u.vault, ht, cfg, laptop, code, "Laptop")
	for range 2 {
		if _, err := hhvault.Exchange(ctx, u.vault, ht, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := hhvault.Exchange(ctx, laptop, hlap, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := laptop.Profile(dad); err != nil {
		t.Fatalf("Dad did not reach the laptop: %v", err)
	}
	// The tablet only wants alerts for Dad.
	if err := remind.SaveMode(ctx, u.vault, dad, remind.ModeAlerts); err != nil {
		t.Fatal(err)
	}
	u.rem.reload()
	rig.advance(at(7, 5))
	ticks := make(tickAfter)
	u.rem.watchOpts = hhvault.RunOptions{After: ticks.after}
	backgroundSync = true // this lock's watch only (the tests drive exchanges themselves)
	u.lock()
	backgroundSync = false
	u.idle()
	<-u.released
	ticks <- time.Time{} // the first round: nothing new
	rig.advance(at(8, 29))
	if ms := rig.n.messages(); len(ms) != 0 {
		t.Fatalf("before 08:30: %+v", ms)
	}
	rig.advance(at(8, 30))
	ms := rig.n.messages()
	if len(ms) != 1 || ms[0].Title != "No answer yet for Dad's 08:00 medicines" || strings.Contains(ms[0].Title+ms[0].Body, "Metformin") {
		t.Fatalf("locked at 08:30: %+v, want the alert in a locked computer's words", ms)
	}
	tag := ms[0].Tag
	// Dad answers on his laptop at 08:32, which sends it to the folder.
	answerOnLaptop(ctx, t, laptop, hlap, dad, at(8, 0), at(8, 32))
	ticks <- time.Time{} // the round that reads it
	ticks <- time.Time{} // returns once that round is over
	if !slices.Contains(rig.n.withdrawnTags(), tag) {
		t.Fatalf("withdrawn %v, want the alert %s", rig.n.withdrawnTags(), tag)
	}
	// Unlocked: not raised again, though the tablet's exchange has not run yet.
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatal("not unlocked")
	}
	rig.advance(at(8, 35))
	if ms := rig.n.messages(); len(ms) != 1 {
		t.Fatalf("after the unlock: %+v", ms[1:])
	}
}

// answerOnLaptop records Dad's dose due at due as taken at when on the laptop's vault and sends
// it to the household's folder, as his laptop answering it would.
func answerOnLaptop(ctx context.Context, t *testing.T, laptop *storage.Vault, hlap *household.Household, dad string, due, when time.Time) {
	t.Helper()
	m, err := remind.Load(ctx, laptop, remind.LoadOptions{Device: time.UTC, Now: when})
	if err != nil {
		t.Fatal(err)
	}
	var dose remind.Reminder
	for _, r := range m.Reminders(dad, due, due.Add(time.Minute), when) {
		if r.Kind == remind.KindDose {
			dose = r
		}
	}
	if dose.Med == nil {
		t.Fatal("the laptop has no dose of Dad's at that time")
	}
	if _, err := remind.RecordDose(ctx, laptop, dose.Med, remind.DoseAction{Profile: dad, Ref: dose.Med.Ref, Occurrence: dose.Occurrence, Scheduled: due, When: when}); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(ctx, laptop, hlap, time.Now()); err != nil {
		t.Fatal(err)
	}
}

// withdrawnTags are the tags of the notifications withdrawn so far.
func (n *fakeNotifier) withdrawnTags() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.withdrawn)
}
