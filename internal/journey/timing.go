package journey

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/internal/schedule"
	"carekeeper/storage"
)

// Adaptive timing tunables.
const (
	// TimingWindowDays is how far back the dose log is read for a suggestion.
	TimingWindowDays = 7
	// TimingMinDoses is how many doses at one reminder time a suggestion needs.
	TimingMinDoses = 4
	// TimingMinShift: the median difference must be more than this.
	TimingMinShift = 30 * time.Minute
	// SnoozeWindowDays and SnoozeMinCount: this many snoozed reminders at one time of day in
	// this many days bring a suggestion.
	SnoozeWindowDays = 14
	SnoozeMinCount   = 3
)

// TimingSuggestion is a proposal to move one reminder time of a medicine.
type TimingSuggestion struct {
	Profile  string
	Med      *remind.Medicine
	From, To schedule.Clock
	Median   time.Duration // taken minus scheduled (snooze suggestions: the typical delay)
	Doses    []storage.ID  // the dose events it is based on
	Count    int
	Snoozes  bool // based on snoozes, not on taken times
}

// isClockKey reports an occurrence key of a clock-based schedule ("2006-01-02T15:04").
func isClockKey(k string) bool {
	_, err := time.Parse("2006-01-02T15:04", strings.SplitN(k, "#", 2)[0])
	return err == nil
}

func roundClock(c int) schedule.Clock {
	c = ((c % 1440) + 1440) % 1440
	r := (c + 2) / 5 * 5
	return schedule.Clock(r % 1440)
}

func clockOf(t time.Time) schedule.Clock { return schedule.Clock(t.Hour()*60 + t.Minute()) }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// TimingSuggestions reads the dose log of the last 7 days: for each medicine and reminder time
// with at least 4 doses taken, when the median of taken minus scheduled is more than 30
// minutes either way, it suggests the time the person usually takes it (to 5 minutes).
func (d *Data) TimingSuggestions() []TimingSuggestion {
	from := d.Now.AddDate(0, 0, -TimingWindowDays)
	var out []TimingSuggestion
	for _, med := range d.Reminders.Medicines(d.Profile) {
		if !d.Taking(med) {
			continue
		}
		type slot struct {
			diffs []time.Duration
			ids   []storage.ID
		}
		slots := map[schedule.Clock]*slot{}
		for _, x := range d.Reminders.Doses[med.Key()] {
			if !x.Taken || x.Scheduled.IsZero() || x.Scheduled.Before(from) || x.Scheduled.After(d.Now) || !isClockKey(x.Occurrence) {
				continue
			}
			c := clockOf(x.Scheduled.In(d.Loc))
			s := slots[c]
			if s == nil {
				s = &slot{}
				slots[c] = s
			}
			s.diffs = append(s.diffs, x.When.Sub(x.Scheduled))
			s.ids = append(s.ids, x.ID)
		}
		for c, s := range slots {
			if len(s.diffs) < TimingMinDoses {
				continue
			}
			m := median(s.diffs)
			if m <= TimingMinShift && m >= -TimingMinShift {
				continue
			}
			to := roundClock(int(c) + int(m.Round(time.Minute)/time.Minute))
			if to == c {
				continue
			}
			out = append(out, TimingSuggestion{Profile: d.Profile, Med: med, From: c, To: to, Median: m, Doses: s.ids, Count: len(s.diffs)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Med.Label() != out[j].Med.Label() {
			return out[i].Med.Label() < out[j].Med.Label()
		}
		return out[i].From < out[j].From
	})
	return out
}

func ruleReminderTime(d *Data) []Card {
	var out []Card
	for _, s := range d.TimingSuggestions() {
		way := "later"
		if s.Median < 0 {
			way = "earlier"
		}
		name := s.Med.Label()
		out = append(out, Card{
			ID: cardID("reminder-time", s.Med.Key(), s.From.String(), s.To.String()),
			Title: fmt.Sprintf("You usually take %s around %s; move the reminder from %s to %s?",
				name, s.To, s.From, s.To),
			Body: fmt.Sprintf("Over the last %d days you took the %s dose of %s about %s %s than the reminder. "+
				"Moving the reminder only changes when CareKeeper reminds you; if the time of the medicine itself matters, "+
				"check with your pharmacist or care team first.", TimingWindowDays, s.From, name, durWords(s.Median), way),
			Why: []string{
				fmt.Sprintf("%d doses at the %s reminder in the last %d days", s.Count, s.From, TimingWindowDays),
				fmt.Sprintf("Typical (median) difference: %s %s", durWords(s.Median), way),
			},
			Links: append([]storage.ID{s.Med.ID}, s.Doses...),
			Date:  d.Now,
			Action: &Action{Kind: ActionMoveReminder, Label: "Move to " + s.To.String(), Profile: d.Profile,
				Medicine: s.Med.Ref, MedKey: s.Med.Key(), From: s.From.String(), To: s.To.String()},
		})
	}
	return out
}

func durWords(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case m%60 == 0:
		return fmt.Sprintf("%d %s", m/60, plural(m/60, "hour", "hours"))
	default:
		return fmt.Sprintf("%d h %02d min", m/60, m%60)
	}
}

// occState is the part of remind's occurrence state (remind/occ/...) that snooze patterns
// need. Snoozes counts every snooze of the occurrence when the reminder engine keeps it.
type occState struct {
	Status  string    `json:"s"`
	Due     time.Time `json:"d"`
	Until   time.Time `json:"u"`
	Snoozes int       `json:"c"`
}

// SnoozeSuggestions looks at the reminder engine's occurrence states of the last 14 days:
// when reminders of a medicine at one time of day were snoozed at least 3 times, it suggests
// moving that time by the typical snooze delay (at least 30 minutes, to 15 minutes).
func SnoozeSuggestions(ctx context.Context, v *storage.Vault, d *Data) ([]TimingSuggestion, error) {
	type slot struct {
		n      int
		delays []time.Duration
	}
	slots := map[string]map[schedule.Clock]*slot{}
	pfx := "remind/occ/" + d.Profile + "/"
	from := d.Now.AddDate(0, 0, -SnoozeWindowDays)
	err := v.ScanState(ctx, pfx, func(k string, b []byte) error {
		var s occState
		if json.Unmarshal(b, &s) != nil || s.Due.Before(from) || s.Due.After(d.Now) {
			return nil
		}
		n := s.Snoozes
		if n == 0 && s.Status == remind.StatusSnoozed {
			n = 1
		}
		if n == 0 {
			return nil
		}
		rest := strings.TrimPrefix(k, pfx)
		i := strings.LastIndexByte(rest, '/')
		if i < 0 {
			return nil
		}
		medKey := rest[:i]
		occ, err := url.PathUnescape(rest[i+1:])
		if err != nil || !isClockKey(occ) {
			return nil
		}
		if slots[medKey] == nil {
			slots[medKey] = map[schedule.Clock]*slot{}
		}
		c := clockOf(s.Due.In(d.Loc))
		sl := slots[medKey][c]
		if sl == nil {
			sl = &slot{}
			slots[medKey][c] = sl
		}
		sl.n += n
		if !s.Until.IsZero() {
			sl.delays = append(sl.delays, s.Until.Sub(s.Due))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the reminder states: %w", err)
	}
	var out []TimingSuggestion
	for _, med := range d.Reminders.Medicines(d.Profile) {
		if !d.Taking(med) {
			continue
		}
		for c, sl := range slots[med.Key()] {
			if sl.n < SnoozeMinCount {
				continue
			}
			shift := 30 * time.Minute
			if len(sl.delays) > 0 {
				if m := median(sl.delays); m > shift {
					shift = m
				}
			}
			mins := int((shift + 14*time.Minute) / (15 * time.Minute) * 15)
			to := schedule.Clock((int(c) + mins) % 1440)
			out = append(out, TimingSuggestion{Profile: d.Profile, Med: med, From: c, To: to, Median: shift, Count: sl.n, Snoozes: true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out, nil
}

// ruleSnoozePattern needs the vault's state; Engine.Cards fills snoozes before the rules run.
func ruleSnoozePattern(d *Data) []Card {
	var out []Card
	for _, s := range d.snoozes {
		name := s.Med.Label()
		out = append(out, Card{
			ID:    cardID("snooze-pattern", s.Med.Key(), s.From.String(), s.To.String()),
			Title: fmt.Sprintf("The %s reminder for %s is often snoozed", s.From, name),
			Body: fmt.Sprintf("You snoozed it %d times in the last %d days. Would %s suit your day better? "+
				"Moving the reminder only changes when CareKeeper reminds you; if the time of the medicine itself matters, "+
				"check with your pharmacist or care team first.", s.Count, SnoozeWindowDays, s.To),
			Why:   []string{fmt.Sprintf("%d snoozes of the %s reminder in the last %d days", s.Count, s.From, SnoozeWindowDays)},
			Links: []storage.ID{s.Med.ID},
			Date:  d.Now,
			Action: &Action{Kind: ActionMoveReminder, Label: "Move to " + s.To.String(), Profile: d.Profile,
				Medicine: s.Med.Ref, MedKey: s.Med.Key(), From: s.From.String(), To: s.To.String()},
		})
	}
	return out
}

// ErrPlanNotMovable means a reminder time cannot be moved automatically (a plan with several
// steps, "every N hours", or no such time): the person changes it in the schedule instead.
var ErrPlanNotMovable = errors.New("this reminder cannot be moved automatically; change the times in the medicine's schedule")

// ApplyTiming applies an accepted move-reminder action through the reminder engine's plan
// override (remind.SetPlan): the record itself is not changed, and the person can go back to
// the record's plan at any time.
func ApplyTiming(ctx context.Context, v *storage.Vault, a Action, now time.Time, device *time.Location) error {
	if a.Kind != ActionMoveReminder {
		return errors.New("not a move-reminder action")
	}
	from, err1 := schedule.ParseClock(a.From)
	to, err2 := schedule.ParseClock(a.To)
	if err1 != nil || err2 != nil {
		return errors.New("the action's times are not HH:MM")
	}
	m, err := remind.Load(ctx, v, remind.LoadOptions{Device: device, Profile: a.Profile, Now: now})
	if err != nil {
		return err
	}
	med := m.Medicine(a.Profile, a.MedKey)
	if med == nil {
		med = m.Medicine(a.Profile, a.Medicine)
	}
	p := m.Person(a.Profile)
	if med == nil || p == nil {
		return errors.New("no such active medicine")
	}
	plan, err := ShiftPlan(med.Plan, from, to, now, p.Loc, p.Settings.Routine)
	if err != nil {
		return err
	}
	return remind.SetPlan(ctx, v, med, &plan, now)
}

// ShiftPlan returns plan with its daily reminder time from replaced by to. The plan must have
// one scheduled phase with times of day (explicit, or from meal codes and the routine).
func ShiftPlan(plan schedule.Plan, from, to schedule.Clock, now time.Time, loc *time.Location, r schedule.Routine) (schedule.Plan, error) {
	var idx []int
	for i, ph := range plan.Phases {
		if !ph.AsNeeded {
			idx = append(idx, i)
		}
	}
	if plan.Problem() != "" || len(idx) != 1 {
		return plan, ErrPlanNotMovable
	}
	ph := plan.Phases[idx[0]]
	tm := ph.Timing
	if tm.PeriodUnit == "h" || tm.PeriodUnit == "min" || tm.PeriodUnit == "s" || len(tm.Events) > 0 {
		return plan, ErrPlanNotMovable
	}
	clocks := tm.TimeOfDay
	if len(clocks) == 0 {
		// Times from meal codes or "twice a day": the clocks of the next week's doses.
		seen := map[schedule.Clock]bool{}
		for _, o := range plan.Occurrences(now, now.AddDate(0, 0, 8), loc, r, time.Time{}) {
			if !isClockKey(o.Key) {
				return plan, ErrPlanNotMovable
			}
			c := clockOf(o.At.In(loc))
			if !seen[c] {
				seen[c] = true
				clocks = append(clocks, c)
			}
		}
	}
	var out []schedule.Clock
	found := false
	for _, c := range clocks {
		if c == from && !found {
			found = true
			c = to
		}
		if !containsClock(out, c) {
			out = append(out, c)
		}
	}
	if !found {
		return plan, ErrPlanNotMovable
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	nt := schedule.Timing{TimeOfDay: out, DayOfWeek: tm.DayOfWeek, BoundsEnd: tm.BoundsEnd}
	if tm.PeriodUnit == "d" && tm.Period > 1 || tm.PeriodUnit == "wk" || tm.PeriodUnit == "mo" {
		nt.Frequency, nt.Period, nt.PeriodUnit, nt.BoundsStart = 1, tm.Period, tm.PeriodUnit, tm.BoundsStart
		if nt.BoundsStart.IsZero() {
			return plan, ErrPlanNotMovable
		}
	}
	ph.Timing = nt
	np := schedule.Plan{Phases: append([]schedule.Phase(nil), plan.Phases...)}
	np.Phases[idx[0]] = ph
	if np.Problem() != "" {
		return plan, ErrPlanNotMovable
	}
	return np, nil
}

func containsClock(list []schedule.Clock, c schedule.Clock) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}
