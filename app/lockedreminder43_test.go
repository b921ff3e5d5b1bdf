package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"carekeeper/internal/testutil/testvault"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// F579: the tablet manages Dad too (it reminds him) and is locked when his 08:00 reminder
// comes, in a locked computer's words; Dad's laptop answers the dose at 08:02. The locked app
// reads that answer from the household's folder and withdraws the reminder, as it withdraws
// the caregiver alert (F558): left on screen it read as "not given yet", and its Taken gave
// the dose twice.
func TestLockedApp_ReminderGoesWithTheHouseholdsAnswer(t *testing.T) {
	ctx := context.Background()
	rig := newRemindRig(t, at(7, 0), medFixture{"Dad", "m1", "Metformin 500 mg", twiceDaily})
	u, dad := rig.u, rig.people["Dad"]
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
	rig.advance(at(8, 0))
	ms := rig.n.messages()
	if len(ms) != 1 || ms[0].Title != "Dad — 08:00 medicines" {
		t.Fatalf("locked at 08:00: %+v, want the reminder in a locked computer's words", ms)
	}
	tag := ms[0].Tag
	answerOnLaptop(ctx, t, laptop, hlap, dad, at(8, 0), at(8, 2))
	ticks <- time.Time{} // the round that reads it
	ticks <- time.Time{} // returns once that round is over
	if !slices.Contains(rig.n.withdrawnTags(), tag) {
		t.Fatalf("withdrawn %v, want the reminder %s", rig.n.withdrawnTags(), tag)
	}
}
