package journey

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

func setTimes(ctx context.Context, v *storage.Vault, med *remind.Medicine, times ...string) error {
	var t schedule.Timing
	for _, s := range times {
		c, err := schedule.ParseClock(s)
		if err != nil {
			return err
		}
		t.TimeOfDay = append(t.TimeOfDay, c)
	}
	return remind.SetPlan(ctx, v, med, &schedule.Plan{Phases: []schedule.Phase{{Timing: t}}}, richNow.AddDate(0, 0, -20))
}

func TestApplyTimingMovesTheReminder(t *testing.T) {
	ctx := context.Background()
	r := richPerson(t)
	c := one(t, r.cards(t), "reminder-time", "08:45")
	if err := ApplyTiming(ctx, r.v, *c.Action, richNow, time.UTC); err != nil {
		t.Fatal(err)
	}
	m, err := remind.Load(ctx, r.v, remind.LoadOptions{Device: time.UTC, Profile: r.profile, Now: richNow})
	if err != nil {
		t.Fatal(err)
	}
	med := m.Medicine(r.profile, "MedicationRequest/m1")
	if !med.Overridden {
		t.Fatal("the plan was not overridden")
	}
	rs := m.Reminders(r.profile, day(1, "00:00"), day(2, "00:00"), richNow)
	var got []string
	for _, x := range rs {
		if x.Kind == remind.KindDose {
			got = append(got, x.At.UTC().Format("15:04"))
		}
	}
	if len(got) != 1 || got[0] != "08:45" {
		t.Fatalf("dose reminders tomorrow at %v, want [08:45]", got)
	}
	// The record itself is unchanged, and the card is gone once the new time is in use.
	if med.RecordPlan.Phases[0].Timing.TimeOfDay[0] != 8*60 {
		t.Error("the record's plan changed")
	}
}

func TestShiftPlan(t *testing.T) {
	r := schedule.DefaultRoutine()
	bid := schedule.Plan{Phases: []schedule.Phase{{Dose: "1 tablet", Timing: schedule.Timing{Frequency: 2, Period: 1, PeriodUnit: "d"}}}}
	from, to := r.Breakfast, r.Breakfast+45
	got, err := ShiftPlan(bid, from, to, richNow, time.UTC, r)
	if err != nil {
		t.Fatal(err)
	}
	if tod := got.Phases[0].Timing.TimeOfDay; len(tod) != 2 || tod[0] != to || tod[1] != r.Dinner || got.Phases[0].Dose != "1 tablet" {
		t.Fatalf("twice a day moved: %+v", got.Phases[0])
	}
	hourly := schedule.Plan{Phases: []schedule.Phase{{Timing: schedule.Timing{Frequency: 1, Period: 8, PeriodUnit: "h", BoundsStart: richNow}}}}
	if _, err := ShiftPlan(hourly, from, to, richNow, time.UTC, r); err != ErrPlanNotMovable {
		t.Errorf("every 8 hours: err %v", err)
	}
	if _, err := ShiftPlan(bid, 3*60, 4*60, richNow, time.UTC, r); err != ErrPlanNotMovable {
		t.Errorf("a time the plan does not have: err %v", err)
	}
}

func TestTimingNeedsEnoughDoses(t *testing.T) {
	// Three late doses are not a pattern yet; a 20-minute shift is not worth a card.
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		n     int
		delay time.Duration
	}{{"few", 3, 90 * time.Minute}, {"small shift", 6, 20 * time.Minute}} {
		t.Run(tc.name, func(t *testing.T) {
			v, profile := newPerson(t, "Timing "+tc.name)
			ref, _ := remind.AddOwnMedicine(ctx, v, profile, "Lisinopril", richNow.AddDate(0, 0, -30))
			m, _ := remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Profile: profile, Now: richNow})
			if err := setTimes(ctx, v, m.Medicine(profile, ref), "07:00"); err != nil {
				t.Fatal(err)
			}
			m, _ = remind.Load(ctx, v, remind.LoadOptions{Device: time.UTC, Profile: profile, Now: richNow})
			med := m.Medicine(profile, ref)
			for k := -tc.n; k < 0; k++ {
				due := day(k, "07:00")
				remind.RecordDose(ctx, v, med, remind.DoseAction{Profile: profile, Ref: ref, Occurrence: due.Format("2006-01-02T15:04"), Scheduled: due, When: due.Add(tc.delay)})
			}
			if cs := byKind(cardsOf(t, v, profile, richNow), "reminder-time"); len(cs) != 0 {
				t.Errorf("unexpected: %s", dump(cs))
			}
		})
	}
}
