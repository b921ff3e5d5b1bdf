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
// come. What was shown and withdrawn is remembered at Unlock, as the unlocked engine does.

// lockedAlert is one caregiver alert a locked engine raises at At unless answered.
type lockedAlert struct {
	At    time.Time // when it is raised
	Until time.Time // after this it is not raised (AlertWindow after the doses' time)
	Tag   string
	Text  Text     // private-mode words
	keys  []string // state keys of its doses (opaque: person id, medicine key, occurrence)
	// onScreen: shown before the lock (remembered in the vault already); shown: shown while
	// locked; gone: withdrawn while locked.
	onScreen, shown, gone bool
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
			a = &lockedAlert{At: at, Until: ds.Due.Add(AlertWindow), Tag: tag, onScreen: e.alerts[tag],
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

// heardAll reports whether every dose of keys was heard answered while locked.
func (e *Engine) heardAll(keys []string) bool {
	heard := e.heard
	if e.locked != nil {
		heard = e.locked.heard
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
		if a.gone {
			continue
		}
		answered := e.heardAll(a.keys) || ls.answeredHere(a)
		visible := a.onScreen || a.shown
		switch {
		case visible && (answered || (a.keys == nil && !now.Before(a.Until))):
			a.gone = true
			if err := e.n.Withdraw(ctx, a.Tag); err != nil {
				e.opt.Logf("reminders: withdrawing a notification failed: %v", err)
			}
		case !visible && !answered && !now.Before(a.At) && now.Before(a.Until):
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
// answers are matched and dropped: only the doses' opaque state keys are kept, and the vault
// gets the answers from the household's exchange after the unlock. Unlocked, it does nothing.
func (e *Engine) HeardAnswers(ctx context.Context, changes []storage.Change) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ls := e.locked
	if ls == nil {
		return
	}
	heard := false
	for _, c := range changes {
		if k, ok := answerKey(c); ok {
			if ls.heard == nil {
				ls.heard = map[string]bool{}
			}
			ls.heard[k], heard = true, true
		}
	}
	if heard {
		e.stepLockedAlerts(ctx, e.clk.Now())
	}
}

// answerKey is the state key of the dose a household dose change answers.
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
		Resource json.RawMessage `json:"r"`
	}
	if json.Unmarshal(c.Value, &v) != nil || v.Profile == "" {
		return "", false
	}
	d, ok := readDose(&storage.Record{ID: id, Profile: v.Profile, Resource: v.Resource})
	if !ok || d.Occurrence == "" {
		return "", false
	}
	return occKey(d.Profile, d.MedKey, d.Occurrence), true
}
