package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// remClock is the reminder engine's fake clock: it moves only when a test sets it, and its
// timers never fire (the tests step the engine themselves).
type remClock struct {
	mu  sync.Mutex
	now time.Time
	loc *time.Location // the device's zone (nil: UTC)
}

// zone is the device's zone the engine and the UI see.
func (c *remClock) zone() *time.Location {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loc == nil {
		return time.UTC
	}
	return c.loc
}

func (c *remClock) Now() time.Time                      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *remClock) NewTimer(time.Duration) remind.Timer { return idleTimer{} }
func (c *remClock) set(t time.Time)                     { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// setZone moves the device to loc's zone.
func (c *remClock) setZone(loc *time.Location) { c.mu.Lock(); c.loc = loc; c.mu.Unlock() }

type idleTimer struct{}

func (idleTimer) C() <-chan time.Time { return nil }
func (idleTimer) Stop() bool          { return true }

// fakeNotifier records what the engine shows.
type fakeNotifier struct {
	mu        sync.Mutex
	sent      []remind.Message
	withdrawn []string
	ev        chan remind.Event
}

func (n *fakeNotifier) Send(_ context.Context, m remind.Message) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, m)
	return nil
}

func (n *fakeNotifier) Withdraw(_ context.Context, tag string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.withdrawn = append(n.withdrawn, tag)
	return nil
}
func (n *fakeNotifier) Events() <-chan remind.Event { return n.ev }
func (n *fakeNotifier) Close() error                { return nil }

func (n *fakeNotifier) messages() []remind.Message {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]remind.Message(nil), n.sent...)
}

// day0 is the tests' day (a Monday); the device is in UTC.
var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func at(h, m int) time.Time {
	return day0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

const twiceDaily = `[{"timing":{"repeat":{"timeOfDay":["08:00:00","20:00:00"]}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`

// medFixture is one active prescription of a person in a synthetic vault.
type medFixture struct{ person, id, name, dosage string }

// remindRig is an unlocked UI over a synthetic vault, with the reminder engine on a fake clock.
type remindRig struct {
	u      *UI
	clock  *remClock
	n      *fakeNotifier
	people map[string]string // name → profile
}

// newRemindRig makes a vault with people and active MedicationRequests, unlocks it in the UI
// at start, and starts the engine (manual steps, fake clock, fake notifier).
func newRemindRig(t *testing.T, start time.Time, meds ...medFixture) *remindRig {
	t.Helper()
	dir, _ := newVault(t)
	rig := &remindRig{people: map[string]string{}}
	u := newTestUI(t, dir)
	rig.u = u
	rig.clock = &remClock{now: start}
	rig.n = &fakeNotifier{}
	u.auto.clock = &fakeClock{now: start}
	u.rem.manual = true
	u.rem.opts = remind.Options{Clock: rig.clock, Device: rig.clock.zone}
	u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return rig.n, nil }
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatalf("not unlocked: %q", u.unlock.message.Text)
	}
	// The people and their prescriptions arrive as an import would bring them.
	v := u.vault
	var recs []storage.Record
	var first string
	for _, m := range meds {
		if _, ok := rig.people[m.person]; !ok {
			p, err := v.AddProfile(m.person, "1950-01-01")
			if err != nil {
				t.Fatal(err)
			}
			rig.people[m.person] = p.ID
			if first == "" {
				first = p.ID
			}
		}
		res := `{"resourceType":"MedicationRequest","id":"` + m.id + `","status":"active","intent":"order",` +
			`"medicationCodeableConcept":{"text":"` + m.name + `"},"subject":{"reference":"Patient/p1"},"authoredOn":"2026-01-01"`
		if m.dosage != "" {
			res += `,"dosageInstruction":` + m.dosage
		}
		res += "}"
		rec, err := storage.NewRecord(rig.people[m.person], storage.ID{Source: "clinic", Type: "MedicationRequest", ID: m.id}, []byte(res))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(first)
	u.idle()
	u.shell.choose(first)
	u.idle()
	u.rem.step() // the engine reloads
	u.idle()
	if u.rem.engine() == nil {
		t.Fatal("no reminder engine after unlocking")
	}
	return rig
}

// advance moves the clock to t, runs one engine step and what it posted to the UI.
func (r *remindRig) advance(t time.Time) {
	r.clock.set(t)
	r.u.auto.clock.(*fakeClock).mu.Lock()
	r.u.auto.clock.(*fakeClock).now = t
	r.u.auto.clock.(*fakeClock).mu.Unlock()
	r.u.rem.step()
	r.u.idle()
}

// settle runs what the UI posted, lets the answers on Today wait out their undo time, and
// runs their saving.
func (r *remindRig) settle() {
	r.u.idle()
	r.u.auto.clock.(*fakeClock).advance(undoTime)
	r.u.idle()
}

func (r *remindRig) today() *todayPage { return r.u.shell.pages[scToday].(*todayPage) }

// showToday shows Today freshly computed.
func (r *remindRig) showToday() *todayPage {
	s := r.u.shell
	s.stale[scToday] = true
	s.show(scToday)
	r.u.idle()
	return r.today()
}

// showAppts shows Appointments freshly computed.
func (r *remindRig) showAppts() *apptsPage {
	s := r.u.shell
	s.stale[scAppts] = true
	s.show(scAppts)
	r.u.idle()
	return s.pages[scAppts].(*apptsPage)
}

// lines returns Today's dose lines of a kind.
func (r *remindRig) lines(kind string) []*doseLine {
	var out []*doseLine
	for _, l := range r.today().doses {
		if l.kind == kind {
			out = append(out, l)
		}
	}
	return out
}

// administrations reads the dose events CareKeeper wrote for a person: status by effective time.
func (r *remindRig) administrations(t *testing.T, profile string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := r.u.vault.Records(context.Background(), storage.Query{Profile: profile, Type: "MedicationAdministration"}, func(rec *storage.Record) error {
		if rec.ID.Source != storage.AppSource {
			t.Errorf("dose event from source %q", rec.ID.Source)
		}
		var m struct {
			Status    string `json:"status"`
			Effective string `json:"effectiveDateTime"`
		}
		json.Unmarshal(rec.Resource, &m)
		out[m.Effective] = m.Status
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestToday_DueDoses(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	today := rig.showToday()
	if l := rig.lines(lineLater); len(l) != 2 || !strings.Contains(l[0].r.Title, "Metformin") {
		t.Fatalf("later today: %d lines", len(l))
	}
	if len(rig.lines(lineDue)) != 0 {
		t.Fatal("a dose is due at 07:00")
	}

	// 08:00: the engine fires; Today shows the dose with Taken / Skip / Snooze.
	rig.advance(at(8, 0).Add(5 * time.Second))
	msgs := rig.n.messages()
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Title, "Mum — 08:00 medicines") || len(msgs[0].Actions) != 2 {
		t.Fatalf("notifications: %+v", msgs)
	}
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].taken == nil || due[0].skip == nil || due[0].snooze == nil {
		t.Fatalf("due lines: %+v", due)
	}
	test.Tap(due[0].taken)
	rig.settle()
	if got := rig.administrations(t, mum); got["2026-03-02T08:00:05Z"] != "completed" || len(got) != 1 {
		t.Errorf("after Taken: dose events %v", got)
	}
	if len(rig.lines(lineDue)) != 0 {
		t.Error("the dose is still due after Taken")
	}
	if len(rig.n.withdrawn) != 1 {
		t.Errorf("the notification was not withdrawn: %v", rig.n.withdrawn)
	}

	// 20:00: Snooze puts it off 10 minutes; then Skip.
	rig.advance(at(20, 0))
	due = rig.lines(lineDue)
	if len(due) != 1 {
		t.Fatalf("20:00 due lines: %d", len(due))
	}
	test.Tap(due[0].snooze)
	rig.settle()
	later := rig.lines(lineLater)
	if len(rig.lines(lineDue)) != 0 || len(later) != 1 || !later[0].r.At.Equal(at(20, 10)) {
		t.Fatalf("after Snooze: due %d, later %+v", len(rig.lines(lineDue)), later)
	}
	rig.advance(at(20, 10))
	due = rig.lines(lineDue)
	if len(due) != 1 {
		t.Fatalf("the snoozed dose did not come back: %d", len(due))
	}
	test.Tap(due[0].skip)
	rig.settle()
	got := rig.administrations(t, mum)
	if len(got) != 2 || got["2026-03-02T20:10:00Z"] != "not-done" {
		t.Errorf("after Skip: %v", got)
	}
	if today.frame.empty.Visible() {
		t.Error("Today shows its empty state")
	}
}

func TestToday_Caregiver(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}}}]`})
	u := rig.u
	s := u.shell
	if s.profile == "" || len(s.people) != 2 {
		t.Fatalf("people %+v", s.people)
	}
	rig.advance(at(8, 1))
	if n := len(rig.n.messages()); n != 2 {
		t.Errorf("%d notifications, want one per person", n)
	}
	// The household view: both people, each labelled, each with a dose due.
	s.person.SetSelected("Everyone")
	u.idle()
	rig.showToday()
	if n := len(rig.today().box.Objects); n != 2 {
		t.Errorf("household Today: %d objects, want a section per person", n)
	}
	if due := rig.lines(lineDue); len(due) != 2 || due[0].r.Profile == due[1].r.Profile {
		t.Fatalf("household due lines: %d", len(due))
	}
	// Switch to each person and mark their dose.
	for _, name := range []string{"Mum", "Dad"} {
		s.person.SetSelected(name)
		u.idle()
		rig.showToday()
		due := rig.lines(lineDue)
		if len(due) != 1 || due[0].r.Profile != rig.people[name] {
			t.Fatalf("%s: due lines %+v", name, due)
		}
		test.Tap(due[0].taken)
		rig.settle()
		if got := rig.administrations(t, rig.people[name]); len(got) != 1 {
			t.Errorf("%s: dose events %v", name, got)
		}
	}
	s.person.SetSelected("Everyone")
	u.idle()
	rig.showToday()
	if due := rig.lines(lineDue); len(due) != 0 {
		t.Errorf("household still shows %d doses due", len(due))
	}
	if later := rig.lines(lineLater); len(later) != 1 || later[0].r.Profile != rig.people["Mum"] {
		t.Errorf("household later today: %+v", later)
	}
}

func TestToday_MissedWhileAway(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	rig.advance(at(7, 1))
	// Away (suspended) from before 08:00 until noon: no stale notification, one summary.
	rig.advance(at(12, 0))
	msgs := rig.n.messages()
	if len(msgs) != 1 || msgs[0].Tag != "missed" {
		t.Fatalf("notifications: %+v", msgs)
	}
	rig.showToday()
	missed := rig.lines(lineMissed)
	if len(missed) != 1 || missed[0].taken == nil || missed[0].skip == nil || missed[0].now == nil {
		t.Fatalf("missed lines: %+v", missed)
	}
	// "Taken" records it at its time.
	test.Tap(missed[0].taken)
	rig.settle()
	if got := rig.administrations(t, mum); got["2026-03-02T08:00:00Z"] != "completed" {
		t.Errorf("dose events %v", got)
	}
	if len(rig.lines(lineMissed)) != 0 {
		t.Error("still listed as missed")
	}

	// The next day: away over both doses; "Take now" and "Skipped".
	rig.advance(at(20, 0))
	rig.n.mu.Lock()
	rig.n.sent = nil
	rig.n.mu.Unlock()
	test.Tap(rig.lines(lineDue)[0].taken)
	rig.settle()
	rig.advance(at(20, 1).AddDate(0, 0, 1).Add(-12 * time.Hour)) // 08:01 next day: on time
	rig.advance(at(21, 0).AddDate(0, 0, 1))                      // away again over 20:00
	rig.showToday()
	// The 08:00 dose was shown but never answered; the 20:00 one fell due while away.
	if due, missed := rig.lines(lineDue), rig.lines(lineMissed); len(due) != 0 || len(missed) != 2 {
		t.Fatalf("day 2: due %d, missed %d", len(due), len(missed))
	}
	test.Tap(rig.lines(lineMissed)[0].now)
	rig.settle()
	if got := rig.administrations(t, mum); got["2026-03-03T21:00:00Z"] != "completed" || len(got) != 3 {
		t.Errorf("Take now: %v", got)
	}
	test.Tap(rig.lines(lineMissed)[0].skip)
	rig.settle()
	n := 0
	u.vault.Records(context.Background(), storage.Query{Profile: mum, Type: "MedicationAdministration"}, func(*storage.Record) error { n++; return nil })
	if n != 4 {
		t.Errorf("after Skipped: %d dose events, want 4", n)
	}
	if len(rig.lines(lineMissed)) != 0 {
		t.Error("missed doses left after answering")
	}
}

func TestToday_NotificationActions(t *testing.T) {
	rig := newRemindRig(t, at(7, 59), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	rig.advance(at(8, 0))
	tag := rig.n.messages()[0].Tag
	// Clicking the notification brings the window forward at that reminder on Today.
	u.shell.show(scResults)
	u.idle()
	eng := u.rem.engine()
	eng.HandleEvent(context.Background(), remind.Event{Tag: tag, Action: "default"})
	u.idle()
	if u.shell.current != scToday {
		t.Fatalf("screen %d after clicking the notification", u.shell.current)
	}
	due := rig.lines(lineDue)
	if len(due) != 1 || u.win.Canvas().Focused() != due[0].taken {
		t.Errorf("the clicked reminder's Taken button is not focused (%v)", u.win.Canvas().Focused())
	}
	// "Taken" on the notification records the dose; Today follows.
	eng.HandleEvent(context.Background(), remind.Event{Tag: tag, Action: "taken"})
	u.idle()
	if got := rig.administrations(t, mum); len(got) != 1 {
		t.Errorf("dose events %v", got)
	}
	if len(rig.lines(lineDue)) != 0 {
		t.Error("Today still shows the dose due")
	}
}

func TestToday_LockedStillFires(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	u.lock()
	u.idle()
	if u.vault != nil || u.rem.engine() == nil || !u.rem.locked {
		t.Fatal("the engine did not keep running locked")
	}
	rig.advance(at(8, 0))
	msgs := rig.n.messages()
	if len(msgs) != 1 || strings.Contains(msgs[0].Title+msgs[0].Body, "Metformin") || !strings.Contains(msgs[0].Title, "08:00") {
		t.Fatalf("locked notification %+v", msgs)
	}
	// Taken on the notification while locked, written after unlocking.
	u.rem.engine().HandleEvent(context.Background(), remind.Event{Tag: msgs[0].Tag, Action: "taken"})
	test.Type(u.unlock.pass, testPass)
	submit(u.unlock.pass)
	u.idle()
	if u.shell == nil {
		t.Fatal("not unlocked")
	}
	if got := rig.administrations(t, mum); got["2026-03-02T08:00:00Z"] != "completed" {
		t.Errorf("after unlocking: dose events %v", got)
	}
}

func TestToday_TabOrderAndSize(t *testing.T) {
	rig := newRemindRig(t, at(7, 59), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Mum", "m2", "Paracetamol 500 mg", `[{"asNeededBoolean":true}]`})
	u := rig.u
	rig.advance(at(8, 0))
	due := rig.lines(lineDue)
	if len(due) != 1 {
		t.Fatal("no dose due")
	}
	c := u.win.Canvas()
	c.Focus(due[0].taken)
	for _, want := range []*widget.Button{due[0].skip, due[0].snooze} {
		c.FocusNext()
		if c.Focused() != want {
			t.Fatalf("Tab from Taken goes to %v", c.Focused())
		}
	}
	// 200 % text at 1024×600: nothing on Today is wider than the window.
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1024, 600))
	rig.showToday()
	if w := rig.today().view().MinSize().Width; w > 1024 {
		t.Errorf("Today needs %v px at 200 %%", w)
	}
	if w := u.win.Content().MinSize().Width; w > 1024 {
		t.Errorf("the window needs %v px at 200 %%", w)
	}
	// As-needed medicines can be logged from Today.
	var logBt *widget.Button
	forEachButton(rig.today().box, func(b *widget.Button) {
		if b.Text == "Log a dose" {
			logBt = b
		}
	})
	if logBt == nil {
		t.Fatal("no Log a dose button")
	}
	test.Tap(logBt)
	rig.settle() // written once its undo time ran out (F71)
	if got := rig.administrations(t, rig.people["Mum"]); len(got) != 1 {
		t.Errorf("as-needed dose events %v", got)
	}
}

// forEachButton calls fn for every button in o.
func forEachButton(o fyne.CanvasObject, fn func(*widget.Button)) {
	switch x := o.(type) {
	case *widget.Button:
		fn(x)
	case *fyne.Container:
		for _, c := range x.Objects {
			forEachButton(c, fn)
		}
	case *widget.Card:
		forEachButton(x.Content, fn)
	}
}

type widgetButton = widget.Button

// forEachLabel calls fn with the text of every label in o.
func forEachLabel(o fyne.CanvasObject, fn func(string)) {
	switch x := o.(type) {
	case *widget.Label:
		fn(x.Text)
	case *tapLabel: // a line that opens something (an appointment, a medicine)
		fn(x.Text)
	case *fyne.Container:
		for _, c := range x.Objects {
			forEachLabel(c, fn)
		}
	case *widget.Card:
		forEachLabel(x.Content, fn)
	}
}

// A person this device may only view in its household: Today shows their doses without answer
// buttons (pressing them could only be refused, storage.ErrViewOnly), and says why; the people
// it manages keep theirs.
func TestToday_ViewOnlyPerson(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}}}]`})
	u := rig.u
	if err := u.vault.SetViewOnly(u.ctx, []string{rig.people["Dad"]}); err != nil {
		t.Fatal(err)
	}
	rig.advance(at(8, 1))
	u.shell.person.SetSelected("Everyone")
	u.idle()
	rig.showToday()
	due := rig.lines(lineDue)
	if len(due) != 1 || due[0].r.Profile != rig.people["Mum"] || due[0].taken == nil {
		t.Fatalf("due lines with answer buttons: %+v, want Mum's only", due)
	}
	answers := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			switch b.Text {
			case "Taken", "Skip", "Snooze", "Skipped", "Take now", "Log a dose":
				answers++
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
		if c, ok := o.(*widget.Card); ok && c.Content != nil {
			walk(c.Content)
		}
	}
	walk(rig.today().box)
	if answers != 3+1 { // Mum's due dose (Taken, Skip, Snooze) and her 20:00 dose (Take now)
		t.Errorf("%d answer buttons, want Mum's 4 only", answers)
	}
	var sawDose, sawWords bool
	for _, txt := range shownTexts(u.win) {
		sawDose = sawDose || strings.Contains(txt, "08:00 · Ramipril")
		sawWords = sawWords || txt == viewOnlyWords
	}
	if !sawDose || !sawWords {
		t.Errorf("Dad's dose shown %v, the view-only line shown %v: %q", sawDose, sawWords, shownTexts(u.win))
	}
}

// A medicine the engine first sees after one of today's doses (imported at 09:00, its dose at
// 08:00): Today still lists that dose, with its state by the clock — due two minutes after its
// time, overdue an hour after, and once the next dose has come under "Before it was added"
// (never reminded: not missed, F258).
func TestToday_DoseBeforeTheMedicineWasSeen(t *testing.T) {
	for _, c := range []struct {
		seen                      time.Time
		due, overdue, later, miss int
	}{
		{at(7, 59), 0, 0, 2, 0}, // yesterday's 20:00 dose is not one of today's
		{at(8, 2), 1, 0, 1, 0},
		{at(9, 0), 0, 1, 1, 0},
		{at(20, 30), 1, 0, 0, 1},
	} {
		rig := newRemindRig(t, c.seen, medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
		rig.showToday()
		due, overdue, later, missed := rig.lines(lineDue), rig.lines(lineOverdue), rig.lines(lineLater), rig.lines(lineBefore)
		if len(due) != c.due || len(overdue) != c.overdue || len(later) != c.later || len(missed) != c.miss {
			t.Errorf("seen at %s: due %d, overdue %d, later %d, missed %d; want %d, %d, %d, %d", c.seen.Format("15:04"),
				len(due), len(overdue), len(later), len(missed), c.due, c.overdue, c.later, c.miss)
			continue
		}
		if l := append(append(append(overdue, missed...), due...), later...)[0]; !l.r.Due.Equal(at(8, 0)) {
			t.Errorf("seen at %s: the 08:00 dose is not shown (first %v)", c.seen.Format("15:04"), l.r.Due)
		}
	}
}

// Today's Import records is off for a person this computer may only view (the import would be
// refused after the file was chosen), with the reason shown, as on People; for a person it
// manages and for everyone it is on.
func TestToday_ImportOffForViewOnlyPerson(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	mum, err := u.vault.AddProfile("Mum", "")
	if err != nil {
		t.Fatal(err)
	}
	dad, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := u.vault.SetViewOnly(context.Background(), []string{dad.ID}); err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople("")
	u.idle()
	today := s.pages[scToday].(*todayPage)
	for _, tt := range []struct {
		name, profile string
		off           bool
	}{
		{"Dad (view only)", dad.ID, true},
		{"Mum", mum.ID, false},
		{"everyone", "", false},
	} {
		s.choose(tt.profile)
		u.idle()
		s.show(scToday)
		u.idle()
		if !today.importBt.Visible() || today.importBt.Disabled() != tt.off {
			t.Errorf("%s: Import records shown %v, off %v; want off %v", tt.name, today.importBt.Visible(), today.importBt.Disabled(), tt.off)
		}
		if today.viewOnly.Visible() != tt.off {
			t.Errorf("%s: the reason shown %v", tt.name, today.viewOnly.Visible())
		}
		if tt.off && !strings.HasPrefix(today.viewOnly.Text, "Shared with you to view") {
			t.Errorf("the reason %q", today.viewOnly.Text)
		}
		// The other ways in (an empty state's Import records) say so before a file is chosen.
		s.importRecords()
		u.idle()
		if opened := u.fileDialog != nil; opened == tt.off {
			t.Errorf("%s: importing opened the file dialog %v", tt.name, opened)
		}
		if u.fileDialog != nil {
			u.fileDialog.Hide()
			u.idle()
		}
	}
}

// A person no longer shared with this computer (storage.Vault.NotShared): Today says so in
// their card, in place of the view-only line, and shows their doses without answer buttons
// (before, it showed them as ever and a "Taken" stayed on this computer alone).
func TestToday_NotSharedPerson(t *testing.T) {
	rig := newRemindRig(t, at(7, 30),
		medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily},
		medFixture{"Dad", "d1", "Ramipril 5 mg", `[{"timing":{"repeat":{"timeOfDay":["08:00:00"]}}}]`})
	u := rig.u
	since := at(7, 0)
	if err := u.vault.SetNotShared(u.ctx, map[string]time.Time{rig.people["Dad"]: since}); err != nil {
		t.Fatal(err)
	}
	rig.advance(at(8, 1))
	u.shell.person.SetSelected("Everyone")
	u.idle()
	rig.showToday()
	due := rig.lines(lineDue)
	for _, l := range due {
		if l.r.Profile == rig.people["Dad"] {
			t.Errorf("a due line of Dad's with answer buttons: %+v", l)
		}
	}
	want := remind.NotSharedWords("Dad", since, u.rem.device())
	texts := shownTexts(u.win)
	sawWords := strings.Contains(strings.Join(texts, " "), want) // the line wraps
	sawViewOnly := slices.Contains(texts, viewOnlyWords)
	if !sawWords || sawViewOnly {
		t.Errorf("the no-longer-shared line shown %v (want %q), the view-only line %v: %q", sawWords, want, sawViewOnly, texts)
	}
	// Importing for them would be refused after the file was chosen: off, as for a viewer.
	today := u.shell.pages[scToday].(*todayPage)
	for _, tt := range []struct {
		who string
		off bool
	}{{"Dad", true}, {"Mum", false}} {
		u.shell.choose(rig.people[tt.who])
		u.idle()
		u.shell.show(scToday)
		u.idle()
		if today.importBt.Disabled() != tt.off {
			t.Errorf("%s: Import records off %v, want %v", tt.who, today.importBt.Disabled(), tt.off)
		}
	}
}

// TestToday_SnoozeIsNotShownAsTaken: for its undo time an answer shows what was answered;
// a snooze puts the dose off, so it must not read as done — no ✓, not the green of "taken at
// …", and until when at once, ending when it said (F162).
func TestToday_SnoozeIsNotShownAsTaken(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tap     func(l *doseLine) *widget.Button
		words   string
		done    bool // shown as a dose taken: ✓ and green
		dueBack bool // the dose is back at 08:11 (snoozed to 08:10:50)
	}{
		{"snooze", func(l *doseLine) *widget.Button { return l.snooze }, "08:00 · Metformin 500 mg (1 tablet) · snoozed until 08:10", false, true},
		{"taken", func(l *doseLine) *widget.Button { return l.taken }, "08:00 · Metformin 500 mg (1 tablet) · taken at 08:00", true, false},
		// F450: a dose skipped is settled but not taken: the skip sign, not the ✓ and green
		{"skip", func(l *doseLine) *widget.Button { return l.skip }, "08:00 · Metformin 500 mg (1 tablet) · skipped", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
			rig.showToday()
			rig.advance(at(8, 0).Add(50 * time.Second)) // tapped at 08:00:50, saved 10 s later
			due := rig.lines(lineDue)
			if len(due) != 1 {
				t.Fatalf("due lines: %d", len(due))
			}
			test.Tap(tc.tap(due[0]))
			rig.u.idle()
			var l *doseLine
			for _, d := range rig.today().doses {
				if d.undo != nil {
					l = d
				}
			}
			if l == nil || l.done == nil {
				t.Fatal("no line waiting out its undo time")
			}
			if l.done.Text != tc.words {
				t.Errorf("waiting line reads %q, want %q", l.done.Text, tc.words)
			}
			green := l.done.Importance == widget.SuccessImportance
			tick := l.icon.Resource.Name() == theme.ConfirmIcon().Name()
			if green != tc.done || tick != tc.done {
				t.Errorf("green %v, ✓ %v; a dose taken: %v", green, tick, tc.done)
			}
			if skipSign := l.icon.Resource.Name() == theme.MediaSkipNextIcon().Name(); skipSign != (tc.name == "skip") {
				t.Errorf("the skip sign shown: %v", skipSign)
			}
			rig.settle()
			rig.advance(at(8, 11)) // snoozed at 08:00:50 for 10 minutes
			if back := len(rig.lines(lineDue)) == 1; back != tc.dueBack {
				t.Errorf("due again at 08:11: %v, want %v", back, tc.dueBack)
			}
		})
	}
}
