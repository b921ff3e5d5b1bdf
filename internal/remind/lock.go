package remind

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/atomicfile"
	"carekeeper/internal/inputfile"
	"carekeeper/internal/machine"
	"carekeeper/storage"
)

// LockedFire is one entry of the lock-safe agenda: when, the notification tag, and the
// private-mode text. It holds no medicine names, places or notes.
type LockedFire struct {
	At   time.Time
	Tag  string
	Text Text
	// Until ends the due window of the doses in it: found later than this (the device was off),
	// they are missed; before, they are shown.
	Until time.Time
	keys  []string // state keys of the doses in it (opaque ids; never shown)
	dose  bool
	ask   bool // a dose in it asks its amount: no Taken button (F526)
}

type lockedAnswer struct {
	Tag, Action string
	At          time.Time
}

type lockedState struct {
	cold    bool // started from a saved agenda, without ever having the vault in this process
	agenda  []LockedFire
	ops     []storage.StateOp // marks to write at unlock
	shown   map[string][]string
	answers []lockedAnswer
	// alerts are the caregiver alerts to raise while locked, heard the dose answers from the
	// household heard meanwhile (lockedalerts42.go, F558): by the answer's change key, the
	// state key of the dose it answers. goneHeard are the people whose deletion was heard.
	alerts    []*lockedAlert
	heard     map[string]string
	goneHeard map[string]bool
	// withdrawn are the dose reminders on screen withdrawn as the household's answers for all
	// their doses were heard (F579).
	withdrawn map[string]bool
}

// LockHorizon is how far ahead the lock-safe agenda reaches.
const LockHorizon = 7 * 24 * time.Hour

// Lock drops every health detail the engine holds and keeps firing from a lock-safe agenda
// with private-mode text; the notifications on screen are given their private-mode words
// too. The vault may be closed after Lock returns; call Unlock with the reopened vault.
func (e *Engine) Lock(ctx context.Context) []LockedFire {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.hideDetails(ctx)
	now := e.clk.Now()
	ls := &lockedState{shown: map[string][]string{}, heard: map[string]string{}, goneHeard: map[string]bool{}}
	if e.model != nil {
		ls.agenda = e.lockAgenda(now)
		ls.alerts = e.lockAlerts(now)
		for tag, g := range e.active {
			p := e.model.Person(g.Profile)
			g.text = notificationText(p, g.Items, true)
			g.keys = nil
			for _, it := range g.Items {
				g.keys = append(g.keys, it.StateKey())
			}
			ls.shown[tag] = g.keys
			g.Items = nil // rebuilt from the keys at Unlock (reload)
		}
	}
	e.locked, e.v, e.model, e.agenda = ls, nil, nil, nil
	out := make([]LockedFire, len(ls.agenda))
	copy(out, ls.agenda)
	return out
}

// LockSafeAgenda is what Lock would keep, without locking: for saving with SaveAgenda when the
// app or the daemon stops. A reload asked for and not yet done (Reload: the household just
// learned this device was removed, and the daemon stops before its next step) is done first,
// so the saved agenda does not remind people held since.
func (e *Engine) LockSafeAgenda() []LockedFire {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		if e.locked != nil {
			return append([]LockedFire(nil), e.locked.agenda...)
		}
		return nil
	}
	if e.dirty {
		if err := e.reload(context.Background(), e.clk.Now()); err != nil {
			e.opt.Logf("reminders: %v", err)
		}
	}
	agenda := e.lockAgenda(e.clk.Now())
	e.buildAgenda(e.clk.Now()) // back to the engine's own horizon
	return agenda
}

// lockAgenda builds the lock-safe agenda for the next LockHorizon (e.mu held). It replaces
// e.agenda with the long one; callers rebuild or drop it.
func (e *Engine) lockAgenda(now time.Time) []LockedFire {
	saved := e.opt.Horizon
	e.opt.Horizon = LockHorizon
	e.buildAgenda(now)
	e.opt.Horizon = saved
	var out []LockedFire
	for _, g := range e.groups(e.agenda, now) {
		p := e.model.Person(g.Profile)
		if p != nil && p.Settings.Off {
			continue
		}
		ask := g.Kind == KindDose && groupAsksAmount(g)
		f := LockedFire{At: g.Items[0].At, Tag: g.Tag, Text: withAsk(notificationText(p, g.Items, true), ask), dose: g.Kind == KindDose, ask: ask}
		for _, it := range g.Items {
			f.keys = append(f.keys, it.StateKey())
			if it.Kind == KindDose {
				if until, _ := e.model.window(it.Med, it.At); f.Until.IsZero() || until.Before(f.Until) {
					f.Until = until
				}
			}
		}
		out = append(out, f)
	}
	return out
}

func (e *Engine) stepLocked(ctx context.Context, now time.Time) time.Time {
	ls := e.locked
	n := 0
	var missed int
	for n < len(ls.agenda) && !ls.agenda[n].At.After(now) {
		f := ls.agenda[n]
		n++
		if f.dose && e.heardAll(f.keys) {
			continue // answered on another device, heard while locked (F579): not reminded
		}
		late := now.Sub(f.At) > e.opt.Grace
		if f.dose && !f.Until.IsZero() {
			late = !now.Before(f.Until)
		}
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
			msg.Actions = actionsFor(f.ask)
			ls.shown[f.Tag] = f.keys
		}
		if err := e.n.Send(ctx, msg); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		} else if f.dose && len(f.keys) > 0 {
			// Remembered at unlock, so it is withdrawn once answered (engine.go, shownDose); a
			// cold engine's saved agenda holds no keys: its answers are matched by tag.
			d := shownDose{At: now.UTC(), Keys: f.keys}
			if h, ok := e.n.(Handles); ok {
				d.Handle = h.Handle(ctx, f.Tag)
			}
			b, _ := json.Marshal(d)
			ls.ops = append(ls.ops, storage.StateOp{Key: shownPrefix + f.Tag, Value: b})
		}
	}
	ls.agenda = ls.agenda[n:]
	if missed > 0 {
		t := missedText(missed)
		_ = e.n.Send(ctx, Message{Tag: "missed", Title: t.Title, Body: t.Body})
	}
	e.checked = now
	e.repeat(ctx, now)
	e.withdrawHeardReminders(ctx)
	e.stepLockedAlerts(ctx, now)
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
	ops := append(ls.ops, ls.alertOps()...)
	e.heard = ls.heardDoses()
	if !ls.cold {
		// A cold engine marked nothing: what it showed is still unanswered in the vault, and the
		// first step finds it as missed while away (never dropped) unless answered below.
		ops = append(ops, storage.StateOp{Key: watermarkKey, Value: []byte(e.checked.UTC().Format(time.RFC3339Nano))})
	}
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
		if ls.cold {
			errs = append(errs, e.answerByTag(ctx, a))
			continue
		}
		var already []Reminder
		for _, k := range ls.shown[a.Tag] {
			e.mu.Lock()
			r, ok := e.reminderFor(k, e.states[k])
			e.mu.Unlock()
			if !ok {
				continue
			}
			if e.heard[k] {
				// Answered on another device, heard while locked; the exchange brings that
				// answer. Recording this one too would give the dose twice (F579).
				if a.Action == "taken" {
					already = append(already, r)
				}
				continue
			}
			if a.Action == "taken" && asksAmount(r) {
				continue // left to answer in the app, which asks how much (F526)
			}
			if a.Action == "taken" {
				errs = append(errs, e.Take(ctx, r, a.At))
			} else {
				errs = append(errs, e.Snooze(ctx, r))
			}
		}
		e.notRecordedAgain(ctx, already, a.At)
	}
	if !ls.cold {
		e.fullWords(ctx, ls.shown)
	}
	e.wake()
	return errors.Join(errs...)
}

// AgendaFile is the lock-safe agenda saved beside the vault, so reminders fire after a restart
// before the first unlock. It holds exactly what locked notifications show — the time and the
// private text ("Mum — 08:00 medicines") — and opaque tags: no medicine names, places, notes or
// record contents.
const AgendaFile = "reminders-locked.json"

// maxAgenda bounds the agenda read (a few days of reminders: kilobytes).
const maxAgenda = 32 << 20

type savedFire struct {
	At    time.Time `json:"at"`
	Tag   string    `json:"tag"`
	Title string    `json:"title"`
	Body  string    `json:"body,omitempty"`
	Dose  bool      `json:"dose,omitempty"`
	Ask   bool      `json:"ask,omitempty"`
	Until time.Time `json:"until,omitzero"`
}

// savedAgenda is the agenda file: the fires, and where they were saved (agendaPlace), so a
// copy of the vault's directory on another computer, or at another path, does not remind
// from it before the vault is unlocked there. An older file is the bare list of fires.
type savedAgenda struct {
	Place string      `json:"place"`
	Fires []savedFire `json:"fires"`
}

// ErrAgendaElsewhere refuses a saved agenda made on another computer or at another path: the
// vault's directory was copied (or moved). Nothing is reminded from it; the engine started at
// the unlock reminds (a household device's copy only once confirmed: 'household moved').
var ErrAgendaElsewhere = errors.New("the saved reminders were made for a vault on another computer or in another folder (a copy): none until the vault is unlocked here")

// machineID identifies this computer (a variable so tests can play another).
var machineID = machine.ID

// agendaPlace is a fingerprint of this computer and the vault's absolute directory.
func agendaPlace(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	sum := sha256.Sum256([]byte("carekeeper agenda\x00" + machineID() + "\x00" + filepath.Clean(dir)))
	return hex.EncodeToString(sum[:16])
}

// SaveAgenda writes the lock-safe agenda into the vault directory (atomically, mode 0600),
// with the fingerprint of this computer and directory.
func SaveAgenda(dir string, fires []LockedFire) error {
	out := savedAgenda{Place: agendaPlace(dir), Fires: make([]savedFire, 0, len(fires))}
	for _, f := range fires {
		out.Fires = append(out.Fires, savedFire{At: f.At.UTC(), Tag: f.Tag, Title: f.Text.Title, Body: f.Text.Body, Dose: f.dose, Ask: f.ask, Until: f.Until.UTC()})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	// One atomic 0600 writer: every write and sync error is returned, and the target is only
	// replaced by a complete file.
	if err := atomicfile.WriteFile(filepath.Join(dir, AgendaFile), b); err != nil {
		return fmt.Errorf("saving the reminder agenda: %w", err)
	}
	return nil
}

// LoadAgenda reads the saved lock-safe agenda; a missing file is an empty agenda. One saved on
// another computer or for a vault at another path is ErrAgendaElsewhere (an older file, saved
// before the fingerprint was, is read as it is).
// Only a regular file of at most maxAgenda is read (a FIFO in its place would block).
func LoadAgenda(dir string) ([]LockedFire, error) {
	f, _, err := inputfile.Open(filepath.Join(dir, AgendaFile), maxAgenda)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the reminder agenda: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxAgenda))
	if err != nil {
		return nil, fmt.Errorf("reading the reminder agenda: %w", err)
	}
	var in []savedFire
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var sa savedAgenda
		if err := json.Unmarshal(b, &sa); err != nil {
			return nil, errors.New("the saved reminder agenda is damaged")
		}
		if sa.Place != agendaPlace(dir) {
			return nil, ErrAgendaElsewhere
		}
		in = sa.Fires
	} else if err := json.Unmarshal(b, &in); err != nil {
		return nil, errors.New("the saved reminder agenda is damaged")
	}
	out := make([]LockedFire, 0, len(in))
	for _, f := range in {
		out = append(out, LockedFire{At: f.At, Tag: f.Tag, Text: Text{Title: f.Title, Body: f.Body}, Until: f.Until, dose: f.Dose, ask: f.Ask})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// NewLocked is an engine that starts locked, without the vault: it fires the saved agenda's
// reminders from now on, and doses whose due window is still open (what fell due earlier is
// left for the vault's own missed-while-away handling), keeps answers given on notifications, and becomes a normal
// engine at Unlock.
func NewLocked(n Notifier, fires []LockedFire, opt Options) *Engine {
	e := New(nil, n, opt)
	now := e.clk.Now()
	ls := &lockedState{cold: true, shown: map[string][]string{}}
	for _, f := range fires {
		// Still ahead, or a dose whose due window is still open (the computer started late):
		// it is due, so it is shown.
		if f.At.After(now) || (f.dose && now.Before(f.Until)) {
			ls.agenda = append(ls.agenda, f)
		}
	}
	e.locked = ls
	e.checked = now
	return e
}

// answerByTag applies an answer given on a notification a cold engine showed: the tag names
// the person and the due time of the doses.
func (e *Engine) answerByTag(ctx context.Context, a lockedAnswer) error {
	parts := strings.Split(a.Tag, ":")
	if len(parts) != 3 || parts[0] != "d" {
		return nil
	}
	sec, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return nil
	}
	due := time.Unix(sec, 0)
	e.mu.Lock()
	var rs []Reminder
	if e.model != nil {
		for _, r := range e.model.Reminders(parts[1], due, due.Add(time.Second), e.clk.Now()) {
			if r.Kind == KindDose {
				rs = append(rs, r)
			}
		}
	}
	e.mu.Unlock()
	var errs []error
	for _, r := range rs {
		if a.Action == "taken" && asksAmount(r) {
			continue // left to answer in the app, which asks how much (F526)
		}
		if a.Action == "taken" {
			errs = append(errs, e.Take(ctx, r, a.At))
		} else {
			errs = append(errs, e.Snooze(ctx, r))
		}
	}
	return errors.Join(errs...)
}
