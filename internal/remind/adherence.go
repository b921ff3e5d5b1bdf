package remind

import (
	"cmp"
	"time"

	"carekeeper/internal/health"
)

// Period is the length of an adherence bucket.
type Period int

// Adherence buckets.
const (
	Day Period = iota
	Week
	Month
)

// Tally counts scheduled doses in a bucket.
type Tally struct {
	Start, End time.Time
	// Since is when doses began to be counted, when that is after Start: the medicine's start,
	// or when CareKeeper began reminding of it (Medicine.Since), or — never reminded of —
	// when it came into CareKeeper. Zero: from Start.
	Since     time.Time
	Scheduled int // doses due in the bucket (only up to now, and not before the medicine was seen)
	OnTime    int // taken within the on-time window
	Late      int // taken, but outside the window
	Skipped   int
	Missed    int // no answer
	// Twice are the doses among these answered taken more than once — one dose given on two
	// devices of a household before they exchanged (F221) —, each counted once above: a
	// visit summary said "1 of 1 taken on time" of Tobi's 22:00 glargine given at 22:04 and
	// at 22:10 (F493). In time order.
	Twice []GivenTwice
}

// GivenTwice is a dose of the plan answered taken more than once: its time and each answer.
type GivenTwice struct {
	At    time.Time
	Takes []Answer
}

// Rate is the share of scheduled doses taken on time (0 when none were scheduled).
func (t Tally) Rate() float64 {
	if t.Scheduled == 0 {
		return 0
	}
	return float64(t.OnTime) / float64(t.Scheduled)
}

func (t *Tally) add(o Tally) {
	t.Scheduled += o.Scheduled
	t.OnTime += o.OnTime
	t.Late += o.Late
	t.Skipped += o.Skipped
	t.Missed += o.Missed
	t.Twice = append(t.Twice, o.Twice...)
}

// MedAdherence is one medicine's adherence.
type MedAdherence struct {
	Med     *Medicine
	Buckets []Tally
	Total   Tally
}

// Adherence is a person's adherence per medicine and overall, in buckets of the period
// (calendar days, weeks starting Monday, or months in the person's zone) over [from, to).
type Adherence struct {
	Profile string
	Meds    []MedAdherence
	Buckets []Tally
	Total   Tally
}

// Adherence computes a person's adherence. Doses due after now are not counted, nor the doses
// of medicines that get no reminders because they are not being taken (to be confirmed, or
// stopped by the person), nor anything of a person who died: a dose never reminded of is not
// "missed".
func (m *Model) Adherence(profile string, from, to, now time.Time, period Period) Adherence {
	out := Adherence{Profile: profile}
	p := m.person[profile]
	if p == nil || p.Deceased {
		return out
	}
	starts := bucketStarts(from, to, p.Loc, period)
	out.Buckets = newBuckets(starts, to)
	window := time.Duration(p.Settings.OnTimeMinutes) * time.Minute
	moved := m.movedDays(m.occ)
	for _, med := range m.Medicines(profile) {
		if med.State == health.MedToConfirm || med.State == health.MedStopped {
			continue
		}
		ma := MedAdherence{Med: med, Buckets: newBuckets(starts, to)}
		byOcc := map[string]Dose{}
		takes := map[string]map[string][]Answer{}
		for _, d := range m.Doses[med.Key()] {
			if d.Occurrence != "" {
				byOcc[d.Occurrence] = d // the latest answer wins
			}
		}
		lo, hi := from, to
		// From when its doses were reminded: with the plans before a change kept, that is
		// when the medicine was first seen, not the last change (F249).
		if c := keptFrom(med, m.Doses[med.Key()]); c.After(lo) {
			lo = c
		}
		if c := remindedFrom(med, p.Death); c.After(lo) {
			lo = c
		}
		if c := unremindedFrom(med, m.Doses[med.Key()], now); c.After(lo) {
			lo = c
		}
		if now.Before(hi) {
			hi = now
		}
		if lo.Before(hi) {
			// Each dose of the plan in force at its time, as Today lists them: a dose reminded and
			// never answered before the times changed is 'no answer' (F249, F164).
			for _, o := range m.occurrences(med, lo, hi) {
				i := bucketIndex(starts, o.At)
				if i < 0 {
					continue
				}
				d, ok := byOcc[o.Key]
				at := o.At
				if !ok {
					// Taken that day before its time was moved: on time by the time it was taken for (F85).
					r := Reminder{Kind: KindDose, Med: med, Due: o.At, Occurrence: o.Key}
					if d, ok = moved.answer(r); ok {
						if moved.listed(r, d) {
							// Listed at its own time, of the plan before the change, and
							// counted there: one dose, as Today lists it (F164, F249).
							continue
						}
						at = cmp.Or(d.Scheduled, o.At)
					}
				}
				if !ok && now.Before(o.At.Add(window)) {
					// Unanswered and perhaps still due (Today's "Doses due now"): not yet a
					// dose not taken; it counts once its due window has closed.
					if dueUntil, _ := m.window(med, o.At); now.Before(dueUntil) {
						continue
					}
				}
				t := &ma.Buckets[i]
				t.Scheduled++
				switch {
				case !ok:
					t.Missed++
				case !d.Taken:
					t.Skipped++
				case absDur(d.When.Sub(at)) <= window:
					t.OnTime++
				default:
					t.Late++
				}
				if ok && d.Taken {
					if as := m.takesOf(takes, med.Key(), o.Key); len(as) > 1 {
						t.Twice = append(t.Twice, GivenTwice{At: o.At, Takes: as})
					}
				}
			}
		}
		ma.Total.Start, ma.Total.End = from, to
		if lo.After(from) && lo.Before(to) {
			ma.Total.Since = lo
		}
		for i := range ma.Buckets {
			ma.Total.add(ma.Buckets[i])
			out.Buckets[i].add(ma.Buckets[i])
		}
		out.Total.add(ma.Total)
		out.Meds = append(out.Meds, ma)
	}
	out.Total.Start, out.Total.End = from, to
	return out
}

// keptFrom is when the reminders first saw a medicine (Medicine.remindedFrom), or its first
// dose answered before that (from the command line, before any app or daemon ran): a dose
// kept is counted, also across a change of times (F193: after 'schedule set --times' the
// line was gone, the dose answered before it no longer counted).
func keptFrom(med *Medicine, doses []Dose) time.Time {
	c := med.remindedFrom()
	if c.IsZero() {
		return c
	}
	for _, d := range doses {
		if at := cmp.Or(d.Scheduled, d.When); !at.IsZero() && at.Before(c) {
			c = at
		}
	}
	return c
}

// remindedFrom is when the person confirmed a medicine that, unconfirmed, was to be
// confirmed then (a stale order gets no reminders until the person says they take it), else
// zero: its doses before that were never reminded of and are not counted.
func remindedFrom(med *Medicine, death health.Death) time.Time {
	c := med.Facts.Choice
	if c == nil || !c.Taking || c.At.IsZero() {
		return time.Time{}
	}
	if health.MedicineState(med.factsAtChoice, death, c.At) != health.MedToConfirm {
		return time.Time{}
	}
	return c.At
}

// unremindedFrom is when a medicine no app or daemon has reminded of yet (Since is zero: the
// reminders have not seen it) is counted from: when its record came into the vault, or its
// first dose answered before that. A medicine imported today with an order of October had 132
// doses "not marked" in a visit summary — 0 % on time for doses CareKeeper never knew of
// (F193). Zero when the reminders have seen it (Since counts), or when the record's time is
// not before now (a clock set back: it says nothing). Times set by hand before any reminder
// ran (Since is then the change) do not count from the period's start: the doses kept before
// the change still count, and none before the medicine came in (F193: '1 of 122 … 121 not
// marked' after 'schedule set --times').
func unremindedFrom(med *Medicine, doses []Dose, now time.Time) time.Time {
	if !med.seen.IsZero() || med.stored.IsZero() || !med.stored.Before(now) {
		return time.Time{}
	}
	first := med.stored
	for _, d := range doses {
		if at := cmp.Or(d.Scheduled, d.When); !at.IsZero() && at.Before(first) {
			first = at
		}
	}
	return first
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func bucketStarts(from, to time.Time, loc *time.Location, period Period) []time.Time {
	f := from.In(loc)
	start := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	switch period {
	case Week:
		start = start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7))
	case Month:
		start = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc)
	}
	var out []time.Time
	for t := start; t.Before(to); {
		out = append(out, t)
		switch period {
		case Day:
			t = t.AddDate(0, 0, 1)
		case Week:
			t = t.AddDate(0, 0, 7)
		default:
			t = t.AddDate(0, 1, 0)
		}
	}
	return out
}

func newBuckets(starts []time.Time, to time.Time) []Tally {
	out := make([]Tally, len(starts))
	for i, s := range starts {
		out[i].Start = s
		if i+1 < len(starts) {
			out[i].End = starts[i+1]
		} else {
			out[i].End = to
		}
	}
	return out
}

func bucketIndex(starts []time.Time, t time.Time) int {
	i := -1
	for j, s := range starts {
		if !t.Before(s) {
			i = j
		} else {
			break
		}
	}
	return i
}
