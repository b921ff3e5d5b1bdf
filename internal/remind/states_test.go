package remind

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/testutil"
	"carekeeper/storage"
	"carekeeper/sync"
)

// The states of one dose through the day: upcoming, due for the window, overdue until the
// next dose, then missed; taken and skipped from the answers.
func TestDoseStatesTimeline(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	addMed(t, v, pid, "m1", "Metformin 500 mg", twiceDaily)
	m, err := Load(context.Background(), v, LoadOptions{Device: lon, Now: day(7, 0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{day(7, 59), DoseUpcoming},
		{day(8, 0), DoseDue},
		{day(8, 2), DoseDue},
		{day(8, 59), DoseDue},
		{day(9, 0), DoseOverdue},
		{day(19, 59), DoseOverdue},
		{day(20, 0), DoseMissed},
	} {
		st := m.DoseStates(pid, day(0, 0), day(24, 0), c.at)
		if len(st) != 2 || st[0].State != c.want || st[0].Occurrence != "2026-06-01T08:00" {
			t.Errorf("at %s: %+v, want the 08:00 dose %s", c.at.Format("15:04"), st, c.want)
			continue
		}
		if !st[0].DueUntil.Equal(day(9, 0)) || !st[0].MissedAt.Equal(day(20, 0)) {
			t.Errorf("window %v – %v", st[0].DueUntil, st[0].MissedAt)
		}
	}
	// The last dose of the day: missed at most MaxOverdue after its time, before the next day's.
	if st := m.DoseStates(pid, day(0, 0), day(24, 0), day(20, 0).Add(MaxOverdue)); st[1].State != DoseMissed || !st[1].MissedAt.Equal(day(8, 0).AddDate(0, 0, 1)) {
		t.Errorf("evening dose next morning: %+v", st[1])
	}
	med := m.Medicine(pid, "MedicationRequest/m1")
	ctx := context.Background()
	if _, err := RecordDose(ctx, v, med, DoseAction{Profile: pid, Ref: med.Ref, Occurrence: "2026-06-01T08:00", Scheduled: day(8, 0), When: day(8, 10)}); err != nil {
		t.Fatal(err)
	}
	if _, err := RecordDose(ctx, v, med, DoseAction{Profile: pid, Ref: med.Ref, Occurrence: "2026-06-01T20:00", Scheduled: day(20, 0), When: day(19, 0), Skip: true}); err != nil {
		t.Fatal(err)
	}
	m, err = Load(ctx, v, LoadOptions{Device: lon, Now: day(21, 0)})
	if err != nil {
		t.Fatal(err)
	}
	st := m.DoseStates(pid, day(0, 0), day(24, 0), day(21, 0))
	if len(st) != 2 || st[0].State != DoseTaken || !st[0].Acted.Equal(day(8, 10)) || st[1].State != DoseSkipped {
		t.Errorf("answered: %+v", st)
	}
}

// Issue 11 §3: a dose that fired while the vault was locked is due after unlock, not "missed
// while away", and Today's two lists agree (DueNow has it, Missed does not).
func TestFiredWhileLockedIsDue(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
	r.at(day(7, 0))
	v := r.e.v
	r.e.Lock(context.Background())
	locked := r.at(day(8, 0))
	if len(locked) != 1 || !strings.HasPrefix(locked[0].Title, "Mum — 08:00 medicines") {
		t.Fatalf("locked at 08:00: %v", titles(locked))
	}
	r.clk.Set(day(8, 2))
	if err := r.e.Unlock(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	r.e.Step(context.Background())
	// Not fired again: the one on screen is given its full words in place (F567 item 5).
	if ms := r.n.take(); len(ms) != 1 || ms[0].Tag != locked[0].Tag || !strings.Contains(ms[0].Title, "Metformin") {
		t.Errorf("after unlock: %v, want the one shown while locked in its full words, in place", titles(ms))
	}
	if d, m := r.e.DueNow(), r.e.Missed(); len(d) != 1 || len(m) != 0 {
		t.Fatalf("2 minutes late after unlock: due %d, missed %d (want 1, 0)", len(d), len(m))
	}
	if st := r.e.DoseStates(r.pid, day(0, 0), day(24, 0)); st[0].State != DoseDue {
		t.Errorf("state %+v", st[0])
	}
	// Answering it in the app withdraws the notification shown while locked.
	if err := r.e.Take(context.Background(), r.e.DueNow()[0], day(8, 3)); err != nil {
		t.Fatal(err)
	}
	r.n.mu.Lock()
	withdrawn := r.n.withdrawn
	r.n.mu.Unlock()
	if len(withdrawn) != 1 || withdrawn[0] != "d:"+r.pid+":"+strconv.FormatInt(day(8, 0).Unix(), 10) {
		t.Errorf("withdrawn %v", withdrawn)
	}
}

// A restart within the due window shows the dose (it is due); a device off for the whole
// window finds it missed (Away) and announces it once in the summary.
func TestAwayWithinAndBeyondTheWindow(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	for _, c := range []struct {
		back   time.Time
		shown  bool
		state  string
		missed int
	}{
		{day(8, 30), true, DoseDue, 0},
		{day(9, 5), false, DoseMissed, 1},
	} {
		r := newRig(t, "Europe/London", day(7, 0), twiceDaily)
		r.at(day(7, 0))
		r.e.stop()
		// The device is off from 07:00; a new engine starts at c.back.
		clk := &fakeClock{now: c.back}
		n := newRecorder()
		e2 := New(r.v.(*storage.Vault), n, Options{Clock: clk, Device: func() *time.Location { return lon }})
		e2.Step(context.Background())
		var dose, summary bool
		for _, m := range n.sent {
			dose = dose || strings.HasPrefix(m.Title, "Mum — 08:00")
			summary = summary || m.Tag == "missed"
		}
		if dose != c.shown || summary == c.shown {
			t.Errorf("back at %s: shown %v, summary %v: %v", c.back.Format("15:04"), dose, summary, titles(n.sent))
		}
		st := e2.DoseStates(r.pid, day(0, 0), day(24, 0))
		if st[0].State != c.state || st[0].Away == c.shown || len(e2.Missed()) != c.missed {
			t.Errorf("back at %s: %+v, missed %d", c.back.Format("15:04"), st[0], len(e2.Missed()))
		}
	}
}

// Reminders from records start only for medicines being taken: an "active" order from 2020
// gets none until the person confirms it; a logged dose or a dispense in the last year counts.
func TestStaleMedicineGetsNoReminders(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	addRecordMed(t, v, pid, "a", "Old a", "2019-03-01")
	addRecordMed(t, v, pid, "b", "Old b", "2019-03-01")
	addRecordMed(t, v, pid, "c", "Old c", "2019-03-01")
	addRecordMed(t, v, pid, "new", "New one", "2026-01-01")
	load := func() *Model {
		m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	names := func(m *Model) map[string]int {
		out := map[string]int{}
		for _, r := range m.Reminders(pid, now, now.Add(24*time.Hour), now) {
			out[r.Title]++
		}
		return out
	}
	m := load()
	if got := names(m); len(got) != 1 || got["New one (1 tablet)"] != 2 {
		t.Fatalf("reminders %v, want only the recent medicine's", got)
	}
	if st := m.Medicine(pid, "MedicationRequest/a").State; st != health.MedToConfirm {
		t.Errorf("old order %q", st)
	}
	choose(t, v, pid, "MedicationRequest/a", true, now)
	b := m.Medicine(pid, "MedicationRequest/b")
	if _, err := RecordDose(ctx, v, b, DoseAction{Profile: pid, Ref: b.Ref, When: now.AddDate(0, -2, 0)}); err != nil {
		t.Fatal(err)
	}
	choose(t, v, pid, "MedicationRequest/new", false, now)
	m = load()
	if got := names(m); len(got) != 2 || got["Old a (1 tablet)"] != 2 || got["Old b (1 tablet)"] != 2 {
		t.Fatalf("after confirming a, logging b and stopping the new one: %v", got)
	}
}

// choose stores the person's answer to "still taking it?" as the medicines view does.
func choose(tb testing.TB, v *storage.Vault, profile, ref string, taking bool, now time.Time) {
	tb.Helper()
	op := storage.StateOp{Key: health.ChoiceKey(profile, ref), Value: health.EncodeChoice(health.Choice{Taking: taking, At: now})}
	if err := v.UpdateState(context.Background(), op); err != nil {
		tb.Fatal(err)
	}
}

// Deceased people (Patient.deceased[x]) get no dose, refill or appointment reminders and
// nothing in the locked agenda, with the fixtures: Wendell Lesch and Fletcher Hyatt died.
func TestDeceasedFixturesGetNothing(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	v := openVault(t)
	for _, f := range []string{"synthea/Wendell_Lesch_*.json", "synthea/Fletcher_Hyatt_*.json"} {
		if _, err := sync.ImportFile(ctx, v, testutil.Fixture(t, f), sync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	profiles, _ := v.Profiles()
	// Make every medicine look current and confirmed: death alone must silence them.
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(profiles) != 2 || len(m.People) != 2 {
		t.Fatalf("%d people", len(profiles))
	}
	for _, med := range m.Meds {
		choose(t, v, med.Profile, med.Ref, true, now)
	}
	for _, p := range profiles {
		if _, err := AddAppointment(ctx, v, NewAppointment{Profile: p.ID, Title: "Check-up", Start: now.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := AddOwnMedicine(ctx, v, p.ID, "Vitamin D", now); err != nil {
			t.Fatal(err)
		}
	}
	m, err = Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.People {
		if !p.Deceased || p.Death.At.IsZero() {
			t.Errorf("%s not deceased", p.Profile)
		}
	}
	if rs := m.Reminders("", now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), now); len(rs) != 0 {
		t.Errorf("%d reminders for the deceased, e.g. %s", len(rs), rs[0].Kind)
	}
	if rf := m.Refills("", now); len(rf) != 0 {
		t.Errorf("%d refills", len(rf))
	}
	if st := m.DoseStates("", now.AddDate(0, 0, -7), now.AddDate(0, 0, 7), now); len(st) != 0 {
		t.Errorf("%d doses", len(st))
	}
	e := New(v, newRecorder(), Options{Clock: &fakeClock{now: now}, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if a := e.LockSafeAgenda(); len(a) != 0 {
		t.Errorf("locked agenda has %d entries", len(a))
	}
}

// Issue 11 §2: the same medicine from two sources is one medicine: one set of reminders (on
// the newest record), not two.
func TestSameMedicineFromTwoSourcesRemindsOnce(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	now := time.Date(2026, 6, 1, 7, 0, 0, 0, lon)
	ctx := context.Background()
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	var recs []storage.Record
	for i, src := range []string{"https://clinic.example/fhir", "https://hospital.example/fhir"} {
		res := `{"resourceType":"MedicationRequest","id":"x","status":"active","intent":"order","authoredOn":"2026-0` + strconv.Itoa(3+i) + `-01",` +
			`"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"860975","display":"Metformin 500 MG Oral Tablet"}]},` +
			`"dosageInstruction":` + twiceDaily + `}`
		rec, err := storage.NewRecord(pid, storage.ID{Source: src, Type: "MedicationRequest", ID: "x" + strconv.Itoa(i)}, []byte(strings.Replace(res, `"id":"x"`, `"id":"x`+strconv.Itoa(i)+`"`, 1)))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, v, LoadOptions{Device: lon, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	rs := m.Reminders(pid, now, now.Add(24*time.Hour), now)
	if len(rs) != 2 || rs[0].Ref != "MedicationRequest/x1" {
		t.Fatalf("reminders %d (want 2, for the newest record): %+v", len(rs), rs)
	}
	if old := m.Medicine(pid, "MedicationRequest/x0"); old == nil || old.Taking || old.SameAs != "MedicationRequest/x1" {
		t.Errorf("the other record: %+v", old)
	}
}

// TestAnsweredElsewhere: who answered a dose, as Today says it in the app and the CLI.
func TestAnsweredElsewhere(t *testing.T) {
	names := map[string]string{"dev-a": "Anna's laptop", "dev-b": "Ben's desktop"}
	taken := func(dev string) DoseStatus { return DoseStatus{State: DoseTaken, AnsweredBy: dev} }
	for _, tc := range []struct {
		name  string
		ds    DoseStatus
		names map[string]string
		want  string
	}{
		{"another device", taken("dev-a"), names, "Anna's laptop"},
		{"skipped elsewhere", DoseStatus{State: DoseSkipped, AnsweredBy: "dev-a"}, names, "Anna's laptop"},
		{"this device", taken("dev-b"), names, ""},
		{"unnamed device", taken("dev-x"), names, "another computer"},
		{"no household", taken("dev-a"), nil, ""},
		{"not answered", DoseStatus{State: DoseDue}, names, ""},
		{"answered here before the household", taken(""), names, ""},
	} {
		if got := AnsweredElsewhere(tc.ds, tc.names, "dev-b"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	at := time.Date(2026, 3, 2, 7, 5, 0, 0, time.UTC)
	if got := AnsweredWords("Anna's laptop", at, time.FixedZone("CET", 3600)); got != "answered by Anna's laptop at 08:05" {
		t.Errorf("words: %q", got)
	}
}

// A medicine the engine first sees after one of today's doses (imported at 09:00, its dose at
// 08:00; or at 08:02): the dose is still one of the day's doses, with its state by the clock
// (two minutes late is due, an hour late is overdue, never missed for being early). It is not
// notified, not "missed while away", and raises no caregiver alert.
func TestDoseBeforeTheMedicineWasSeen(t *testing.T) {
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	for _, c := range []struct {
		seen time.Time
		want string
	}{
		{day(8, 2), DoseDue},
		{day(9, 0), DoseOverdue},
		{day(19, 0), DoseOverdue},
		{day(20, 30), DoseMissed}, // by then the evening dose has come: the morning one is missed
	} {
		r := newRig(t, "Europe/London", c.seen, twiceDaily)
		if ms := r.at(c.seen); len(ms) != 0 {
			t.Errorf("seen at %s: notified %v", c.seen.Format("15:04"), titles(ms))
		}
		st := r.e.DoseStates(r.pid, day(0, 0), day(24, 0))
		if len(st) != 2 || st[0].Occurrence != "2026-06-01T08:00" || st[0].State != c.want || !st[0].Early {
			t.Errorf("seen at %s: %+v, want the 08:00 dose %s (early)", c.seen.Format("15:04"), st, c.want)
		}
		if len(st) == 2 && st[1].Early != c.seen.After(day(20, 0)) {
			t.Errorf("seen at %s: the 20:00 dose early %v", c.seen.Format("15:04"), st[1].Early)
		}
		if m := r.e.Missed(); len(m) != 0 {
			t.Errorf("seen at %s: missed while away %v", c.seen.Format("15:04"), m)
		}
		// Waiting for an answer (the tray's "Doses due now"): the 08:00 dose while due or
		// overdue, else the 20:00 one, due from 20:00.
		wantDue := "2026-06-01T08:00"
		if c.want == DoseMissed {
			wantDue = "2026-06-01T20:00"
		}
		if d := r.e.DueNow(); len(d) != 1 || d[0].Occurrence != wantDue {
			t.Errorf("seen at %s: due now %v, want the dose of %s", c.seen.Format("15:04"), d, wantDue)
		}
		// The next morning, before the first dose: yesterday's evening dose is overdue by the
		// clock but was before the medicine was seen, and is not one of the new day's doses.
		if c.want == DoseMissed {
			r.at(day(7, 59).AddDate(0, 0, 1))
			if d := r.e.DueNow(); len(d) != 0 {
				t.Errorf("the next morning: due now %v", d)
			}
		}
		ctx := context.Background()
		if err := SaveMode(ctx, r.e.v, r.pid, ModeAlerts); err != nil {
			t.Fatal(err)
		}
		m, err := Load(ctx, r.e.v, LoadOptions{Device: lon, Now: c.seen})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range m.Alerts(c.seen.Add(40 * time.Minute)) {
			if a.Due.Equal(day(8, 0)) {
				t.Errorf("seen at %s: caregiver alert for the 08:00 dose", c.seen.Format("15:04"))
			}
		}
	}
}

// An "every 8 hours" medicine whose 16:00 dose was taken at 16:03: the day still lists that dose
// as taken and the two unanswered doses before it as missed; the next dose counts from 16:03
// (F24: all three vanished once a dose was taken, the next ones re-anchored on it).
func TestIntervalDosesBeforeTheLastTakenStay(t *testing.T) {
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, time.UTC) }
	v := openVault(t)
	pid := addPerson(t, v, "Mum")
	addMed(t, v, pid, "m1", "Furosemide 40 mg", `[{"timing":{"repeat":{"frequency":1,"period":8,"periodUnit":"h","boundsPeriod":{"start":"2026-06-01T00:00:00Z"}}}}]`)
	ctx := context.Background()
	m, err := Load(ctx, v, LoadOptions{Device: time.UTC, Now: day(16, 1)})
	if err != nil {
		t.Fatal(err)
	}
	states := func(m *Model, at time.Time) string {
		var b []string
		for _, s := range m.DoseStates(pid, day(0, 0), day(24, 0), at) {
			b = append(b, s.Due.UTC().Format("15:04")+" "+s.State)
		}
		return strings.Join(b, ", ")
	}
	if got, want := states(m, day(16, 1)), "00:00 "+DoseMissed+", 08:00 "+DoseMissed+", 16:00 "+DoseDue; got != want {
		t.Fatalf("before the answer: %s, want %s", got, want)
	}
	med := m.Medicine(pid, "MedicationRequest/m1")
	if _, err := RecordDose(ctx, v, med, DoseAction{Profile: pid, Ref: med.Ref, Occurrence: "2026-06-01T16:00:00Z", Scheduled: day(16, 0), When: day(16, 3)}); err != nil {
		t.Fatal(err)
	}
	if m, err = Load(ctx, v, LoadOptions{Device: time.UTC, Now: day(16, 10)}); err != nil {
		t.Fatal(err)
	}
	if got, want := states(m, day(16, 10)), "00:00 "+DoseMissed+", 08:00 "+DoseMissed+", 16:00 "+DoseTaken; got != want {
		t.Errorf("after the answer: %s, want %s", got, want)
	}
	next := m.DoseStates(pid, day(16, 10), day(0, 0).AddDate(0, 0, 1).Add(time.Hour), day(16, 10))
	if len(next) != 1 || !next[0].Due.Equal(day(0, 3).AddDate(0, 0, 1)) {
		t.Errorf("next dose: %+v, want 00:03 the next day", next)
	}
}
