package remind

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F85: a dose taken today counts against today's doses of the plan, also when the plan's times
// were moved after it was taken: a once-a-day medicine taken at 08:05 and moved to 20:00 at
// noon is not due again at 20:00 (no reminder, not due on Today, no caregiver alert). The day
// is the person's, on their clock. A dose not taken (unanswered, or skipped) does not count;
// one skipped is still listed at its time. Since F164 the day's doses before the change are
// listed at the old plan's times ("08:00 taken", not "20:00 taken"), and the new plan's count
// from the change. Adherence counts the day's doses as Today lists them, each once, whichever
// plan it was of (F249): '08:00 missed, 20:00 taken' is 2 due, 1 on time.
func TestMovedPlanCountsTodaysDose(t *testing.T) {
	type step struct {
		h, m int
		take bool // take every dose due now
		skip bool // skip every dose due now
	}
	for _, tc := range []struct {
		name        string
		person      string // the person's zone ("" : this computer's, London)
		before      []string
		steps       []step // on the day, before the move (the person's clock)
		moveAt      [2]int
		after       []string
		check       [2]int   // when the day's doses are looked at
		want        []string // the day's doses at check: "HH:MM state"
		wantSent    []string // dose notifications (HH:MM on the person's clock) after the move, until check
		tomorrowRem bool     // the first new time tomorrow is reminded
		adherence   [2]int   // the day's doses counted in adherence at check: scheduled, on time
	}{
		{name: "once a day moved later", before: []string{"08:00"}, steps: []step{{8, 0, false, false}, {8, 5, true, false}},
			moveAt: [2]int{12, 0}, after: []string{"20:00"}, check: [2]int{21, 0},
			want: []string{"08:00 taken"}, tomorrowRem: true, adherence: [2]int{1, 1}},
		{name: "once a day moved earlier", before: []string{"20:00"}, steps: []step{{20, 0, false, false}, {20, 5, true, false}},
			moveAt: [2]int{21, 0}, after: []string{"08:00"}, check: [2]int{21, 30},
			want: []string{"20:00 taken"}, tomorrowRem: true, adherence: [2]int{1, 1}},
		{name: "twice a day moved later", before: []string{"08:00", "20:00"}, steps: []step{{8, 0, false, false}, {8, 5, true, false}},
			moveAt: [2]int{12, 0}, after: []string{"09:00", "21:00"}, check: [2]int{21, 10},
			want: []string{"08:00 taken", "21:00 due"}, wantSent: []string{"21:00"}, adherence: [2]int{1, 1}},
		{name: "once a day moved to twice a day", before: []string{"08:00"}, steps: []step{{8, 0, false, false}, {8, 5, true, false}},
			moveAt: [2]int{10, 0}, after: []string{"12:00", "20:00"}, check: [2]int{20, 10},
			want: []string{"08:00 taken", "20:00 due"}, wantSent: []string{"20:00"}, adherence: [2]int{1, 1}},
		// F115: the morning dose missed, the evening one taken, then both moved: the taken dose
		// counts for the new time nearest to its own, never for the morning. F164: both new
		// times came before the change: the day is the old plan's.
		{name: "twice a day, evening taken, moved", before: []string{"08:00", "20:00"}, steps: []step{{8, 0, false, false}, {20, 0, false, false}, {20, 5, true, false}},
			moveAt: [2]int{21, 48}, after: []string{"09:00", "21:00"}, check: [2]int{22, 0},
			want: []string{"08:00 missed", "20:00 taken"}, adherence: [2]int{2, 1}},
		{name: "twice a day, evening taken, moved later", before: []string{"08:00", "20:00"}, steps: []step{{8, 0, false, false}, {20, 0, false, false}, {20, 5, true, false}},
			moveAt: [2]int{21, 48}, after: []string{"09:00", "22:30"}, check: [2]int{23, 0},
			want: []string{"08:00 missed", "20:00 taken"}, adherence: [2]int{2, 1}},
		{name: "not taken: the new time is due", before: []string{"08:00"}, steps: []step{{8, 0, false, false}},
			moveAt: [2]int{12, 0}, after: []string{"20:00"}, check: [2]int{20, 10},
			want: []string{"08:00 missed", "20:00 due"}, wantSent: []string{"20:00"}, adherence: [2]int{1, 0}},
		{name: "skipped: the new time is due", before: []string{"08:00"}, steps: []step{{8, 0, false, false}, {8, 5, false, true}},
			moveAt: [2]int{12, 0}, after: []string{"20:00"}, check: [2]int{20, 10},
			want: []string{"08:00 skipped", "20:00 due"}, wantSent: []string{"20:00"}, adherence: [2]int{1, 0}},
		// A dose still waiting when the times change stays the old plan's (F164; it was the new
		// times', F49): 08:00 overdue at 12:00, moved to 09:00 and 21:00, stays 08:00, missed
		// at 20:00 (at most MaxOverdue); 09:00 had passed at the change.
		{name: "morning overdue, moved", before: []string{"08:00", "20:00"}, steps: []step{{8, 0, false, false}},
			moveAt: [2]int{12, 0}, after: []string{"09:00", "21:00"}, check: [2]int{21, 10},
			want: []string{"08:00 missed", "21:00 due"}, wantSent: []string{"21:00"}, adherence: [2]int{1, 0}},
		// F419: a dose still due (reminded, unanswered, not missed) when its time is moved
		// later the same day is the dose at the new time: one insulin that day, not "16:10
		// missed" beside "16:13 due". Moved earlier, or with as many doses left that day as
		// the new plan has, it stays the old plan's (the case above).
		{name: "once a day, still due, moved a few minutes later", before: []string{"16:10"}, steps: []step{{16, 10, false, false}},
			moveAt: [2]int{16, 11}, after: []string{"16:13"}, check: [2]int{16, 20},
			want: []string{"16:13 due"}, wantSent: []string{"16:13"}, adherence: [2]int{0, 0}},
		{name: "bedtime dose still due, moved half an hour later", before: []string{"22:00"}, steps: []step{{22, 0, false, false}},
			moveAt: [2]int{22, 5}, after: []string{"22:30"}, check: [2]int{22, 40},
			want: []string{"22:30 due"}, wantSent: []string{"22:30"}, adherence: [2]int{0, 0}},
		// Tokyo's 08:00 is 23:00 the evening before in London: the day is Tokyo's.
		{name: "person on another clock", person: "Asia/Tokyo", before: []string{"08:00"}, steps: []step{{8, 0, false, false}, {8, 5, true, false}},
			moveAt: [2]int{12, 0}, after: []string{"20:00"}, check: [2]int{21, 0},
			want: []string{"08:00 taken"}, tomorrowRem: true, adherence: [2]int{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			zone := "Europe/London"
			if tc.person != "" {
				zone = tc.person
			}
			loc := mustLoc(t, zone)
			at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
			r := newRig(t, "Europe/London", at(3, 0, 0), twiceDaily)
			if tc.person != "" {
				s, err := LoadSettings(r.e.v, r.pid)
				if err != nil {
					t.Fatal(err)
				}
				s.Zone = tc.person
				if err := SaveSettings(ctx, r.e.v, r.pid, s); err != nil {
					t.Fatal(err)
				}
			}
			set := func(now time.Time, clocks []string) {
				t.Helper()
				var cs []schedule.Clock
				for _, c := range clocks {
					cl, err := schedule.ParseClock(c)
					if err != nil {
						t.Fatal(err)
					}
					cs = append(cs, cl)
				}
				m, err := Load(ctx, r.e.v, LoadOptions{Device: r.zone, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				plan := schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{TimeOfDay: cs}}}}
				if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, r.ref), &plan, now); err != nil {
					t.Fatal(err)
				}
				r.clk.Set(now)
				r.e.Reload()
				r.e.Step(ctx)
			}
			set(at(3, 0, 0), tc.before)
			for _, s := range tc.steps {
				r.at(at(3, s.h, s.m))
				for _, d := range r.e.DueNow() {
					var err error
					switch {
					case s.take:
						err = r.e.Take(ctx, d, r.clk.Now())
					case s.skip:
						err = r.e.Skip(ctx, d, "")
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			r.n.take()
			set(at(3, tc.moveAt[0], tc.moveAt[1]), tc.after)
			var sent []string
			collect := func(ms []Message) {
				for _, m := range ms {
					if strings.HasPrefix(m.Tag, "d:") && !slices.Contains(sent, m.Title) {
						sent = append(sent, m.Title)
					}
				}
			}
			collect(r.n.take())
			for now := at(3, tc.moveAt[0], tc.moveAt[1]).Add(time.Minute); !now.After(at(3, tc.check[0], tc.check[1])); now = now.Add(5 * time.Minute) {
				collect(r.at(now))
			}
			var wantSent []string
			for _, w := range tc.wantSent {
				wantSent = append(wantSent, "Mum — "+w+" medicines: Metformin 500 mg (1 tablet)")
			}
			if tc.person != "" {
				for i, w := range tc.wantSent {
					here, _ := time.Parse("15:04", w)
					wantSent[i] = "Mum — " + w + " Tokyo time (" + here.Add(-9*time.Hour).Format("15:04") + ") medicines: Metformin 500 mg (1 tablet)"
				}
			}
			if !slices.Equal(sent, wantSent) {
				t.Errorf("reminders after the move: %q, want %q", sent, wantSent)
			}
			var got []string
			for _, ds := range r.e.DoseStates(r.pid, at(3, 0, 0), at(4, 0, 0)) {
				got = append(got, ds.Due.In(loc).Format("15:04")+" "+ds.State)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("the day's doses at %02d:%02d: %q, want %q", tc.check[0], tc.check[1], got, tc.want)
			}
			var due []string
			for _, d := range r.e.DueNow() {
				due = append(due, d.Due.In(loc).Format("15:04"))
			}
			var wantDue []string
			for _, w := range tc.want {
				if strings.HasSuffix(w, " due") {
					wantDue = append(wantDue, strings.TrimSuffix(w, " due"))
				}
			}
			if !slices.Equal(due, wantDue) {
				t.Errorf("due now: %q, want %q", due, wantDue)
			}
			// The old plan's doses missed before the change were notified: the engine's missed.
			var missed, wantMissed []string
			for _, d := range r.e.Missed() {
				missed = append(missed, d.Due.In(loc).Format("15:04"))
			}
			for _, w := range tc.want {
				if strings.HasSuffix(w, " missed") {
					wantMissed = append(wantMissed, strings.TrimSuffix(w, " missed"))
				}
			}
			if !slices.Equal(missed, wantMissed) {
				t.Errorf("missed: %q, want %q", missed, wantMissed)
			}
			m, err := Load(ctx, r.e.v, LoadOptions{Device: r.zone, Now: r.clk.Now()})
			if err != nil {
				t.Fatal(err)
			}
			if a := m.Alerts(at(3, tc.check[0], tc.check[1]).Add(40 * time.Minute)); len(a) != len(wantDue) {
				t.Errorf("caregiver alerts: %+v, want %d", a, len(wantDue))
			}
			ad := m.Adherence(r.pid, at(3, 0, 0), at(4, 0, 0), at(3, tc.check[0], tc.check[1]), Day)
			if got := [2]int{ad.Total.Scheduled, ad.Total.OnTime}; got != tc.adherence {
				t.Errorf("adherence (scheduled, on time): %v, want %v (%+v)", got, tc.adherence, ad.Total)
			}
			if tc.tomorrowRem {
				first, _ := time.Parse("15:04", tc.after[0])
				ms := r.at(at(4, first.Hour(), first.Minute()))
				if len(ms) != 1 {
					t.Errorf("tomorrow's %s: sent %v, want one reminder", tc.after[0], titles(ms))
				}
			}
		})
	}
}

// F123: twice a day, the 20:00 dose taken at 20:05, then 'every 8 hours' set at 21:56: no dose
// is due at once (the next is 04:05, 8 hours after the last), and the day still lists 20:00
// taken — and 08:00 missed, the old plan's dose never answered (F164: it vanished).
func TestEveryHoursSetAfterADose(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", at(5, 19, 0), twiceDaily)
	r.at(at(5, 20, 0))
	r.clk.Set(at(5, 20, 5))
	for _, d := range r.e.DueNow() {
		if err := r.e.Take(ctx, d, at(5, 20, 5)); err != nil {
			t.Fatal(err)
		}
	}
	r.n.take()
	m, err := Load(ctx, r.e.v, LoadOptions{Device: lon, Now: at(5, 21, 56)})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := schedule.EveryHours(8, at(5, 21, 56))
	if err != nil {
		t.Fatal(err)
	}
	if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, r.ref), plan, at(5, 21, 56)); err != nil {
		t.Fatal(err)
	}
	r.clk.Set(at(5, 21, 56))
	r.e.Reload()
	r.e.Step(ctx)
	var sent []string
	for now := at(5, 21, 57); now.Before(at(6, 4, 0)); now = now.Add(10 * time.Minute) {
		for _, msg := range r.at(now) {
			sent = append(sent, msg.Title)
		}
	}
	if len(sent) != 0 || len(r.e.DueNow()) != 0 {
		t.Errorf("before 04:05: sent %q, due %v", sent, r.e.DueNow())
	}
	var day []string
	for _, ds := range r.e.DoseStates(r.pid, at(5, 0, 0), at(6, 0, 0)) {
		day = append(day, ds.Due.In(lon).Format("15:04")+" "+ds.State)
	}
	if !slices.Equal(day, []string{"08:00 missed", "20:00 taken"}) {
		t.Errorf("5 Dec: %q, want 08:00 missed, 20:00 taken", day)
	}
	if ms := r.at(at(6, 4, 5)); len(ms) != 1 || !strings.Contains(ms[0].Title, "04:05") {
		t.Errorf("at 04:05: %v", titles(ms))
	}
}
