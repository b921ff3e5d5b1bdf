package remind

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"carekeeper/storage"
)

// Caregiver alerts while the vault is locked (F558). A caregiver's computer is locked most of
// the time (the idle lock is the default), and an alert that waits for the unlock is no alert.
// At Lock the engine keeps, in memory only, the alerts that may come in the next LockHorizon
// — each with its time, its private-mode words (the person's notification name and "19:00
// medicines", never a medicine's name) and the opaque state keys of the doses it waits an
// answer for — and the alerts already on screen. While locked it raises each one at its time
// unless every dose in it was answered: here (an answer given on a notification), or on
// another device of the household, whose answers the app reads without the vault key
// (hhvault.Watch) and gives to HeardAnswers; an alert on screen is withdrawn as soon as they
// come. An answer heard and then undone while still locked — its record removed, or marked
// deleted, on another device — makes its dose unanswered again: an alert withdrawn for it comes
// back while still due (it stayed away until the unlock). A person heard deleted gets none.
// What was shown and withdrawn is remembered at Unlock, as the unlocked engine does.

// lockedAlert is one caregiver alert a locked engine raises at At unless answered.
type lockedAlert struct {
	At      time.Time // when it is raised
	Until   time.Time // after this it is not raised (AlertWindow after the doses' time)
	Tag     string
	Profile string
	Text    Text     // private-mode words
	keys    []string // state keys of its doses (opaque: person id, medicine key, occurrence)
	// onScreen: shown before the lock (remembered in the vault already); shown: shown while
	// locked; gone: withdrawn while locked; byAnswer: withdrawn as its doses were answered
	// (raised again if an answer is undone while it is still due).
	onScreen, shown, gone, byAnswer bool
}

// lockAlerts lists the caregiver alerts of the next LockHorizon, from now (e.mu held, the
// vault still open): none outside a household or on a held vault.
func (e *Engine) lockAlerts(now time.Time) []*lockedAlert {
	if e.v == nil || e.v.Device() == "" || (e.opt.Hold != nil && e.opt.Hold(e.v)) {
		return nil
	}
	m := e.model
	// One pass over the doses of the window, with alerts' own rules (alerts.go); a dose still
	// to come is unanswered so far. An alert already due is raised now.
	byTag := map[string]*lockedAlert{}
	var out []*lockedAlert
	for _, ds := range m.doseStates(e.states, "", now.Add(-AlertWindow), now.Add(LockHorizon), now) {
		p := m.person[ds.Profile]
		if p == nil || p.Deceased || p.Mode == ModeOff || p.Held || !ds.Med.Taking || ds.Early || ds.notHere ||
			ds.State == DoseTaken || ds.State == DoseSkipped || !now.Before(ds.Due.Add(AlertWindow)) {
			continue
		}
		tag := "a:" + ds.Profile + ":" + strconv.FormatInt(ds.Due.Unix(), 10)
		a := byTag[tag]
		if a == nil {
			at := ds.Due.Add(time.Duration(p.Settings.AlertAfterMinutes) * time.Minute)
			if at.Before(now) {
				at = now
			}
			a = &lockedAlert{At: at, Until: ds.Due.Add(AlertWindow), Tag: tag, Profile: ds.Profile, onScreen: e.alerts[tag],
				Text: alertText(p, &Alert{Profile: ds.Profile, Person: p.Name, Due: ds.Due}, true)}
			byTag[tag] = a
			out = append(out, a)
		}
		a.keys = append(a.keys, ds.StateKey())
	}
	seen := map[string]bool{}
	for _, a := range out {
		seen[a.Tag] = true
	}
	// Shown and no longer due (answered since, or too old) stay on screen until the next step:
	// withdrawn by the first locked step.
	for tag := range e.alerts {
		if !seen[tag] {
			out = append(out, &lockedAlert{At: now, Tag: tag, onScreen: true, Until: now})
		}
	}
	return out
}

// heardDoses are the state keys of the doses heard answered while locked (and not undone).
func (ls *lockedState) heardDoses() map[string]bool {
	out := map[string]bool{}
	for _, k := range ls.heard {
		out[k] = true
	}
	return out
}

// heardAll reports whether every dose of keys was heard answered while locked.
func (e *Engine) heardAll(keys []string) bool {
	heard := e.heard
	if e.locked != nil {
		heard = e.locked.heardDoses()
	}
	if len(keys) == 0 || len(heard) == 0 {
		return false
	}
	for _, k := range keys {
		if !heard[k] {
			return false
		}
	}
	return true
}

// answeredHere reports whether every dose of a were answered on a notification while locked.
func (ls *lockedState) answeredHere(a *lockedAlert) bool {
	if len(a.keys) == 0 {
		return false
	}
	here := map[string]bool{}
	for _, ans := range ls.answers {
		if ans.Action != "taken" {
			continue // snoozed: not an answer
		}
		for _, k := range ls.shown[ans.Tag] {
			here[k] = true
		}
	}
	for _, k := range a.keys {
		if !here[k] {
			return false
		}
	}
	return true
}

// stepLockedAlerts raises the locked alerts due at now and withdraws those answered (e.mu held).
func (e *Engine) stepLockedAlerts(ctx context.Context, now time.Time) {
	ls := e.locked
	for _, a := range ls.alerts {
		answered := e.heardAll(a.keys) || ls.answeredHere(a)
		gonePerson := a.Profile != "" && ls.goneHeard[a.Profile]
		if a.gone {
			// Withdrawn for an answer heard, which was undone since (F558): back while due.
			if a.byAnswer && !answered && !gonePerson && !now.Before(a.At) && now.Before(a.Until) {
				if err := e.n.Send(ctx, Message{Tag: a.Tag, Title: a.Text.Title, Body: a.Text.Body}); err != nil {
					e.opt.Logf("reminders: notification failed: %v", err)
					continue
				}
				a.gone, a.byAnswer, a.shown = false, false, true
			}
			continue
		}
		visible := a.onScreen || a.shown
		switch {
		case visible && (answered || gonePerson || (a.keys == nil && !now.Before(a.Until))):
			a.gone, a.byAnswer = true, answered && !gonePerson
			if err := e.n.Withdraw(ctx, a.Tag); err != nil {
				e.opt.Logf("reminders: withdrawing a notification failed: %v", err)
			}
		case !visible && !answered && !gonePerson && !now.Before(a.At) && now.Before(a.Until):
			if err := e.n.Send(ctx, Message{Tag: a.Tag, Title: a.Text.Title, Body: a.Text.Body}); err != nil {
				e.opt.Logf("reminders: notification failed: %v", err)
				continue
			}
			a.shown = true
		}
	}
}

// nextAlert is when the next locked alert is due.
func (ls *lockedState) nextAlert() (time.Time, bool) {
	var next time.Time
	for _, a := range ls.alerts {
		if a.gone || a.shown || a.onScreen {
			continue
		}
		if next.IsZero() || a.At.Before(next) {
			next = a.At
		}
	}
	return next, !next.IsZero()
}

// alertOps are what Unlock remembers of the alerts shown and withdrawn while locked.
func (ls *lockedState) alertOps() []storage.StateOp {
	var ops []storage.StateOp
	for _, a := range ls.alerts {
		switch {
		case a.gone:
			ops = append(ops, storage.StateOp{Key: alertKey(a.Tag), Delete: true})
		case a.shown:
			b, _ := json.Marshal(shownAlert{At: a.At.UTC().Format(time.RFC3339)})
			ops = append(ops, storage.StateOp{Key: alertKey(a.Tag), Value: b})
		}
	}
	return ops
}

// HeardAnswers gives a locked engine the dose answers another device of the household sent
// (KindDose changes read from the household's transport, not applied: the vault is locked).
// A caregiver alert whose doses are all answered is not raised, and withdrawn if shown. The
// answers are matched and dropped: only the doses' opaque state keys are kept (by the change's
// key), and the vault gets the answers from the household's exchange after the unlock. A
// change of an answer heard that no longer answers its dose — removed (a tombstone), marked
// deleted, or another dose's now — undoes it: the alert comes back while due. A person's
// deletion (a KindProfile tombstone) withdraws their alerts for good. Unlocked, it does nothing.
func (e *Engine) HeardAnswers(ctx context.Context, changes []storage.Change) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ls := e.locked
	if ls == nil {
		return
	}
	if ls.heard == nil {
		ls.heard = map[string]string{}
	}
	if ls.goneHeard == nil {
		ls.goneHeard = map[string]bool{}
	}
	heard := false
	for _, c := range changes {
		if c.Kind == storage.KindProfile && c.Deleted {
			ls.goneHeard[c.Key], heard = true, true
			continue
		}
		if c.Kind != storage.KindDose {
			continue
		}
		if _, had := ls.heard[c.Key]; had {
			delete(ls.heard, c.Key)
			heard = true
		}
		if k, ok := answerKey(c); ok {
			ls.heard[c.Key], heard = k, true
		}
	}
	if heard {
		e.withdrawHeardReminders(ctx)
		e.stepLockedAlerts(ctx, e.clk.Now())
	}
}

// answerKey is the state key of the dose a household dose change answers: none for a
// tombstone or a record marked deleted (whose answer is undone).
func answerKey(c storage.Change) (string, bool) {
	if c.Kind != storage.KindDose || c.Deleted {
		return "", false
	}
	id, ok := storage.ParseRecordKey(c.Key)
	if !ok {
		return "", false
	}
	var v struct {
		Profile  string          `json:"p"`
		Meta     storage.Meta    `json:"m"`
		Resource json.RawMessage `json:"r"`
	}
	if json.Unmarshal(c.Value, &v) != nil || v.Profile == "" || !v.Meta.Deleted.IsZero() {
		return "", false
	}
	d, ok := readDose(&storage.Record{ID: id, Profile: v.Profile, Resource: v.Resource})
	if !ok || d.Occurrence == "" {
		return "", false
	}
	return occKey(d.Profile, d.MedKey, d.Occurrence), true
}
