package remind

import (
	"context"
	"maps"
	"slices"
	"time"

	"carekeeper/internal/health"
)

// Dose reminders while locked, answered on another device (F579). A locked computer reads the
// household's dose answers (HeardAnswers) to withdraw its caregiver alerts; a dose reminder
// on its screen whose doses were all answered there is withdrawn the same way, and one not yet
// shown is not shown: left on screen it reads as "not given yet", and its Taken would give the
// dose twice. A Taken pressed while locked on a dose heard answered is not recorded at the
// unlock (Unlock), and a notice says so.

// withdrawHeardReminders withdraws the dose reminders on screen whose doses were all heard
// answered while locked (e.mu held). An answer undone afterwards does not bring it back: the
// unlocked engine reminds again if the dose is unanswered then.
func (e *Engine) withdrawHeardReminders(ctx context.Context) {
	ls := e.locked
	if ls == nil || len(ls.heard) == 0 {
		return
	}
	for _, tag := range slices.Sorted(maps.Keys(ls.shown)) {
		if ls.withdrawn[tag] || !e.heardAll(ls.shown[tag]) {
			continue
		}
		if ls.withdrawn == nil {
			ls.withdrawn = map[string]bool{}
		}
		ls.withdrawn[tag] = true
		if err := e.n.Withdraw(ctx, tag); err != nil {
			e.opt.Logf("reminders: withdrawing a notification failed: %v", err)
		}
	}
}

// notRecordedAgain says, after the unlock, that a Taken pressed at at while locked was not
// recorded for rs, doses another device had answered: "Dad — 08:00 medicines were already
// answered on another device" / "Taken, pressed here at 08:04 while CareKeeper was locked, was
// not recorded: Today shows the answer." Only the person's notification name and the time, as a reminder says.
func (e *Engine) notRecordedAgain(ctx context.Context, rs []Reminder, at time.Time) {
	if len(rs) == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return
	}
	p := e.model.Person(rs[0].Profile)
	if p == nil {
		return
	}
	z := Zone{Loc: p.Loc, Device: p.device}.orLocal()
	name := p.notifyName(p.Settings.Private)
	if name == "" {
		name = "CareKeeper"
	}
	m := Message{
		Tag:   "again:" + rs[0].Profile + ":" + at.UTC().Format(time.RFC3339),
		Title: name + " — " + z.ClockHere(rs[0].Due) + " medicines were already answered on another device",
		Body:  "Taken, pressed here at " + health.WallClock(at, z.Device) + " while CareKeeper was locked, was not recorded: Today shows the answer.",
	}
	if err := e.n.Send(ctx, m); err != nil {
		e.opt.Logf("reminders: notification failed: %v", err)
	}
}
