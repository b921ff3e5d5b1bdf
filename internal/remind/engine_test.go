package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

type rig struct {
	t    *testing.T
	v    interface{}
	e    *Engine
	clk  *fakeClock
	n    *recorder
	zone *time.Location
	pid  string
	ref  string
}

func newRig(t *testing.T, zone string, start time.Time, dosage string) *rig {
	t.Helper()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	ref := addMed(t, v, pid, "m1", "Metformin 500 mg", dosage)
	r := &rig{t: t, clk: &fakeClock{now: start}, n: newRecorder(), zone: mustLoc(t, zone), pid: pid, ref: ref}
	r.e = New(v, r.n, Options{Clock: r.clk, Device: func() *time.Location { return r.zone }})
	r.v = v
	if err := r.e.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) at(t time.Time) []Message {
	r.t.Helper()
	r.clk.Set(t)
	r.e.Step(context.Background())
	return r.n.take()
}

func TestFiresOnceRepeatsThenMissed(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	ctx := context.Background()
	if got := r.e.Step(ctx); !got.Equal(day(7, 1)) {
		t.Errorf("next wake %v, want capped at one minute", got)
	}
	if ms := r.at(day(7, 59)); len(ms) != 0 {
		t.Fatalf("sent early: %v", titles(ms))
	}
	if got := r.e.Step(ctx); !got.Equal(day(8, 0)) {
		t.Errorf("next wake %v, want 08:00", got)
	}
	ms := r.at(day(8, 0))
	if len(ms) != 1 || ms[0].Title != "Mum — 08:00 medicines: Metformin 500 mg (1 tablet)" || len(ms[0].Actions) != 2 {
		t.Fatalf("at 08:00 sent %+v", ms)
	}
	tag := ms[0].Tag
	if ms := r.at(day(8, 0).Add(30 * time.Second)); len(ms) != 0 {
		t.Fatalf("sent twice: %v", titles(ms))
	}
	for i, m := range []int{15, 30, 45} {
		ms := r.at(day(8, m))
		if len(ms) != 1 || ms[0].Tag != tag {
			t.Fatalf("repeat %d: %v", i+1, titles(ms))
		}
		if len(r.e.Missed()) != 0 || len(r.e.DueNow()) != 1 {
			t.Fatalf("repeat %d: missed %d due %d", i+1, len(r.e.Missed()), len(r.e.DueNow()))
		}
	}
	if ms := r.at(day(9, 0)); len(ms) != 0 {
		t.Fatalf("repeated more than 3 times: %v", titles(ms))
	}
	// After the repeats and the due window, unanswered: overdue until the next dose, then missed.
	if d := r.e.DueNow(); len(d) != 1 || d[0].Occurrence != "2026-06-01T08:00" || len(r.e.Missed()) != 0 {
		t.Fatalf("overdue after the repeats: %+v, missed %d", d, len(r.e.Missed()))
	}
	if st := r.e.DoseStates(r.pid, day(0, 0), day(24, 0)); len(st) != 2 || st[0].State != DoseOverdue || st[1].State != DoseUpcoming {
		t.Fatalf("states at 09:00: %+v", st)
	}
	if ms := r.at(day(20, 0)); len(ms) != 1 || !strings.HasPrefix(ms[0].Title, "Mum — 20:00 medicines") {
		t.Fatalf("evening: %v", titles(ms))
	}
	if m := r.e.Missed(); len(m) != 1 || m[0].Occurrence != "2026-06-01T08:00" {
		t.Fatalf("missed at the next dose: %+v", m)
	}
}

func TestTakenFromNotification(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	ms := r.at(day(8, 0))
	if len(ms) != 1 {
		t.Fatal(titles(ms))
	}
	r.clk.Set(day(8, 3))
	r.e.HandleEvent(context.Background(), Event{Tag: ms[0].Tag, Action: "taken"})
	if len(r.n.withdrawn) != 1 || r.n.withdrawn[0] != ms[0].Tag {
		t.Fatalf("withdrawn %v", r.n.withdrawn)
	}
	if ms := r.at(day(8, 15)); len(ms) != 0 {
		t.Fatalf("repeated after taken: %v", titles(ms))
	}
	m, err := Load(context.Background(), r.e.v, LoadOptions{Device: lon})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine("", r.ref)
	ds := m.Doses[med.Key()]
	if len(ds) != 1 || !ds[0].Taken || ds[0].Occurrence != "2026-06-01T08:00" || !ds[0].When.Equal(day(8, 3)) || !ds[0].Scheduled.Equal(day(8, 0)) {
		t.Fatalf("dose log %+v", ds)
	}
	if len(r.e.Missed()) != 0 {
		t.Fatal("a taken dose is listed as missed")
	}
}

func TestSnooze(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	ms := r.at(day(8, 0))
	r.clk.Set(day(8, 2))
	r.e.HandleEvent(context.Background(), Event{Tag: ms[0].Tag, Action: "snooze"})
	if len(r.n.withdrawn) != 1 {
		t.Fatalf("snooze did not withdraw: %v", r.n.withdrawn)
	}
	// The next wake: the MaxSleep cap (1 minute), which comes before the snooze ends (08:12).
	if got := r.e.Step(context.Background()); !got.Equal(day(8, 3)) {
		t.Fatalf("next wake at %v, want 08:03", got.In(lon).Format("15:04:05"))
	}
	if ms := r.at(day(8, 11)); len(ms) != 0 {
		t.Fatalf("before the snooze ended: %v", titles(ms))
	}
	ms = r.at(day(8, 12))
	if len(ms) != 1 || !strings.Contains(ms[0].Title, "08:00 medicines") {
		t.Fatalf("after snooze: %v", titles(ms))
	}
	// Repeats restart from the snoozed showing.
	if ms := r.at(day(8, 27)); len(ms) != 1 {
		t.Fatalf("repeat after snooze: %v", titles(ms))
	}
	r.e.HandleEvent(context.Background(), Event{Tag: ms[0].Tag, Action: "taken"})
	if ms := r.at(day(8, 42)); len(ms) != 0 {
		t.Fatalf("repeat after taken: %v", titles(ms))
	}
}

func TestMissedWhileAway(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	r.e.stop() // clean shutdown at 07:00
	// Restart at 21:00 the next day: 08:00, 20:00, 08:00, 20:00 were missed (4); 20:00 today is 60 min late.
	clk := &fakeClock{now: day(21, 0).AddDate(0, 0, 1)}
	n := newRecorder()
	e2 := New(r.e.v, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	e2.Step(context.Background())
	ms := n.take()
	if len(ms) != 1 || ms[0].Tag != "missed" || ms[0].Body != "4 reminders were missed while away — open CareKeeper" {
		t.Fatalf("after the restart: %+v", ms)
	}
	missed := e2.Missed()
	if len(missed) != 4 || missed[0].Occurrence != "2026-06-01T08:00" {
		t.Fatalf("missed list %+v", missed)
	}
	if err := e2.Take(context.Background(), missed[3], clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e2.Skip(context.Background(), missed[0], ""); err != nil {
		t.Fatal(err)
	}
	if got := len(e2.Missed()); got != 2 {
		t.Fatalf("missed after answering two: %d", got)
	}
	// A third engine shows nothing again.
	n3 := newRecorder()
	e3 := New(r.e.v, n3, Options{Clock: clk, Device: func() *time.Location { return lon }})
	e3.Step(context.Background())
	if len(n3.sent) != 0 || len(e3.Missed()) != 2 {
		t.Fatalf("third start sent %v, missed %d", titles(n3.sent), len(e3.Missed()))
	}
}

func TestCrashWhileFiring(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	// The process dies inside Send: the mark is already durable.
	crashed := false
	r.n.onSend = func(Message) { crashed = true }
	r.at(day(8, 0))
	if !crashed {
		t.Fatal("did not send")
	}
	st := stateKeys(t, r.e.v, "remind/occ/")
	if len(st) != 1 {
		t.Fatalf("state %v", st)
	}
	for _, s := range st {
		if s.Status != StatusNotified {
			t.Fatalf("state %+v", s)
		}
	}
	// Restart within the grace period, without a clean shutdown.
	clk := &fakeClock{now: day(8, 1)}
	n := newRecorder()
	e2 := New(r.e.v, n, Options{Clock: clk, Device: func() *time.Location { return lon }})
	for _, m := range []int{1, 15, 30, 59} {
		clk.Set(day(8, m))
		e2.Step(context.Background())
	}
	if len(n.sent) != 0 {
		t.Fatalf("shown again after the crash: %v", titles(n.sent))
	}
	// Shown before the crash, unanswered: due (not missed) within its window, missed at the next dose.
	if d := e2.DueNow(); len(d) != 1 || d[0].Occurrence != "2026-06-01T08:00" || len(e2.Missed()) != 0 {
		t.Fatalf("due after the crash: %+v", d)
	}
	clk.Set(day(20, 0))
	e2.Step(context.Background())
	if m := e2.Missed(); len(m) != 1 || m[0].Occurrence != "2026-06-01T08:00" {
		t.Fatalf("missed %+v", m)
	}
}

func TestTravelAndZoneChange(t *testing.T) {
	lon, ny := mustLoc(t, "Europe/London"), mustLoc(t, "America/New_York")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	if ms := r.at(day(8, 0)); len(ms) != 1 {
		t.Fatal(titles(ms))
	}
	r.e.HandleEvent(context.Background(), Event{Tag: "d:" + r.pid + ":" + "0", Action: "default"})
	// Fly to New York: home times apply until the person answers.
	r.zone = ny
	r.at(day(10, 0))
	if tr := r.e.Travel(); len(tr) != 1 || tr[0].Profile != r.pid {
		t.Fatalf("travel question: %v", tr)
	}
	if a := r.e.Agenda(); len(a) == 0 || !a[0].At.Equal(day(20, 0)) {
		t.Fatalf("home times: %v", a)
	}
	if err := r.e.AnswerTravel(context.Background(), r.pid, true); err != nil {
		t.Fatal(err)
	}
	r.at(day(10, 1))
	if tr := r.e.Travel(); len(tr) != 0 {
		t.Fatal("asked again after the answer")
	}
	// 08:00 New York is 13:00 London: the same occurrence (same wall-clock key) was shown already.
	if ms := r.at(time.Date(2026, 6, 1, 8, 0, 0, 0, ny)); len(ms) != 0 {
		t.Fatalf("08:00 shown twice after the zone change: %v", titles(ms))
	}
	if ms := r.at(time.Date(2026, 6, 1, 20, 0, 0, 0, ny)); len(ms) != 1 || !strings.Contains(ms[0].Title, "20:00 medicines") {
		t.Fatalf("20:00 local: %v", titles(ms))
	}
}

func TestDSTDay(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	dosage := `[{"timing":{"repeat":{"timeOfDay":["02:30:00"]}}}]`
	r := newRig(t, "America/New_York", time.Date(2026, 3, 7, 12, 0, 0, 0, ny), dosage)
	var got []time.Time
	r.n.onSend = func(m Message) { got = append(got, r.clk.Now()) }
	// Walk the clock minute by minute the way the timer would wake it.
	for now := r.clk.Now(); now.Before(time.Date(2026, 3, 9, 12, 0, 0, 0, ny)); {
		next := r.e.Step(context.Background())
		r.clk.Set(next)
		now = next
	}
	want := []time.Time{time.Date(2026, 3, 8, 3, 0, 0, 0, ny), time.Date(2026, 3, 9, 2, 30, 0, 0, ny)}
	if len(got) != 8 || !got[0].Equal(want[0]) || !got[4].Equal(want[1]) {
		t.Fatalf("fired at %v, want %v and %v (each with three repeats)", got, want[0], want[1])
	}
	n := 0
	for _, m := range r.n.take() {
		if !strings.Contains(m.Title, "medicines") {
			t.Errorf("unexpected %q", m.Title)
		}
		n++
	}
	// Two occurrences, each shown once and repeated three times.
	if n != 8 {
		t.Fatalf("%d notifications, want 8", n)
	}
}

func TestLockedFiresGenerically(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	v := r.e.v
	fires := r.e.Lock(context.Background())
	if len(fires) == 0 || strings.Contains(fires[0].Text.Title, "Metformin") {
		t.Fatalf("lock-safe agenda %+v", fires)
	}
	ms := r.at(day(8, 0))
	if len(ms) != 1 || ms[0].Title != "Mum — 08:00 medicines" || strings.Contains(ms[0].Body, "Metformin") {
		t.Fatalf("locked notification %+v", ms)
	}
	r.clk.Set(day(8, 5))
	r.e.HandleEvent(context.Background(), Event{Tag: ms[0].Tag, Action: "taken"})
	if err := r.e.Unlock(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	m, _ := Load(context.Background(), v, LoadOptions{Device: lon})
	ds := m.Doses[m.Medicine("", r.ref).Key()]
	if len(ds) != 1 || !ds[0].When.Equal(day(8, 5)) {
		t.Fatalf("dose after unlock %+v", ds)
	}
	if ms := r.at(day(8, 15)); len(ms) != 0 {
		t.Fatalf("after unlock: %v", titles(ms))
	}
}

func TestPrivateAndAsNeeded(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	v := r.e.v
	prn := addMed(t, v, r.pid, "m2", "Paracetamol", `[{"asNeededBoolean":true}]`)
	s, _ := LoadSettings(v, r.pid)
	s.Private, s.Label = true, "Mum"
	if err := SaveSettings(context.Background(), v, r.pid, s); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	ms := r.at(day(8, 0))
	if len(ms) != 1 || ms[0].Title != "Mum — 08:00 medicines" {
		t.Fatalf("private: %+v", ms)
	}
	if err := r.e.TakeAsNeeded(context.Background(), r.pid, prn, day(9, 0), "1 g"); err != nil {
		t.Fatal(err)
	}
	m, _ := Load(context.Background(), v, LoadOptions{Device: lon})
	if ds := m.Doses[m.Medicine(r.pid, prn).Key()]; len(ds) != 1 || ds[0].Occurrence != "" {
		t.Fatalf("as-needed log %+v", ds)
	}
	if rs := m.Reminders(r.pid, day(0, 0), day(0, 0).AddDate(0, 0, 2), day(0, 0)); len(rs) != 4 {
		t.Fatalf("as-needed got reminders: %d", len(rs))
	}
}

// TestRun drives Run (the timer loop) on the fake clock: the engine sleeps on the timer and
// fires when the clock reaches the due time.
func TestRun(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 59), twiceDaily)
	sent := make(chan Message, 4)
	r.n.onSend = func(m Message) { sent <- m }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.e.Run(ctx) }()
	// Whether the engine is asleep on its timer or not yet, setting the clock releases it:
	// a timer created after the jump has no time left to wait.
	r.clk.Set(day(8, 0))
	m := <-sent
	if !strings.HasPrefix(m.Title, "Mum — 08:00") {
		t.Fatalf("sent %+v", m)
	}
	r.n.ev <- Event{Tag: m.Tag, Action: "taken"}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// A dose reminder on screen, unanswered, when the vault locks is still a reminder after it is
// unlocked: it stays on screen, repeats with its full text, and goes when the dose is taken.
// Before, the unlock withdrew it (the lock had dropped its doses, so it looked answered).
func TestUnlockKeepsUnansweredReminder(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	ms := r.at(day(8, 0))
	if len(ms) != 1 {
		t.Fatalf("at 08:00: %v", titles(ms))
	}
	v := r.e.v
	r.e.Lock(context.Background())
	// The lock gives the reminder on screen its private words (F390).
	if locked := r.n.take(); len(locked) != 1 || locked[0].Tag != ms[0].Tag || strings.Contains(locked[0].Title+locked[0].Body, "Metformin") {
		t.Fatalf("at the lock: %v", titles(locked))
	}
	r.clk.Set(day(8, 2))
	if err := r.e.Unlock(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	var again []Message
	for _, m := range []int{5, 10, 15, 20, 25, 30} {
		again = append(again, r.at(day(8, m))...)
	}
	if len(r.n.withdrawn) != 0 {
		t.Fatalf("withdrawn at unlock: %v", r.n.withdrawn)
	}
	if len(again) == 0 || again[0].Tag != ms[0].Tag || !strings.Contains(again[0].Title, "Metformin") {
		t.Fatalf("repeats after unlock: %v", titles(again))
	}
	rs := r.e.DueNow()
	if len(rs) != 1 {
		t.Fatalf("due now: %d", len(rs))
	}
	if err := r.e.Take(context.Background(), rs[0], day(8, 31)); err != nil {
		t.Fatal(err)
	}
	if len(r.n.withdrawn) != 1 || r.n.withdrawn[0] != ms[0].Tag {
		t.Fatalf("withdrawn after taking it: %v", r.n.withdrawn)
	}
}
