package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// fakeClock is a Clock that moves only when the test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !t.stopped
		t.stopped, t.f = true, nil // a stopped timer's function holds nothing (as time.Timer's)
		return was
	}
}

// advance moves the clock and fires the timers that are due.
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*fakeTimer
	rest := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			due = append(due, t)
		default:
			rest = append(rest, t)
		}
	}
	c.timers = rest
	c.mu.Unlock()
	for _, t := range due {
		t.f()
	}
}

var testNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// demoTmpl is the demo vault as the demo button makes it at testNow (openDemo), made once per
// test process: demoUI gives each test a copy of its own, which the button then opens as a
// demo made before (its key derived once: the copies share the salt). Making it took a
// derivation (Argon2id, 64 MiB) and an import in each of the dozens of tests that start from
// the demo. TestDemo_RemindersAndLeave makes the demo from nothing through the button.
var demoTmpl struct {
	once      sync.Once
	root, dir string // root: removed when the tests end (TestMain)
	err       error
}

func demoTemplate(t *testing.T) string {
	t.Helper()
	demoTmpl.once.Do(func() {
		demoTmpl.root, demoTmpl.err = os.MkdirTemp("", "ck-app-demo-")
		if demoTmpl.err != nil {
			return
		}
		dir := filepath.Join(demoTmpl.root, demoFolder)
		v, err := openDemo(dir, storage.Options{}, testNow)
		if err == nil {
			err = v.Close()
		}
		// The lock file belongs to an open vault, not to the copies.
		os.Remove(filepath.Join(dir, "carekeeper.lock"))
		demoTmpl.dir, demoTmpl.err = dir, err
	})
	if demoTmpl.err != nil {
		t.Fatalf("making the demo the tests copy: %v", demoTmpl.err)
	}
	return demoTmpl.dir
}

// demoUI opens the demo vault from the first-run screen, with a fake clock.
//
// The demo's reminders run on a device in UTC (remind.Options.Device), so its person's clock
// (this computer's zone: $TZ, remind.SystemZone, and time.Local) is UTC too (onUTCClock):
// under TZ=Pacific/Chatham the demo was made and answered on Chatham's clock and checked on
// UTC's (Today's later doses, the adherence chart said 2 of its 3 doses late).
func demoUI(t *testing.T) (*UI, *fakeClock) {
	t.Helper()
	onUTCClock(t)
	data := filepath.Join(t.TempDir(), "data")
	copyDir(t, demoTemplate(t), filepath.Join(data, demoFolder))
	u := newTestUI(t, data)
	clock := &fakeClock{now: testNow}
	u.auto.clock = clock
	// The demo's reminders run on the same day, notifying a fake.
	u.rem.opts = remind.Options{Clock: &remClock{now: testNow}, Device: func() *time.Location { return time.UTC }}
	u.rem.newNotifier = func(context.Context) (remind.Notifier, error) { return &fakeNotifier{}, nil }
	if u.create == nil {
		t.Fatal("no first-run screen")
	}
	test.Tap(u.create.demoBt)
	u.idle()
	if u.shell == nil || !u.demo {
		t.Fatalf("demo not opened: %q", u.create.status.Text)
	}
	return u, clock
}

func TestShell_DemoScreens(t *testing.T) {
	u, clock := demoUI(t)
	s := u.shell
	u.win.Resize(fyne.NewSize(1200, 760))
	if s.demoBadge == nil {
		t.Error("the demo is not marked as a demo")
	}
	if u.win.Title() != Title {
		t.Errorf("window title %q: it must never name a person", u.win.Title())
	}
	if s.current != scToday || len(s.people) != 1 || s.person.Selected != "Ned Hintz" {
		t.Fatalf("start: screen %d, people %+v, person %q", s.current, s.people, s.person.Selected)
	}
	today := s.pages[scToday].(*todayPage)
	if len(today.box.Objects) != 1 || !today.frame.body.Visible() {
		t.Error("Today shows no card for the demo person")
	}

	// Ctrl+2 … opens the screens; each has its content.
	key := func(sc screen) {
		t.Helper()
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(screenShortcuts[sc])
		u.idle()
		if s.current != sc {
			t.Fatalf("Ctrl+%d shows screen %d", sc+1, s.current)
		}
	}
	key(scMeds)
	meds := s.pages[scMeds].(*medsPage)
	// The demo's current medicines with reminder times, then the record's two stopped courses
	// of one antibiotic, 2½ years apart, each a row of its own (F177), newest first.
	if len(meds.rows) != 4 || !strings.HasPrefix(meds.rows[0].Sub, "Taking") || !strings.HasPrefix(meds.rows[1].Sub, "Taking") ||
		!strings.Contains(meds.rows[2].Title, "Amoxicillin") || !strings.Contains(meds.rows[2].Sub, "Stopped") || meds.rows[2].Right != "26 Oct 2019" ||
		!strings.Contains(meds.rows[3].Title, "Amoxicillin") || meds.rows[3].Right != "28 Mar 2017" {
		t.Errorf("medicines: %+v", meds.rows)
	}
	test.AssertObjectRendersToMarkup(t, "shell/medicines.xml", meds.view())

	key(scAppts)
	if n := len(s.pages[scAppts].(*apptsPage).list.rows); n != 7 {
		t.Errorf("appointments: %d rows, want the demo's upcoming one and 6 visits", n)
	}
	key(scResults)
	res := s.pages[scResults].(*resultsPage)
	if res.chosen == nil || !res.chosen.Pair {
		t.Fatal("results: blood pressure not chosen first")
	}
	if got := res.list.rows[0].Title; got != "Blood pressure" {
		t.Errorf("blood pressure listed as %q", got)
	}
	res.chart.Resize(fyne.NewSize(600, 300))
	res.chart.draw(600, 300)
	res.chart.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(599, 150)}})
	if !strings.Contains(res.point.Text, "2019") || !strings.Contains(res.point.Text, "mmHg") {
		t.Errorf("hover text %q", res.point.Text)
	}
	// The demo's readings end in 2019: a short period says so instead of drawing nothing.
	res.period.SetSelected("3 months")
	if res.shown.Readings != 0 || res.chart.Visible() || !strings.Contains(res.single.Text, "No readings in this period") {
		t.Errorf("3 months: %d readings, chart shown %v, %q", res.shown.Readings, res.chart.Visible(), res.single.Text)
	}
	res.period.SetSelected("All")
	if res.shown.Readings != 4 || !res.chart.Visible() {
		t.Errorf("all: %d readings, chart shown %v", res.shown.Readings, res.chart.Visible())
	}

	key(scTimeline)
	tl := s.pages[scTimeline].(*timelinePage)
	if len(tl.events) < 50 || len(tl.shown) != len(tl.events) {
		t.Fatalf("timeline: %d events, %d shown", len(tl.events), len(tl.shown))
	}
	for i := 1; i < len(tl.events); i++ {
		if tl.events[i].Date > tl.events[i-1].Date {
			t.Fatal("timeline not newest first")
		}
	}
	tl.kind.SetSelected("Immunizations")
	if len(tl.shown) != 7 {
		t.Errorf("immunizations: %d", len(tl.shown))
	}
	tl.kind.SetSelected("All kinds")
	test.Type(tl.search, "influenza")
	submit(tl.search)
	u.idle()
	if len(tl.shown) == 0 || len(tl.shown) > 10 {
		t.Errorf("search: %d events", len(tl.shown))
	}
	for _, i := range tl.shown {
		// a flu vaccination is named "Flu vaccine" by its code; its record says "Influenza, …" (F470)
		if title := strings.ToLower(tl.words(&tl.events[i]).title); !strings.Contains(title, "influenza") && title != "flu vaccine" {
			t.Errorf("search hit %q", tl.words(&tl.events[i]).title)
		}
	}
	if len(tl.lines) <= len(tl.shown) || tl.lines[0] >= 0 {
		t.Errorf("no date headings: %d lines for %d events", len(tl.lines), len(tl.shown))
	}
	tl.list.Select(1) // the first event under its date: opens the details
	u.idle()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Error("choosing an event opened no details")
	}
	clearOverlays(u.win.Canvas())

	key(scConditions)
	if len(s.pages[scConditions].(*conditionsPage).list.rows) == 0 {
		t.Error("no conditions")
	}
	key(scTeam)
	if rows := s.pages[scTeam].(*teamPage).list.rows; len(rows) < 2 || rows[0].Sub == "" {
		t.Errorf("care team: %+v", rows)
	}
	key(scBills)
	if b := s.pages[scBills].(*billsPage); b.bills != 8 || len(b.years) == 0 {
		t.Errorf("bills: %d bills, years %q", b.bills, b.years)
	}
	u.onShortcut(settingsShortcut)
	if s.current != scSettings {
		t.Error("Ctrl+, does not open Settings")
	}
	set := s.pages[scSettings].(*settingsPage)
	set.themeSel.SetSelected("High contrast")
	if u.theme.variant != "contrast" || u.app.Preferences().String(prefTheme) != "contrast" {
		t.Error("theme not applied")
	}
	set.sizeSel.SetSelected("200 %")
	if u.theme.Size(theme.SizeNameText) != 2*theme.DefaultTheme().Size(theme.SizeNameText) {
		t.Errorf("text size %v", u.theme.Size(theme.SizeNameText))
	}

	// Auto-lock: 10 idle minutes lock and hide every screen; activity postpones it.
	clock.advance(9 * time.Minute)
	u.idle()
	u.auto.poke()
	clock.advance(2 * time.Minute)
	u.idle()
	if u.vault == nil {
		t.Fatal("locked although there was activity 2 minutes ago")
	}
	clock.advance(9 * time.Minute)
	u.idle()
	if u.vault != nil || u.shell != nil || u.create == nil {
		t.Fatal("not locked after 10 idle minutes (demo: back to the first-run screen)")
	}
}

func TestShell_Caregiver(t *testing.T) {
	u, _ := demoUI(t)
	s := u.shell
	u.onShortcut(screenShortcuts[scPeople])
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.addBt)
	if people.edit == nil {
		t.Fatal("no add-person dialog")
	}
	test.Type(people.edit.name, "Ada Hintz")
	test.Type(people.edit.birth, "2015-05-01")
	submit(people.edit.birth)
	u.idle()
	if len(s.people) != 2 || s.person.Selected != "Ada Hintz" {
		t.Fatalf("people %+v, chosen %q", s.people, s.person.Selected)
	}
	// Ada has no records: empty states that say what to do.
	s.show(scMeds)
	u.idle()
	meds := s.pages[scMeds].(*medsPage)
	if !meds.frame.empty.Visible() || meds.frame.empty.button == nil {
		t.Error("no empty state for a person without medicines")
	}
	test.Tap(meds.frame.empty.button)
	if u.fileDialog == nil || u.main.pickProfile != s.profile {
		t.Error("the empty state's action does not open the import of files for the person shown")
	} else {
		u.fileDialog.Hide()
	}
	// Switch back with the person switcher, then the household view.
	s.person.SetSelected("Ned Hintz")
	u.idle()
	s.show(scMeds)
	u.idle()
	if len(meds.rows) != 4 { // the demo's two and the record's two courses of one antibiotic (F177)
		t.Errorf("Ned's medicines: %d", len(meds.rows))
	}
	s.person.SetSelected("Everyone")
	u.idle()
	s.show(scToday)
	u.idle()
	today := s.pages[scToday].(*todayPage)
	if len(today.box.Objects) != 2 { // a section per person
		t.Errorf("household Today: %d objects", len(today.box.Objects))
	}
	s.show(scMeds)
	u.idle()
	if len(meds.rows) != 4 || !strings.HasPrefix(meds.rows[0].Title, "Ned Hintz · ") {
		t.Errorf("household medicines: %+v", meds.rows)
	}
	s.show(scPeople)
	u.idle()
	test.AssertObjectRendersToMarkup(t, "shell/people.xml", people.view())
}

// tenYearsBP is a daily blood-pressure series over ten years.
func tenYearsBP() *health.Series {
	se := &health.Series{Name: "Blood pressure", Unit: "mmHg", Pair: true}
	t0 := time.Date(2016, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 3650; i++ {
		se.Append(health.Point{T: t0.AddDate(0, 0, i), V: 120 + float64(i%17), V2: 78 + float64(i%11)})
	}
	lo, hi := 90.0, 120.0
	se.Range = health.Range{Low: &lo, High: &hi, Typical: true}
	return se
}

func BenchmarkChart10YearsBP(b *testing.B) {
	se := tenYearsBP()
	st := chartStyleFor(newAppTheme("light", 1), theme.VariantLight, 1)
	for b.Loop() {
		renderChart(health.BuildChart(se, health.PeriodAll, testNow), 900, 450, st)
	}
}
