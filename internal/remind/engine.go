package remind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"carekeeper/storage"
)

// Action is a button on a notification.
type Action struct{ Key, Label string }

// Message is one notification. Sending the same Tag again replaces the earlier one.
type Message struct {
	Tag, Title, Body string
	Actions          []Action
}

// Event is the person's answer on a notification: Action "taken", "snooze" or "default" (clicked).
type Event struct{ Tag, Action string }

// Notifier shows notifications (internal/notify has the platform back ends).
type Notifier interface {
	Send(ctx context.Context, m Message) error
	Withdraw(ctx context.Context, tag string) error
	Events() <-chan Event
	Close() error
}

// Handles is implemented by a Notifier whose notifications stay on screen after the process
// ends (the desktop's D-Bus server): Handle names tag's shown notification ("" when it cannot),
// and Adopt, in a later process, makes tag name it again, so Withdraw closes it. The engine
// keeps the handles of caregiver alerts in the vault (alerts.go).
type Handles interface {
	Handle(ctx context.Context, tag string) string
	Adopt(tag, handle string)
}

// Options tune an Engine. The zero value is right for the app.
type Options struct {
	Clock Clock // nil: RealClock
	// Device returns the device's time zone; it is asked at every wake-up (travel). nil: SystemZone.
	Device func() *time.Location
	// Grace: an appointment reminder found due more than this late (after a restart or a
	// suspend), when the appointment has begun, is dropped as stale (default 2 minutes). Doses
	// use their due window instead (see DoseStatus.DueUntil): shown within it, missed after.
	Grace time.Duration
	// MaxSleep caps every sleep so clock jumps and resumes are noticed (default 1 minute).
	MaxSleep time.Duration
	// Horizon is how far ahead the agenda is computed (default 48 hours).
	Horizon time.Duration
	// Logf receives errors (never with health data). nil discards them.
	Logf func(format string, a ...any)
	// OnOpen is called (on the engine's goroutine) when a notification is clicked.
	OnOpen func(tag string)
	// Hold, asked at every wake-up, holds the reminders and caregiver alerts while it says
	// true (a copy of a household device's vault, until the person says it moved here: the
	// device it was copied from reminds). Nothing is shown or marked meanwhile; once it says
	// false, what fell due is handled as after the engine was off: shown within its window,
	// else missed. It is given the engine's vault (the app reopens it at each unlock).
	Hold func(*storage.Vault) bool
	// HoldPeople, asked whenever the engine loads the vault (at start and after Reload), names
	// the people (profile ids) whose reminders (doses, appointments, refills) and caregiver
	// alerts are held on this device: it was removed from its household, whose other devices
	// follow them (hhvault.HoldPeople). Their notifications on screen are withdrawn; nothing of
	// theirs is shown or marked while held. The others are reminded as ever.
	HoldPeople func(*storage.Vault) map[string]bool
}

const watermarkKey = "remind/watermark"

// Engine fires the reminders of every person in a vault. Its methods are safe for concurrent use.
type Engine struct {
	n   Notifier
	opt Options
	clk Clock

	mu        sync.Mutex
	v         *storage.Vault // nil while locked
	model     *Model
	states    map[string]occState // remind/occ/... entries
	sent      map[string]bool     // appointment and refill reminders already sent
	checked   time.Time           // everything due up to here has been handled
	agenda    []Reminder          // unhandled reminders in (checked, agendaEnd), by time
	agendaEnd time.Time
	active    map[string]*group    // notified dose groups awaiting an answer (repeats), by tag
	alerts    map[string]bool      // caregiver alerts shown, by tag (alerts.go)
	doses     map[string]shownDose // dose notifications on screen, remembered in the vault, by tag
	detailed  map[string]Message   // notifications shown with details, by tag: their words for a locked vault (Lock)
	zone      string               // device zone of the current model
	dirty     bool
	locked    *lockedState
	poke      chan struct{}
	retry     time.Time // the marks could not be saved: try again (not before) then
	// heard are the state keys of doses another device answered, heard while the vault was
	// locked (HeardAnswers) and not yet applied: no caregiver alert for them (F558).
	heard map[string]bool
}

// group is one notification: a person's reminders of one kind due at the same time.
type group struct {
	Tag     string
	Profile string
	Kind    string
	Items   []Reminder
	Shown   time.Time
	Repeats int
	every   time.Duration
	max     int
	text    Text
	keys    []string // while locked: the state keys of Items (dropped with every health detail)
}

// New returns an engine for the vault; Run starts it.
func New(v *storage.Vault, n Notifier, opt Options) *Engine {
	if opt.Clock == nil {
		opt.Clock = RealClock{}
	}
	if opt.Device == nil {
		opt.Device = func() *time.Location { return SystemZone(nil) }
	}
	if opt.Grace <= 0 {
		opt.Grace = 2 * time.Minute
	}
	if opt.MaxSleep <= 0 {
		opt.MaxSleep = time.Minute
	}
	if opt.Horizon <= 0 {
		opt.Horizon = 48 * time.Hour
	}
	if opt.Logf == nil {
		opt.Logf = func(string, ...any) {}
	}
	return &Engine{n: n, opt: opt, clk: opt.Clock, v: v, active: map[string]*group{}, alerts: map[string]bool{}, doses: map[string]shownDose{}, detailed: map[string]Message{}, poke: make(chan struct{}, 1), dirty: true}
}

// Start loads the vault's reminder state; Run calls it. What fell due since the engine last ran
// is handled by the first Step.
func (e *Engine) Start(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.start(ctx)
}

func (e *Engine) start(ctx context.Context) error {
	if e.v == nil {
		return errors.New("the vault is locked")
	}
	now := e.clk.Now()
	e.states = map[string]occState{}
	e.sent = map[string]bool{}
	e.alerts = map[string]bool{}
	e.doses = map[string]shownDose{}
	var ops []storage.StateOp
	err := e.v.ScanState(ctx, "remind/", func(k string, b []byte) error {
		switch {
		case strings.HasPrefix(k, "remind/occ/"):
			var s occState
			if json.Unmarshal(b, &s) == nil {
				// Answered doses older than 60 days live on in the dose log only.
				if s.acked() && now.Sub(s.Due) > 60*24*time.Hour {
					ops = append(ops, storage.StateOp{Key: k, Delete: true})
					return nil
				}
				e.states[k] = s
			}
		case strings.HasPrefix(k, "remind/appt/"), strings.HasPrefix(k, "remind/refill/"):
			e.sent[k] = true
		case strings.HasPrefix(k, alertPrefix):
			tag := strings.TrimPrefix(k, alertPrefix)
			e.alerts[tag] = true // withdrawn by the next Step once answered
			if h, ok := e.n.(Handles); ok {
				if r := readShownAlert(b); r.Handle != "" {
					h.Adopt(tag, r.Handle) // so the withdrawal closes the one on screen
				}
			}
		case strings.HasPrefix(k, shownPrefix):
			tag := strings.TrimPrefix(k, shownPrefix)
			var d shownDose
			if json.Unmarshal(b, &d) != nil {
				ops = append(ops, storage.StateOp{Key: k, Delete: true})
				return nil
			}
			e.doses[tag] = d // withdrawn by a step once its doses are answered
			if h, ok := e.n.(Handles); ok && d.Handle != "" {
				h.Adopt(tag, d.Handle) // so the withdrawal closes the one on screen
			}
		case k == watermarkKey:
			if t, err := time.Parse(time.RFC3339Nano, string(b)); err == nil {
				e.checked = t
			}
		}
		return nil
	})
	if err != nil {
		return wrapf(err, "reading reminder state")
	}
	if e.checked.IsZero() || e.checked.After(now) {
		// First run (or a clock far behind): nothing counts as missed before now.
		e.checked = now
		ops = append(ops, storage.StateOp{Key: watermarkKey, Value: []byte(now.UTC().Format(time.RFC3339Nano))})
	}
	if len(ops) > 0 {
		if err := e.v.UpdateState(ctx, ops...); err != nil {
			return wrapf(err, "writing reminder state")
		}
	}
	e.dirty = true
	return e.reload(ctx, now)
}

// reload reads the model from the vault, marks medicines seen for the first time, fixes each
// person's home zone on first use, and rebuilds the agenda.
func (e *Engine) reload(ctx context.Context, now time.Time) error {
	dev := e.opt.Device()
	m, err := Load(ctx, e.v, LoadOptions{Device: dev, Now: now})
	if err != nil {
		return wrapf(err, "loading reminders")
	}
	var ops []storage.StateOp
	stamp := []byte(now.UTC().Format(time.RFC3339Nano))
	for _, med := range m.Meds {
		if med.seen.IsZero() {
			med.seen = now
			if med.Since.IsZero() {
				med.Since = now
			}
			if med.added.IsZero() || now.Before(med.added) {
				med.added = now
			}
			ops = append(ops, storage.StateOp{Key: seenKey(med.Profile, med.ID), Value: stamp})
		}
	}
	for _, p := range m.People {
		// A device that may only view the person leaves their household settings to the
		// devices that manage them (which would refuse this change): it follows its own zone.
		if p.Settings.Zone == "" && strings.Contains(dev.String(), "/") && !e.v.ViewOnly(p.Profile) {
			s := p.Settings
			s.Zone, s.ZoneTaken = dev.String(), true // taken from the clock, not chosen (F422)
			h, err := shared(e.v, p.Profile, s)      // this device's own choices stay its own (F449)
			if err != nil {
				return wrapf(err, "reading reminder settings")
			}
			b, _ := json.Marshal(h)
			ops = append(ops, storage.StateOp{Key: settingsKey(p.Profile), Value: b})
			p.Settings = s
		}
	}
	if len(ops) > 0 {
		if err := e.v.UpdateState(ctx, ops...); err != nil {
			return wrapf(err, "writing reminder state")
		}
	}
	if e.opt.HoldPeople != nil {
		for id := range e.opt.HoldPeople(e.v) {
			if p := m.Person(id); p != nil {
				p.Held = true
			}
		}
	}
	e.model, e.zone, e.dirty = m, dev.String(), false
	// A person deleted since: their notifications go from the screen with them; so do the
	// reminders another device of the household answered, and those of a person held.
	for tag, g := range e.active {
		if g.keys != nil { // shown before the vault locked: its doses again, and its full text
			for _, k := range g.keys {
				if r, ok := e.reminderFor(k, e.states[k]); ok {
					g.Items = append(g.Items, r)
				}
			}
			if p := m.Person(g.Profile); p != nil && len(g.Items) > 0 {
				g.text = notificationText(p, g.Items, p.Settings.Private)
			}
			g.keys = nil
		}
		if p := m.Person(g.Profile); p == nil || p.Held || e.allAnswered(g) {
			delete(e.active, tag)
			e.withdrawDose(ctx, tag)
		}
	}
	e.buildAgenda(now)
	return nil
}

// Reload makes the engine re-read the vault (after an import, a sync, a new plan or settings).
func (e *Engine) Reload() {
	e.mu.Lock()
	e.dirty = true
	e.mu.Unlock()
	e.wake()
}

func (e *Engine) wake() {
	select {
	case e.poke <- struct{}{}:
	default:
	}
}

func (e *Engine) buildAgenda(now time.Time) {
	from := e.checked
	to := now.Add(e.opt.Horizon)
	if from.After(now) {
		from = now
	}
	// Reminders(from, to) is [from, to); the item at exactly checked was handled already.
	rs := e.model.Reminders("", from, to, now)
	agenda := rs[:0]
	var moved *movedDays
	var logged loggedAnswers
	for _, r := range rs {
		if !r.At.After(e.checked) || e.held(r.Profile) {
			continue
		}
		switch r.Kind {
		case KindDose:
			if r.At.Before(r.Med.Since) {
				continue
			}
			if p := e.model.Person(r.Profile); p != nil && p.Mode != ModeRemind {
				continue // a caregiver device that only wants alerts (alerts.go)
			}
			if _, ok := e.states[r.StateKey()]; ok {
				continue
			}
			// Answered on another device of the household (the answer came by exchange into
			// the dose log, not this device's reminder state): not reminded here, nor kept in
			// the locked agenda a restart fires from (F271: Desk would have reminded Mum's
			// 08:00 dose Phone had given).
			if logged.answers(e.model, r) {
				continue
			}
			if moved == nil {
				moved = e.model.movedDays(e.states)
			}
			if _, ok := moved.answer(r); ok {
				continue // its day's dose was taken before its time was moved (F85)
			}
		default:
			if e.sent[r.StateKey()] {
				continue
			}
		}
		agenda = append(agenda, r)
	}
	// Refill reminders whose day has passed but whose run-out is still ahead fire now.
	for _, med := range e.model.Meds {
		if r, ok := e.model.refillReminder(med, now); ok && !r.At.After(e.checked) && r.Due.After(now) && !e.sent[r.StateKey()] && !e.held(r.Profile) {
			r.At = now
			agenda = append(agenda, r)
		}
	}
	// Snoozed doses come back at their snooze time.
	for k, s := range e.states {
		if s.Status == StatusSnoozed && s.Until.After(e.checked) && s.Until.Before(to) {
			if r, ok := e.reminderFor(k, s); ok && !e.held(r.Profile) {
				r.At = s.Until
				agenda = append(agenda, r)
			}
		}
	}
	sortReminders(agenda)
	e.agenda, e.agendaEnd = agenda, to
}

// held reports whether a person's reminders and alerts are held here (Options.HoldPeople).
func (e *Engine) held(profile string) bool {
	p := e.model.Person(profile)
	return p != nil && p.Held
}

// reminderFor rebuilds the reminder of a dose occurrence from its state key.
func (e *Engine) reminderFor(key string, s occState) (Reminder, bool) {
	parts := strings.Split(strings.TrimPrefix(key, "remind/occ/"), "/")
	if len(parts) != 5 || e.model == nil {
		return Reminder{}, false
	}
	profile, mk := parts[0], parts[1]+"/"+parts[2]+"/"+parts[3]
	occ, err := url.PathUnescape(parts[4])
	if err != nil {
		return Reminder{}, false
	}
	med := e.model.Medicine(profile, mk)
	p := e.model.Person(profile)
	if med == nil || p == nil {
		return Reminder{}, false
	}
	// its own dose and words: the step of the plan it is of (a taper's second step, a bedtime
	// correction), not the plan's first
	title := doseTitle(med, planDose(med.Plan), instructionOnly(med))
	for _, o := range e.model.occurrences(med, s.Due.Add(-time.Minute), s.Due.Add(time.Minute)) {
		if o.Key == occ {
			title = e.model.occurrenceTitle(med, o)
			break
		}
	}
	return Reminder{At: s.Due, Due: s.Due, Profile: profile, Person: p.Name, Kind: KindDose, Title: title,
		Ref: med.Ref, Occurrence: occ, Med: med, sk: key}, true
}

// Run runs the engine until ctx ends: it sleeps until the next reminder (at most MaxSleep),
// fires, and answers the notifications' actions.
func (e *Engine) Run(ctx context.Context) error {
	e.mu.Lock()
	cold := e.locked != nil && e.locked.cold
	e.mu.Unlock()
	if !cold { // a cold engine has no vault yet: it starts at Unlock
		if err := e.Start(ctx); err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil // asked to stop while starting: not a failure to report
			}
			return err
		}
	}
	var events <-chan Event
	if e.n != nil {
		events = e.n.Events()
	}
	for {
		next := e.Step(ctx)
		d := next.Sub(e.clk.Now())
		if d < 0 {
			d = 0
		}
		if d > e.opt.MaxSleep {
			d = e.opt.MaxSleep
		}
		t := e.clk.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return e.stop()
		case <-t.C():
		case <-e.poke:
			t.Stop()
		case ev, ok := <-events:
			t.Stop()
			if !ok {
				events = nil
				continue
			}
			e.HandleEvent(ctx, ev)
		}
	}
}

// stop records that everything up to now was handled (a clean shutdown). A failure is
// returned: the next start then treats what followed the last saved watermark as missed
// while away, never as handled.
func (e *Engine) stop() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.v != nil && e.locked == nil {
		err := e.v.UpdateState(context.Background(), storage.StateOp{Key: watermarkKey, Value: []byte(e.checked.UTC().Format(time.RFC3339Nano))})
		return wrapf(err, "saving where the reminders stopped")
	}
	return nil
}

// Step handles everything due now and returns when it next needs to run. Run calls it; tests
// call it directly on a fake clock.
func (e *Engine) Step(ctx context.Context) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clk.Now()
	if e.locked != nil {
		return e.stepLocked(ctx, now)
	}
	if e.opt.Hold != nil && e.opt.Hold(e.v) {
		return now.Add(e.opt.MaxSleep)
	}
	if e.states == nil {
		if err := e.start(ctx); err != nil {
			e.logErr(ctx, err)
			return now.Add(e.opt.MaxSleep)
		}
	}
	if e.dirty || e.opt.Device().String() != e.zone {
		if err := e.reload(ctx, now); err != nil {
			e.logErr(ctx, err)
		}
	} else if now.After(e.agendaEnd.Add(-e.opt.Horizon/2)) || now.Before(e.checked.Add(-e.opt.MaxSleep)) {
		e.buildAgenda(now)
	}
	if !now.Before(e.checked) && !now.Before(e.retry) {
		e.fireDue(ctx, now)
	}
	e.repeat(ctx, now)
	e.closeAnswered(ctx, now)
	e.alert(ctx, now)
	return e.next(now)
}

func (e *Engine) fireDue(ctx context.Context, now time.Time) {
	n := 0
	for n < len(e.agenda) && !e.agenda[n].At.After(now) {
		n++
	}
	due := slices.Clone(e.agenda[:n])
	e.agenda = e.agenda[n:]
	undoStates := map[string]*occState{} // what e.states held before this step's marks
	var ops []storage.StateOp
	var fire []Reminder
	missed := 0
	lateAppt := map[string]int{} // appointment → index in fire of its latest reminder
	for _, r := range due {
		late := now.Sub(r.At) > e.opt.Grace
		switch r.Kind {
		case KindDose:
			s := occState{Status: StatusNotified, Due: r.Due.UTC(), Notified: now.UTC()}
			// Found after its due window (the device was off, or asleep, for all of it): missed.
			// Within the window it is due: shown, even if late.
			if until, _ := e.model.window(r.Med, r.At); !now.Before(until) {
				s.Status, s.Notified = StatusMissed, time.Time{}
				missed++
			} else {
				fire = append(fire, r)
			}
			if _, seen := undoStates[r.StateKey()]; !seen {
				if old, ok := e.states[r.StateKey()]; ok {
					undoStates[r.StateKey()] = &old
				} else {
					undoStates[r.StateKey()] = nil
				}
			}
			e.states[r.StateKey()] = s
			b, _ := json.Marshal(s)
			ops = append(ops, storage.StateOp{Key: r.StateKey(), Value: b})
		case KindAppointment:
			e.sent[r.StateKey()] = true
			ops = append(ops, storage.StateOp{Key: r.StateKey(), Value: []byte(now.UTC().Format(time.RFC3339))})
			if late && !r.Due.After(now) {
				continue // the appointment has begun: stale
			}
			if i, ok := lateAppt[r.Appt.Key()]; ok { // several offsets fell due while away: the latest only
				fire[i] = r
				continue
			}
			lateAppt[r.Appt.Key()] = len(fire)
			fire = append(fire, r)
		case KindRefill:
			e.sent[r.StateKey()] = true
			ops = append(ops, storage.StateOp{Key: r.StateKey(), Value: []byte(now.UTC().Format(time.RFC3339))})
			if r.Due.After(now) {
				fire = append(fire, r)
			}
		}
	}
	if len(ops) == 0 {
		e.checked = now
		return
	}
	ops = append(ops, storage.StateOp{Key: watermarkKey, Value: []byte(now.UTC().Format(time.RFC3339Nano))})
	// The marks are durable before anything is shown: a crash after this line never shows
	// these occurrences again. When they cannot be saved nothing is shown: the in-memory
	// marks are undone and the same reminders are tried again at the next step.
	if err := e.v.UpdateState(ctx, ops...); err != nil {
		e.opt.Logf("reminders: saving reminder state: %v", err)
		for k, s := range undoStates {
			if s == nil {
				delete(e.states, k)
			} else {
				e.states[k] = *s
			}
		}
		for _, r := range due {
			if r.Kind != KindDose {
				delete(e.sent, r.StateKey())
			}
		}
		e.agenda = append(due, e.agenda...)
		e.retry = now.Add(retryAfter)
		return
	}
	e.checked = now
	for _, g := range e.groups(fire, now) {
		e.show(ctx, g)
	}
	if missed > 0 {
		t := missedText(missed)
		if err := e.n.Send(ctx, Message{Tag: "missed", Title: t.Title, Body: t.Body}); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		}
	}
}

// groups puts a person's dose reminders due at the same time into one notification; other
// reminders get one each.
func (e *Engine) groups(rs []Reminder, now time.Time) []*group {
	var out []*group
	byTag := map[string]*group{}
	for _, r := range rs {
		tag := tagFor(r)
		g := byTag[tag]
		if g == nil {
			p := e.model.Person(r.Profile)
			g = &group{Tag: tag, Profile: r.Profile, Kind: r.Kind, Shown: now,
				every: time.Duration(p.Settings.RepeatEveryMinutes) * time.Minute, max: p.Settings.RepeatMax}
			byTag[tag] = g
			out = append(out, g)
		}
		g.Items = append(g.Items, r)
	}
	for _, g := range out {
		p := e.model.Person(g.Profile)
		g.text = notificationText(p, g.Items, p.Settings.Private)
	}
	return out
}

// doseActions are a dose notification's buttons; askActions those of one whose amount must be
// said (asksAmount): no Taken, which would record it with none — a click opens the app, which
// asks how much (F526).
var (
	doseActions = []Action{{Key: "taken", Label: "Taken"}, {Key: "snooze", Label: "Snooze"}}
	askActions  = []Action{{Key: "snooze", Label: "Snooze"}}
)

// actionsFor are the buttons of a notification of items: askActions when one of them asks
// its amount.
func actionsFor(ask bool) []Action {
	if ask {
		return askActions
	}
	return doseActions
}

// asksAmount reports whether answering the dose r Taken needs the amount given: its record
// gives no amount but how to work it out (a mealtime insulin by carbohydrate ratio), or a rule
// by body size with no weight to work it out at. Ren's NovoRapid answered Taken on its
// notification was recorded "Dose taken" with no units, where the app and 'dose take' ask
// how much (F526, F457, F508).
func asksAmount(r Reminder) bool {
	if r.Kind != KindDose || r.Med == nil {
		return false
	}
	a := DoseAction{Occurrence: r.Occurrence, Scheduled: r.Due}
	if recordedDose(r.Med, a) != "" {
		return false
	}
	if perBodySize(doseAt(r.Med.Plan, a)) {
		return true
	}
	w := instructionOnly(r.Med)
	return w != "" && !oneAmountInWords(w)
}

var (
	// amountInWords is a count or amount written in words: "one tablet", "2 puffs", "10 mL".
	amountInWords = regexp.MustCompile(`(?i)\b(one|two|three|four|five|six|half an?|half|an?|\d+(?:[.,]\d+)?|½)\s*(tablet|tab|capsule|cap|puff|drop|spray|sachet|patch|lozenge|pill|inhalation|unit|ml|mg|g|mcg|micrograms?|iu)s?\b`)
	// workedOut are words that say a dose is worked out, not given: a ratio, a scale.
	workedOut = regexp.MustCompile(`(?i)\bfor every\b|\bper\b|\bratio\b|\bscale\b|\baccording to\b|\bas directed\b|\bdepending\b|\bif\b`)
)

// oneAmountInWords reports whether an instruction in words gives one amount to take — "one
// tablet at night", "2 puffs twice a day" — rather than how to work it out ("1 unit for every
// 10 g of carbohydrate") or several amounts ("3 mg on Mon, Wed and Fri and 2 mg on other
// days"): Taken is answered as the words say.
func oneAmountInWords(w string) bool {
	if workedOut.MatchString(w) {
		return false
	}
	seen := map[string]bool{}
	for _, m := range amountInWords.FindAllStringSubmatch(w, -1) {
		seen[strings.ToLower(m[1]+" "+strings.TrimSuffix(m[2], "s"))] = true
	}
	return len(seen) == 1
}

// askLine ends the words of a notification without Taken, saying where it is answered.
const askLine = "Say how much was given in CareKeeper."

// withAsk is t with askLine for its words when ask: "Taken, or snooze?" offered a Taken the
// notification does not have (F526).
func withAsk(t Text, ask bool) Text {
	if !ask || t == (Text{}) {
		return t
	}
	t.Body = askLine
	return t
}

// groupAsksAmount reports whether any dose of g asks its amount.
func groupAsksAmount(g *group) bool { return slices.ContainsFunc(g.Items, asksAmount) }

// send shows msg and, when its words have details a locked vault does not show, keeps private
// (the same notification in private-mode words) for Lock (e.mu held).
func (e *Engine) send(ctx context.Context, msg Message, private Text) error {
	err := e.n.Send(ctx, msg)
	if err != nil || private == (Text{}) || (private.Title == msg.Title && private.Body == msg.Body) {
		delete(e.detailed, msg.Tag)
		return err
	}
	locked := msg
	locked.Title, locked.Body = private.Title, private.Body
	e.detailed[msg.Tag] = locked
	return nil
}

// hideDetails replaces every notification still on screen that shows details (names,
// medicines, places) with its private-mode words, as a locked vault shows them: locking must
// not leave a child's medicine on the screen (F390). A notification the person closed is not
// shown again (Handles tells which are still shown) (e.mu held).
func (e *Engine) hideDetails(ctx context.Context) {
	h, _ := e.n.(Handles)
	for tag, m := range e.detailed {
		delete(e.detailed, tag)
		if h != nil && h.Handle(ctx, tag) == "" {
			continue
		}
		if err := e.n.Send(ctx, m); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		}
	}
}

func tagFor(r Reminder) string {
	if r.Kind == KindDose {
		return "d:" + r.Profile + ":" + strconv.FormatInt(r.At.Unix(), 10)
	}
	h := sha256.Sum256([]byte(r.StateKey()))
	return r.Kind[:1] + ":" + hex.EncodeToString(h[:8])
}

func (e *Engine) show(ctx context.Context, g *group) {
	p := e.model.Person(g.Profile)
	if p != nil && p.Settings.Off {
		return
	}
	msg := Message{Tag: g.Tag, Title: g.text.Title, Body: g.text.Body}
	ask := false
	if g.Kind == KindDose {
		ask = groupAsksAmount(g)
		msg.Actions = actionsFor(ask)
		e.active[g.Tag] = g
	}
	words := withAsk(Text{Title: msg.Title, Body: msg.Body}, ask)
	msg.Body = words.Body
	if err := e.send(ctx, msg, withAsk(notificationText(p, g.Items, true), ask)); err != nil {
		e.opt.Logf("reminders: notification failed: %v", err)
		return
	}
	if g.Kind == KindDose {
		e.rememberDose(ctx, g)
	}
}

// repeat shows unanswered dose notifications again, and retires them after the last repeat.
func (e *Engine) repeat(ctx context.Context, now time.Time) {
	for tag, g := range e.active {
		next := g.Shown.Add(g.every * time.Duration(g.Repeats+1))
		if now.Before(next) {
			continue
		}
		if g.Repeats >= g.max || now.Sub(next) > e.opt.Grace {
			delete(e.active, tag) // unanswered: it stays in Missed until the person answers
			continue
		}
		g.Repeats++
		ask := groupAsksAmount(g)
		msg := Message{Tag: g.Tag, Title: g.text.Title, Body: withAsk(g.text, ask).Body, Actions: actionsFor(ask)}
		var private Text
		if e.model != nil { // unlocked: g.text has the details
			private = withAsk(notificationText(e.model.Person(g.Profile), g.Items, true), ask)
		}
		if err := e.send(ctx, msg, private); err != nil {
			e.opt.Logf("reminders: notification failed: %v", err)
		} else if h, ok := e.n.(Handles); ok && h.Handle(ctx, g.Tag) != e.doses[g.Tag].Handle {
			e.rememberDose(ctx, g) // the server gave the repeat another id
		}
	}
}

func (e *Engine) next(now time.Time) time.Time {
	next := now.Add(e.opt.MaxSleep)
	if len(e.agenda) > 0 && e.agenda[0].At.Before(next) {
		next = e.agenda[0].At
	}
	for _, g := range e.active {
		if t := g.Shown.Add(g.every * time.Duration(g.Repeats+1)); t.Before(next) {
			next = t
		}
	}
	if e.locked != nil {
		if len(e.locked.agenda) > 0 && e.locked.agenda[0].At.Before(next) {
			next = e.locked.agenda[0].At
		}
		if t, ok := e.locked.nextAlert(); ok && t.Before(next) {
			next = t
		}
	}
	if e.retry.After(now) && next.Before(e.retry) {
		next = e.retry
	}
	return next
}

// retryAfter is how long the engine waits before trying again to save marks that failed.
// logErr logs err, unless it is only the engine being asked to stop (ctx done): the daemon
// said "reminders: loading reminders: context canceled" as it was told to stop.
func (e *Engine) logErr(ctx context.Context, err error) {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return
	}
	e.opt.Logf("reminders: %v", err)
}

const retryAfter = 10 * time.Second

// HandleEvent applies a notification answer: taken, snooze, or a click (OnOpen).
func (e *Engine) HandleEvent(ctx context.Context, ev Event) {
	switch ev.Action {
	case "taken", "snooze":
		if err := e.answerGroup(ctx, ev.Tag, ev.Action); err != nil {
			e.logErr(ctx, err)
		}
	default:
		if e.opt.OnOpen != nil {
			e.opt.OnOpen(ev.Tag)
		}
	}
}

func (e *Engine) answerGroup(ctx context.Context, tag, action string) error {
	e.mu.Lock()
	if e.locked != nil {
		e.locked.answers = append(e.locked.answers, lockedAnswer{Tag: tag, Action: action, At: e.clk.Now()})
		delete(e.active, tag)
		delete(e.detailed, tag)
		e.mu.Unlock()
		return e.n.Withdraw(ctx, tag)
	}
	g := e.active[tag]
	var items []Reminder
	if g != nil {
		items = append(items, g.Items...)
	} else {
		items = e.itemsForTag(tag)
	}
	e.mu.Unlock()
	var errs []error
	for _, r := range items {
		var err error
		if action == "taken" && asksAmount(r) {
			// A Taken from a notification that should not have offered it (shown by an older
			// CareKeeper, or a server that keeps actions): not recorded without its amount; the
			// app opens at it to ask (F526).
			if e.opt.OnOpen != nil {
				e.opt.OnOpen(tag)
			}
			continue
		}
		if action == "taken" {
			err = e.Take(ctx, r, e.clk.Now())
		} else {
			err = e.Snooze(ctx, r)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// itemsForTag finds the unanswered doses of a dose tag that is no longer active (answered
// after its repeats ended).
func (e *Engine) itemsForTag(tag string) []Reminder {
	parts := strings.Split(tag, ":")
	if len(parts) != 3 || parts[0] != "d" {
		return nil
	}
	unix, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return nil
	}
	var out []Reminder
	for k, s := range e.states {
		if !s.acked() && s.Status != StatusSnoozed && strings.HasPrefix(k, "remind/occ/"+parts[1]+"/") {
			if r, ok := e.reminderFor(k, s); ok && (s.Due.Unix() == unix || s.Notified.Unix() == unix) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Take records a dose as taken at when (durably), then withdraws its notification once
// nothing in it is left unanswered.
func (e *Engine) Take(ctx context.Context, r Reminder, when time.Time) error {
	return e.answer(ctx, r, DoseAction{When: when})
}

// TakeGiven records a dose as taken at when, of the amount given ("170 mg", "1.7 mL"): a dose
// whose record gives it by body size ("10 mg/kg") is not an amount, and the person says how
// much was given (F436).
func (e *Engine) TakeGiven(ctx context.Context, r Reminder, when time.Time, dose string) error {
	return e.answer(ctx, r, DoseAction{When: when, Dose: dose})
}

// Skip records a dose as skipped.
func (e *Engine) Skip(ctx context.Context, r Reminder, reason string) error {
	return e.answer(ctx, r, DoseAction{When: e.clk.Now(), Skip: true, Reason: reason})
}

func (e *Engine) answer(ctx context.Context, r Reminder, a DoseAction) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.v == nil {
		return errors.New("the vault is locked")
	}
	if r.Kind != KindDose || r.Med == nil {
		return errNoMedicine
	}
	a.Profile, a.Ref, a.Occurrence, a.Scheduled = r.Profile, r.Med.Ref, r.Occurrence, r.Due
	d, err := RecordDose(ctx, e.v, r.Med, a)
	if err != nil {
		return err
	}
	st := occState{Status: StatusTaken, Due: r.Due.UTC(), Acted: a.When.UTC()}
	if a.Skip {
		st.Status = StatusSkipped
	}
	e.states[r.StateKey()] = st
	if e.model != nil {
		e.model.Doses[d.MedKey] = append(e.model.Doses[d.MedKey], d)
		if d.Taken && d.When.After(r.Med.lastTaken) {
			r.Med.lastTaken = d.When
		}
	}
	e.dropFromAgenda(r.StateKey())
	e.settle(ctx, r.StateKey())
	return nil
}

// settle removes an answered occurrence from its notification group, withdrawing the
// notification when the group has nothing left. A dose shown outside the active groups (while
// the vault was locked, or before a restart) has its notification withdrawn when no other
// dose of that person at that time is still unanswered.
func (e *Engine) settle(ctx context.Context, key string) {
	found := false
	for _, g := range e.active {
		for _, it := range g.Items {
			found = found || it.StateKey() == key
		}
	}
	if s, ok := e.states[key]; ok && !found {
		if r, ok := e.reminderFor(key, s); ok {
			tag := tagFor(r)
			if len(e.itemsForTag(tag)) == 0 {
				e.withdrawDose(ctx, tag)
			}
		}
	}
	for tag, g := range e.active {
		left := g.Items[:0]
		hit := false
		for _, it := range g.Items {
			if it.StateKey() == key {
				hit = true
				continue
			}
			left = append(left, it)
		}
		g.Items = left
		if hit && len(left) == 0 {
			delete(e.active, tag)
			e.withdrawDose(ctx, tag)
		}
	}
}

func (e *Engine) dropFromAgenda(key string) {
	out := e.agenda[:0]
	for _, r := range e.agenda {
		if r.StateKey() != key {
			out = append(out, r)
		}
	}
	e.agenda = out
}

// Snooze puts a dose off for the person's snooze time; it is shown again then.
func (e *Engine) Snooze(ctx context.Context, r Reminder) error {
	return e.SnoozeFrom(ctx, r, time.Time{})
}

// SnoozeUntil is when a dose of a person snoozed at from is shown again: from plus the
// person's snooze time.
func (e *Engine) SnoozeUntil(profile string, from time.Time) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snoozeUntil(profile, from)
}

func (e *Engine) snoozeUntil(profile string, from time.Time) time.Time {
	mins := DefaultSettings().SnoozeMinutes
	if e.model == nil {
		return from.Add(time.Duration(mins) * time.Minute).UTC()
	}
	if p := e.model.Person(profile); p != nil {
		mins = p.Settings.SnoozeMinutes
	}
	return from.Add(time.Duration(mins) * time.Minute).UTC()
}

// SnoozeFrom puts a dose off for the person's snooze time from from (zero: now), the time the
// person asked for it, so that a snooze saved after its undo time ends when it was said to
// (SnoozeUntil).
func (e *Engine) SnoozeFrom(ctx context.Context, r Reminder, from time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.v == nil {
		return errors.New("the vault is locked")
	}
	if r.Kind != KindDose || r.Med == nil {
		return errNoMedicine
	}
	if from.IsZero() {
		from = e.clk.Now()
	}
	st := occState{Status: StatusSnoozed, Due: r.Due.UTC(), Until: e.snoozeUntil(r.Profile, from)}
	b, _ := json.Marshal(st)
	if err := e.v.UpdateState(ctx, storage.StateOp{Key: r.StateKey(), Value: b}); err != nil {
		return wrapf(err, "saving the snooze")
	}
	e.states[r.StateKey()] = st
	e.dropFromAgenda(r.StateKey())
	e.settle(ctx, r.StateKey())
	r.At = st.Until
	e.agenda = append(e.agenda, r)
	sortReminders(e.agenda)
	e.wake()
	return nil
}

// TakeAsNeeded logs an as-needed (or extra) dose of a medicine.
func (e *Engine) TakeAsNeeded(ctx context.Context, profile, ref string, when time.Time, dose string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.v == nil || e.model == nil {
		return errors.New("the vault is locked")
	}
	med := e.model.Medicine(profile, ref)
	d, err := RecordDose(ctx, e.v, med, DoseAction{Profile: profile, Ref: ref, When: when, Dose: dose})
	if err == nil {
		e.model.Doses[d.MedKey] = append(e.model.Doses[d.MedKey], d)
	}
	return err
}

// Missed lists the doses that were never answered and are missed now (see DoseStates): the
// device was off for their whole due window, or they were left unanswered until the next dose.
// Oldest first.
//
// It also lists today's doses missed before this device's reminders began for their medicine
// (DoseStatus.notHere) that are not Early: the medicine was in the household, or in the vault,
// before them — reminded on another device, or the vault used from the command line first.
// They were 'missed' in 'today' and on the other device, and on no list of the app's Today
// here (F421).
func (e *Engine) Missed() []Reminder {
	out := e.unanswered(DoseMissed)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return out
	}
	now := e.clk.Now()
	for _, ds := range e.model.doseStates(e.states, "", now.Add(-24*time.Hour), now, now) {
		if _, shown := e.states[ds.StateKey()]; shown || !ds.notHere || ds.Early || ds.State != DoseMissed {
			continue
		}
		if p := e.model.person[ds.Profile]; p != nil && sameDay(ds.Due, now, p.Loc) {
			out = append(out, ds.Reminder)
		}
	}
	sortReminders(out)
	return out
}

// DueNow lists the doses waiting for an answer now, due or overdue (see DoseStates),
// including those shown while the vault was locked and those whose time came before their
// medicine was first seen (DoseStatus.Early: never shown, waiting all the same, as Today
// lists them; only today's, in the person's zone). Snoozed doses return when they fire again.
func (e *Engine) DueNow() []Reminder {
	out := e.unanswered(DoseDue, DoseOverdue)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return out
	}
	now := e.clk.Now()
	for _, ds := range e.model.doseStates(e.states, "", now.Add(-MaxOverdue), now.Add(time.Nanosecond), now) {
		if _, shown := e.states[ds.StateKey()]; !(ds.Early || ds.notHere) || shown || (ds.State != DoseDue && ds.State != DoseOverdue) {
			continue
		}
		if p := e.model.person[ds.Profile]; p != nil && sameDay(ds.Due, now, p.Loc) {
			out = append(out, ds.Reminder)
		}
	}
	sortReminders(out)
	return out
}

// DoseStates is Model.DoseStates with the engine's live occurrence states at the engine's now.
func (e *Engine) DoseStates(profile string, from, to time.Time) []DoseStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return nil
	}
	return e.model.doseStates(e.states, profile, from, to, e.clk.Now())
}

// unanswered lists the shown or missed doses without an answer whose state is one of want.
func (e *Engine) unanswered(want ...string) []Reminder {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.model == nil {
		return nil
	}
	now := e.clk.Now()
	var out []Reminder
	var moved *movedDays
	var logged loggedAnswers
	for k, s := range e.states {
		if s.acked() || (s.Status == StatusSnoozed && now.Before(s.Until)) {
			continue
		}
		r, ok := e.reminderFor(k, s)
		if !ok || !r.Med.Taking || e.model.movedToday(r) {
			continue
		}
		// Answered on another device of the household (the dose log has it; this device's
		// state still says notified or missed): answered, as DoseStates and 'today' say it —
		// Today listed "00:22 … taken · answered by Fartölva Guðrúnar" and the same dose under
		// Missed with Take now (F581).
		if logged.answers(e.model, r) {
			continue
		}
		if moved == nil {
			moved = e.model.movedDays(e.states)
		}
		if _, ok := moved.answer(r); ok {
			continue
		}
		ds := DoseStatus{Reminder: r}
		if ds.MissedAt = r.Due.Add(MaxOverdue); now.Before(ds.MissedAt) { // older ones are missed whatever the window
			ds.DueUntil, ds.MissedAt = e.model.window(r.Med, r.Due)
		}
		if s.Status == StatusSnoozed { // its snooze ran out: waiting again
			s.Status = StatusNotified
		}
		classify(&ds, s, true, now)
		for _, w := range want {
			if ds.State == w {
				out = append(out, r)
			}
		}
	}
	sortReminders(out)
	return out
}

// movedToday: r is an unanswered dose of a plan the person replaced later the same day, not
// one of that day's doses (a plan set when the plans before it were not kept: today's dose time
// moved from 18:46 to 18:55 at 18:57), and the day has doses, this not among them. The new
// time is that day's dose; the old one is neither due nor missed (F49). A dose of the plan in
// force before a change is one of the day's (F164); a dose of an earlier day stays as it was.
func (m *Model) movedToday(r Reminder) bool {
	med, p := r.Med, m.person[r.Profile]
	if p == nil || (!med.Overridden && len(med.history) == 0) || !r.Due.Before(med.Since) || !sameDay(r.Due, med.Since, p.Loc) {
		return false
	}
	y, mo, d := r.Due.In(p.Loc).Date()
	start := time.Date(y, mo, d, 0, 0, 0, 0, p.Loc)
	occ := m.occurrences(med, start, start.AddDate(0, 0, 1))
	for _, o := range occ {
		if o.Key == r.Occurrence {
			return false
		}
	}
	return len(occ) > 0
}

// Agenda lists the reminders still to fire in the next hours (up to the engine's horizon).
func (e *Engine) Agenda() []Reminder {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Reminder(nil), e.agenda...)
}

// Model returns the engine's current model (nil while locked). Do not modify it.
func (e *Engine) Model() *Model {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.model
}

// Travel lists the people to ask "keep home times or follow local time?".
func (e *Engine) Travel() []*Person {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*Person
	if e.model != nil {
		for _, p := range e.model.People {
			if p.AskTravel {
				out = append(out, p)
			}
		}
	}
	return out
}

// AnswerTravel remembers a person's answer for the device's current zone.
func (e *Engine) AnswerTravel(ctx context.Context, profile string, followLocal bool) error {
	e.mu.Lock()
	v := e.v
	e.mu.Unlock()
	if v == nil {
		return errors.New("the vault is locked")
	}
	s, err := LoadSettings(v, profile)
	if err != nil {
		return err
	}
	s.Travel = &TravelAnswer{DeviceZone: e.opt.Device().String(), FollowLocal: followLocal, At: e.clk.Now()}
	if err := SaveSettings(ctx, v, profile, s); err != nil {
		return err
	}
	e.Reload()
	return nil
}

var _ = sort.Strings

// sameDay reports whether a and b fall on the same calendar day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	y1, m1, d1 := a.In(loc).Date()
	y2, m2, d2 := b.In(loc).Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

// Dose notifications stay on screen until answered, also after the app or the daemon that
// showed them stopped (a D-Bus server keeps them). So each one shown is remembered in the vault
// (under shownPrefix + its tag, on this device only, never exchanged; the person's id and the
// time in the tag, the doses' state keys: no names or medicines) with the notifier's handle
// (Handles), and an engine started later adopts it: once its doses are answered, here or on
// another device of the household (the answer arrives by exchange), or its person is held or
// gone, it is withdrawn and forgotten, as caregiver alerts are (alerts.go).

const shownPrefix = "remind/shown/"

// shownKeep is how long a dose notification is remembered: unanswered that long (the dose was
// missed long before), it is withdrawn and forgotten.
const shownKeep = 24 * time.Hour

// shownDose is what is remembered of a dose notification shown.
type shownDose struct {
	At     time.Time `json:"at"`
	Handle string    `json:"h,omitempty"` // Handles.Handle: the server's bus name and id
	Keys   []string  `json:"k"`           // the state keys of its doses
}

// rememberDose remembers g's notification, shown now (e.mu held).
func (e *Engine) rememberDose(ctx context.Context, g *group) {
	d := shownDose{At: e.clk.Now().UTC()}
	if old, ok := e.doses[g.Tag]; ok {
		d.At = old.At
	}
	for _, it := range g.Items {
		d.Keys = append(d.Keys, it.StateKey())
	}
	if h, ok := e.n.(Handles); ok {
		d.Handle = h.Handle(ctx, g.Tag)
	}
	e.doses[g.Tag] = d
	b, _ := json.Marshal(d)
	if err := e.v.UpdateState(ctx, storage.StateOp{Key: shownPrefix + g.Tag, Value: b}); err != nil {
		e.opt.Logf("reminders: %v", wrapf(err, "remembering a reminder shown"))
	}
}

// withdrawDose withdraws a dose notification and forgets it (e.mu held).
func (e *Engine) withdrawDose(ctx context.Context, tag string) {
	delete(e.detailed, tag)
	if err := e.n.Withdraw(ctx, tag); err != nil {
		e.opt.Logf("reminders: withdrawing a notification failed: %v", err)
	}
	if _, ok := e.doses[tag]; !ok {
		return
	}
	delete(e.doses, tag)
	if e.v == nil {
		return
	}
	if err := e.v.UpdateState(ctx, storage.StateOp{Key: shownPrefix + tag, Delete: true}); err != nil {
		e.opt.Logf("reminders: %v", wrapf(err, "forgetting a reminder shown"))
	}
}

// closeAnswered withdraws the remembered dose notifications that are no longer in an active
// group (shown before a restart, or after their repeats ended) once every dose in them is
// answered, here or on another device, or their person is held or gone (e.mu held).
func (e *Engine) closeAnswered(ctx context.Context, now time.Time) {
	if e.model == nil {
		return
	}
	for tag, d := range e.doses {
		if e.active[tag] != nil {
			continue
		}
		if now.Sub(d.At) > shownKeep || e.doseSettled(d.Keys) {
			e.withdrawDose(ctx, tag)
		}
	}
}

// doseSettled reports whether every dose of keys is answered, or no longer to be reminded here.
func (e *Engine) doseSettled(keys []string) bool {
	for _, k := range keys {
		s, ok := e.states[k]
		if ok && s.acked() {
			continue
		}
		r, found := e.reminderFor(k, s)
		if !ok || !found || e.held(r.Profile) || e.model.answered(e.states, r) {
			continue
		}
		return false
	}
	return true
}

// loggedAnswers are, by medicine key, the occurrences the dose log answers (on this device or
// another of the household), read once per medicine; the zero value is ready to use.
type loggedAnswers map[string]map[string]bool

// answers says the dose log answers r's occurrence.
func (l *loggedAnswers) answers(m *Model, r Reminder) bool {
	if *l == nil {
		*l = map[string]map[string]bool{}
	}
	occ, ok := (*l)[r.Med.Key()]
	if !ok {
		occ = map[string]bool{}
		for _, d := range m.Doses[r.Med.Key()] {
			if d.Occurrence != "" {
				occ[d.Occurrence] = true
			}
		}
		(*l)[r.Med.Key()] = occ
	}
	return occ[r.Occurrence]
}
