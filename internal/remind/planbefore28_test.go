package remind

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/schedule"
)

// F164: a day's doses before a medicine's plan changed follow the plan in force then; the new
// plan's doses count from the moment of the change. Twice a day at 08:00 and 20:00, 08:00
// never answered, 20:00 taken, then the times moved to 09:00 and 21:00 at 21:48: the day lists
// "08:00 missed" and "20:00 taken", never "09:00 missed" or "21:00" (both before the change);
// the next day follows 09:00 and 21:00. The same for 'every 8 hours', for a plan set back to
// the record's, on the person's own clock, across midnight and for two changes in one day.
// Today and `today` (DoseStates, the engine's and a model loaded as the command line does),
// `reminders` (Reminders), the engine's due-now list and its notifications all agree.
func TestDayKeepsItsPlanBeforeAChange(t *testing.T) {
	type act struct {
		d, h, m int
		do      string   // "look": the engine steps; "take": every dose due now; "set": plan
		plan    []string // for "set": times of day, "every 8 hours", or none: the record's plan
	}
	look := func(d, h, m int) act { return act{d, h, m, "look", nil} }
	take := func(d, h, m int) act { return act{d, h, m, "take", nil} }
	set := func(d, h, m int, plan ...string) act { return act{d, h, m, "set", plan} }
	for _, tc := range []struct {
		name   string
		person string // the person's zone ("": this computer's, London)
		start  [3]int // when the engine first runs (day, hour, minute)
		acts   []act
		check  [3]int
		days   map[int][]string // day of December → its doses at check, "HH:MM state"
		sent   []string         // dose notifications from the last change until check (HH:MM)
		next   [3]int           // a dose notified the next day, at its time
	}{
		{name: "times moved after the evening dose", start: [3]int{5, 7, 0},
			acts:  []act{look(5, 8, 0), look(5, 9, 30), look(5, 20, 0), take(5, 20, 5), set(5, 21, 48, "09:00", "21:00")},
			check: [3]int{5, 22, 0},
			days:  map[int][]string{5: {"08:00 missed", "20:00 taken"}, 6: {"09:00 upcoming", "21:00 upcoming"}},
			next:  [3]int{6, 9, 0}},
		{name: "every 8 hours", start: [3]int{5, 7, 0},
			acts:  []act{look(5, 8, 0), look(5, 20, 0), take(5, 20, 5), set(5, 21, 56, "every 8 hours")},
			check: [3]int{5, 22, 0},
			days:  map[int][]string{5: {"08:00 missed", "20:00 taken"}, 6: {"04:05 upcoming", "12:05 upcoming", "20:05 upcoming"}},
			next:  [3]int{6, 4, 5}},
		{name: "back to the record's plan", start: [3]int{4, 7, 0},
			acts:  []act{set(4, 12, 0, "09:00", "21:00"), look(5, 9, 0), look(5, 21, 0), take(5, 21, 5), set(5, 22, 0)},
			check: [3]int{5, 22, 10},
			days:  map[int][]string{5: {"09:00 missed", "21:00 taken"}, 6: {"08:00 upcoming", "20:00 upcoming"}},
			next:  [3]int{6, 8, 0}},
		// Tokyo's 21:48 is 12:48 in London: the day and the times are Tokyo's.
		{name: "person on another clock", person: "Asia/Tokyo", start: [3]int{5, 7, 0},
			acts:  []act{look(5, 8, 0), look(5, 9, 30), look(5, 20, 0), take(5, 20, 5), set(5, 21, 48, "09:00", "21:00")},
			check: [3]int{5, 22, 0},
			days:  map[int][]string{5: {"08:00 missed", "20:00 taken"}, 6: {"09:00 upcoming", "21:00 upcoming"}},
			next:  [3]int{6, 9, 0}},
		// The 23:30 dose waits past midnight: moved at 00:20, it stays the 5th's, overdue
		// until the new plan's first dose; the 6th is the new plan's.
		{name: "across midnight", start: [3]int{4, 7, 0},
			acts:  []act{set(4, 12, 0, "10:00", "23:30"), look(5, 10, 0), take(5, 10, 5), look(5, 23, 30), set(6, 0, 20, "09:00", "21:00")},
			check: [3]int{6, 0, 30},
			days:  map[int][]string{5: {"10:00 taken", "23:30 overdue"}, 6: {"09:00 upcoming", "21:00 upcoming"}},
			next:  [3]int{6, 9, 0}},
		// 08:00 taken, moved to 12:00/22:00 at 10:00, 12:00 left, moved to 09:00/21:00 at 15:00:
		// each part of the day is its plan's; 21:00 is still a dose to take (12:00 was not).
		{name: "changed twice in one day", start: [3]int{5, 7, 0},
			acts: []act{look(5, 8, 0), take(5, 8, 5), set(5, 10, 0, "12:00", "22:00"), look(5, 12, 0),
				set(5, 15, 0, "09:00", "21:00")},
			check: [3]int{5, 21, 10},
			days:  map[int][]string{5: {"08:00 taken", "12:00 missed", "21:00 due"}, 6: {"09:00 upcoming", "21:00 upcoming"}},
			sent:  []string{"21:00"},
			next:  [3]int{6, 9, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			zone := "Europe/London"
			if tc.person != "" {
				zone = tc.person
			}
			loc := mustLoc(t, zone)
			at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
			r := newRig(t, "Europe/London", at(tc.start[0], tc.start[1], tc.start[2]), twiceDaily)
			if tc.person != "" {
				s, err := LoadSettings(r.e.v, r.pid)
				if err != nil {
					t.Fatal(err)
				}
				s.Zone = tc.person
				if err := SaveSettings(ctx, r.e.v, r.pid, s); err != nil {
					t.Fatal(err)
				}
				r.e.Reload()
				r.e.Step(ctx)
			}
			var lastSet time.Time
			for _, a := range tc.acts {
				now := at(a.d, a.h, a.m)
				r.at(now)
				switch a.do {
				case "take":
					for _, d := range r.e.DueNow() {
						if err := r.e.Take(ctx, d, now); err != nil {
							t.Fatal(err)
						}
					}
				case "set":
					m, err := Load(ctx, r.e.v, LoadOptions{Device: r.zone, Now: now})
					if err != nil {
						t.Fatal(err)
					}
					var plan *schedule.Plan
					switch {
					case len(a.plan) == 1 && a.plan[0] == "every 8 hours":
						if plan, err = schedule.EveryHours(8, now); err != nil {
							t.Fatal(err)
						}
					case len(a.plan) > 0:
						var cs []schedule.Clock
						for _, c := range a.plan {
							cl, err := schedule.ParseClock(c)
							if err != nil {
								t.Fatal(err)
							}
							cs = append(cs, cl)
						}
						plan = &schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{TimeOfDay: cs}}}}
					}
					if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, r.ref), plan, now); err != nil {
						t.Fatal(err)
					}
					r.e.Reload()
					r.e.Step(ctx)
					lastSet = now
				}
				r.n.take()
			}
			check := at(tc.check[0], tc.check[1], tc.check[2])
			var sent []string
			for now := lastSet.Add(time.Minute); !now.After(check); now = now.Add(5 * time.Minute) {
				for _, msg := range r.at(now) {
					if !strings.HasPrefix(msg.Tag, "d:") {
						continue
					}
					hm, _, _ := strings.Cut(strings.TrimPrefix(msg.Title, "Mum — "), " ")
					if !slices.Contains(sent, hm) {
						sent = append(sent, hm)
					}
				}
			}
			r.at(check)
			if !slices.Equal(sent, tc.sent) {
				t.Errorf("notified after the change: %q, want %q", sent, tc.sent)
			}
			loaded, err := Load(ctx, r.e.v, LoadOptions{Device: r.zone, Now: check})
			if err != nil {
				t.Fatal(err)
			}
			var wantDue []string
			for d, want := range tc.days {
				from, to := at(d, 0, 0), at(d+1, 0, 0)
				var got, times, cli []string
				for _, ds := range r.e.DoseStates(r.pid, from, to) {
					got = append(got, ds.Due.In(loc).Format("15:04")+" "+ds.State)
				}
				if !slices.Equal(got, want) {
					t.Errorf("Today, %d Dec at %s: %q, want %q", d, check.In(loc).Format("02 15:04"), got, want)
				}
				for _, ds := range loaded.DoseStates(r.pid, from, to, check) {
					cli = append(cli, ds.Due.In(loc).Format("15:04")+" "+ds.State)
				}
				if !slices.Equal(cli, want) {
					t.Errorf("`today`, %d Dec: %q, want %q", d, cli, want)
				}
				for _, rem := range loaded.Reminders(r.pid, from, to, check) {
					if rem.Kind == KindDose {
						times = append(times, rem.Due.In(loc).Format("15:04"))
					}
				}
				var wantTimes []string
				for _, w := range want {
					hm, state, _ := strings.Cut(w, " ")
					wantTimes = append(wantTimes, hm)
					if state == DoseDue || state == DoseOverdue {
						wantDue = append(wantDue, hm)
					}
				}
				if !slices.Equal(times, wantTimes) {
					t.Errorf("`reminders`, %d Dec: %q, want %q", d, times, wantTimes)
				}
			}
			var due []string
			for _, d := range r.e.DueNow() {
				due = append(due, d.Due.In(loc).Format("15:04"))
			}
			slices.Sort(due)
			slices.Sort(wantDue)
			if !slices.Equal(due, wantDue) {
				t.Errorf("due now: %q, want %q", due, wantDue)
			}
			next := at(tc.next[0], tc.next[1], tc.next[2])
			if ms := r.at(next); len(ms) != 1 || !strings.Contains(ms[0].Title, next.Format("15:04")) {
				t.Errorf("at %s the next day: %q, want one reminder", next.Format("15:04"), titles(ms))
			}
		})
	}
}

// F164, a medicine of one's own: given its times as it is added (08:00, added at 08:05), it had
// no plan before, so its times are its own from the start: 08:00 is due at 08:06 (a dose a
// few minutes late is due), as a medicine imported after its time is (Early), not left out.
func TestOwnMedicineAddedAfterItsTime(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	at := func(h, m int) time.Time { return time.Date(2026, 12, 5, h, m, 0, 0, lon) }
	r := newRig(t, "Europe/London", at(7, 0), twiceDaily)
	ref, err := AddOwnMedicine(ctx, r.e.v, r.pid, "Vitamin D", at(8, 5))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Load(ctx, r.e.v, LoadOptions{Device: lon, Now: at(8, 5)})
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := schedule.ParseClock("08:00")
	plan := &schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{TimeOfDay: []schedule.Clock{cl}}}}}
	if err := SetPlan(ctx, r.e.v, m.Medicine(r.pid, ref), plan, at(8, 5)); err != nil {
		t.Fatal(err)
	}
	r.e.Reload()
	r.at(at(8, 6))
	var got []string
	for _, ds := range r.e.DoseStates(r.pid, at(0, 0), at(24, 0)) {
		if ds.Ref == ref {
			got = append(got, ds.Due.In(lon).Format("15:04")+" "+ds.State)
		}
	}
	if !slices.Equal(got, []string{"08:00 due"}) {
		t.Errorf("Vitamin D at 08:06: %q, want 08:00 due", got)
	}
}
