package remind

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"carekeeper/storage"
)

// LockedFire is one entry of the lock-safe agenda: when, the notification tag, and the
// private-mode text. It holds no medicine names, places or notes.
type LockedFire struct {
	At   time.Time
	Tag  string
	Text Text
	keys []string // state keys of the doses in it (opaque ids; never shown)
	dose bool
}

type lockedAnswer struct {
	Tag, Action string
	At          time.Time
}

type lockedState struct {
	agenda  []LockedFire
	ops     []storage.StateOp // marks to write at unlock
	shown   map[string][]string
	answers []lockedAnswer
}

// LockHorizon is how far ahead the lock-safe agenda reaches.
const LockHorizon = 7 * 24 * time.Hour

// Lock drops every health detail the engine holds and keeps firing from a lock-safe agenda
// with private-mode text. The vault may be closed after Lock returns; call Unlock with the
// reopened vault.
func (e *Engine) Lock() []LockedFire {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clk.Now()
	ls := &lockedState{shown: map[string][]string{}}
	if e.model != nil {
		saved := e.opt.Horizon
		e.opt.Horizon = LockHorizon
		e.buildAgenda(now)
		e.opt.Horizon = saved
		for _, g := range e.groups(e.agenda, now) {
			p := e.model.Person(g.Profile)
			if p != nil && p.Settings.Off {
				continue
			}
			f := LockedFire{At: g.Items[0].At, Tag: g.Tag, Text: notificationText(p, g.Items, true), dose: g.Kind == KindDose}
			for _, it := range g.Items {
				f.keys = append(f.keys, it.StateKey())
			}
			ls.agenda = append(ls.agenda, f)
		}
		for tag, g := range e.active {
			p := e.model.Person(g.Profile)
			g.text = notificationText(p, g.Items, true)
			for _, it := range g.Items {
				ls.shown[tag] = append(ls.shown[tag], it.StateKey())
				g.Items = nil
			}
		}
	}
	e.locked, e.v, e.model, e.agenda = ls, nil, nil, nil
	out := make([]LockedFire, len(ls.agenda))
	copy(out, ls.agenda)
	return out
}

func (e *Engine) stepLocked(ctx context.Context, now time.Time) time.Time {
	ls := e.locked
	n := 0
	var missed int
	for n < len(ls.agenda) && !ls.agenda[n].At.After(now) {
		f := ls.agenda[n]
		n++
		late := now.Sub(f.At) > e.opt.Grace
		for _, k := range f.keys {
			st := occState{Status: StatusNotified, Due: f.At.UTC(), Notified: now.UTC()}
			if !f.dose {
				ls.ops = append(ls.ops, storage.StateOp{Key: k, Value: []byte(now.UTC().Format(time.RFC3339))})
				continue
			}
			if late {
				st.Status, st.Notified = StatusMissed, time.Time{}
			}
			b, _ := json.Marshal(st)
			ls.ops = append(ls.ops, storage.StateOp{Key: k, Value: b})
		}
		if late && f.dose {
			missed += len(f.keys)
			continue
		}
		msg := Message{Tag: f.Tag, Title: f.Text.Title, Body: f.Text.Body}
		if f.dose {
			msg.Actions = []Action{{Key: "taken", Label: "Taken"}, {Key: "snooze", Label: "Snooze"}}
			ls.shown[f.Tag] = f.keys
		}
		if err := e.n.Send(ctx, msg); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		}
	}
	ls.agenda = ls.agenda[n:]
	if missed > 0 {
		t := missedText(missed)
		_ = e.n.Send(ctx, Message{Tag: "missed", Title: t.Title, Body: t.Body})
	}
	e.checked = now
	e.repeat(ctx, now)
	return e.next(now)
}

// Unlock gives the engine the reopened vault: it writes what was shown while locked, applies
// the answers given on notifications meanwhile (Taken at the time it was pressed; Snooze from
// then), and reloads every detail.
func (e *Engine) Unlock(ctx context.Context, v *storage.Vault) error {
	e.mu.Lock()
	ls := e.locked
	if ls == nil {
		e.mu.Unlock()
		return errors.New("the engine is not locked")
	}
	e.v, e.locked = v, nil
	ops := append(ls.ops, storage.StateOp{Key: watermarkKey, Value: []byte(e.checked.UTC().Format(time.RFC3339Nano))})
	var err error
	if err = v.UpdateState(ctx, ops...); err == nil {
		err = e.start(ctx)
	}
	e.mu.Unlock()
	if err != nil {
		return err
	}
	var errs []error
	for _, a := range ls.answers {
		for _, k := range ls.shown[a.Tag] {
			e.mu.Lock()
			r, ok := e.reminderFor(k, e.states[k])
			e.mu.Unlock()
			if !ok {
				continue
			}
			if a.Action == "taken" {
				errs = append(errs, e.Take(ctx, r, a.At))
			} else {
				errs = append(errs, e.Snooze(ctx, r))
			}
		}
	}
	e.wake()
	return errors.Join(errs...)
}
