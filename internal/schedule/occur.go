package schedule

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// phaseSpan is one phase resolved in a zone: its rule, start, end and count.
type phaseSpan struct {
	ok     bool
	ru     rule
	start  time.Time // zero: open (only for rules that need no origin)
	end    time.Time // exclusive; zero: open
	count  int
	anchor time.Time // rkInterval: the single event, or CareKeeper's first dose (pickedStart)
	events []event   // rkEvents, sorted
	w      *wall
}

type event struct {
	at  time.Time
	key string
}

// resolvePlan resolves every phase in loc; the reason is non-empty when a scheduled (not
// as-needed) phase cannot be turned into times.
func resolvePlan(phases []Phase, loc *time.Location, r Routine) ([]phaseSpan, string) {
	spans := make([]phaseSpan, len(phases))
	order := make([]int, len(phases))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(phases[a].Sequence, phases[b].Sequence) })
	w := &wall{loc: loc}
	var reason string
	var prevEnd time.Time
	prevOpen, first := false, true
	for gi := 0; gi < len(order); {
		gj := gi
		for gj < len(order) && phases[order[gj]].Sequence == phases[order[gi]].Sequence {
			gj++
		}
		var groupEnd time.Time
		groupOpen := false
		for _, i := range order[gi:gj] {
			ph, sp := &phases[i], &spans[i]
			sp.w = w
			tm := &ph.Timing
			ru, why := tm.rule(r)
			if ph.AsNeeded {
				why = ""
			}
			start := inLoc(tm.BoundsStart, loc)
			if start.IsZero() && !first {
				if prevOpen {
					why = cmp.Or(why, reasonOpenPhase)
				} else {
					start = prevEnd
				}
			}
			end := inLoc(tm.BoundsEnd, loc)
			if !start.IsZero() && !end.IsZero() && !end.After(start) {
				why = cmp.Or(why, reasonBoundsOrder)
			}
			if tm.BoundsDuration > 0 {
				if start.IsZero() {
					why = cmp.Or(why, reasonNoStart)
				} else if de, ok := addDuration(start, tm.BoundsDuration, tm.BoundsDurationUnit, loc); !ok {
					why = cmp.Or(why, reasonDuration)
				} else if end.IsZero() || de.Before(end) {
					end = de
				}
			}
			sp.ru, sp.start, sp.end, sp.count = ru, start, end, tm.Count
			if why == "" && !ph.AsNeeded {
				if start.IsZero() && (ru.needsOrigin() || tm.Count > 0) {
					why = reasonNoStart
				}
			}
			if why == "" && !ph.AsNeeded {
				switch ru.kind {
				case rkInterval:
					if ru.anchored {
						sp.anchor = inLoc(tm.Events[0], loc)
					} else if at, ok := pickedStart(*tm, r); ok {
						// The record gives a day, no time ("every 8 hours" from authoredOn
						// 2026-12-01): the doses count from breakfast that day, not from
						// midnight (F188).
						sp.anchor = inLoc(at, loc)
					}
				case rkEvents:
					sp.events = make([]event, 0, len(tm.Events))
					for _, e := range tm.Events {
						at := inLoc(e, loc)
						var key string
						if IsFloating(e) {
							key = e.Format("2006-01-02T15:04")
						} else {
							key = e.UTC().Format(time.RFC3339)
						}
						sp.events = append(sp.events, event{at, key})
					}
					slices.SortStableFunc(sp.events, func(a, b event) int { return a.at.Compare(b.at) })
					// One dose per instant (a stored plan may hold repeats; a floating time and
					// an instant can resolve to the same moment).
					sp.events = slices.CompactFunc(sp.events, func(a, b event) bool { return a.at.Equal(b.at) })
				}
				if tm.Count > 0 {
					if ce := sp.countEnd(); !ce.IsZero() && (sp.end.IsZero() || ce.Before(sp.end)) {
						sp.end = ce
					}
				}
				sp.ok = true
			}
			if why != "" && reason == "" {
				reason = why
			}
			if sp.end.IsZero() {
				groupOpen = true
			} else if sp.end.After(groupEnd) {
				groupEnd = sp.end
			}
		}
		prevEnd, prevOpen, first = groupEnd, groupOpen, false
		gi = gj
	}
	return spans, reason
}

func problemOf(phases []Phase) string {
	_, reason := resolvePlan(phases, time.UTC, DefaultRoutine())
	return reason
}

// addDuration is start + v unit: calendar arithmetic on the wall clock for d, wk, mo and a
// (a month after 31 Jan is the end of February), elapsed time for s, min and h.
func addDuration(start time.Time, v float64, unit string, loc *time.Location) (time.Time, bool) {
	if secs, ok := unitSeconds[unit]; ok {
		d := v * secs
		if d > 3660*86400 {
			return time.Time{}, false
		}
		return start.Add(time.Duration(d * float64(time.Second))), true
	}
	var lim int
	switch unit {
	case "d":
		lim = maxDays
	case "wk":
		lim = maxWeeks
	case "mo":
		lim = maxMonths
	case "a":
		lim = maxYears
	default:
		return time.Time{}, false
	}
	n, ok := isWholeIn(v, lim)
	if !ok {
		return time.Time{}, false
	}
	s := start.In(loc)
	y, m, d := s.Date()
	h, mi, sec := s.Clock()
	switch unit {
	case "d":
		d += n
	case "wk":
		d += 7 * n
	case "mo":
		y, m = addMonths(y, m, n)
		d = min(d, daysIn(y, m))
	case "a":
		y += n
		d = min(d, daysIn(y, m))
	}
	return resolveWall(y, m, d, h, mi, sec, s.Nanosecond(), loc), true
}

// countEnd is where the phase would continue after Count doses: the start of the next phase.
func (sp *phaseSpan) countEnd() time.Time {
	n := sp.count
	switch sp.ru.kind {
	case rkInterval:
		return addSteps(sp.intervalBase(), int64(n), sp.ru.interval)
	case rkEvents:
		k := 0
		for _, e := range sp.events {
			if !sp.start.IsZero() && e.at.Before(sp.start) {
				continue
			}
			if k == n {
				return e.at
			}
			k++
		}
		return time.Time{}
	}
	g := sp.dayGen(time.Time{})
	return g.nthSlot(int64(n))
}

// intervalBase is the first scheduled dose of an interval phase (at or after its start).
func (sp *phaseSpan) intervalBase() time.Time {
	base := sp.start
	if !sp.anchor.IsZero() {
		base = sp.anchor
		if !sp.start.IsZero() && base.Before(sp.start) {
			base = addSteps(base, stepsUntil(base, sp.start, sp.ru.interval), sp.ru.interval)
		}
	}
	return base
}

// Interval arithmetic in whole seconds (intervals are whole seconds), so that far-apart dates
// cannot overflow time.Duration.

// addSteps is base + k*iv.
func addSteps(base time.Time, k int64, iv time.Duration) time.Time {
	return time.Unix(base.Unix()+k*int64(iv/time.Second), int64(base.Nanosecond())).In(base.Location())
}

// stepsUntil is the smallest k >= 0 with base + k*iv >= t.
func stepsUntil(base, t time.Time, iv time.Duration) int64 {
	if !t.After(base) {
		return 0
	}
	ivs := int64(iv / time.Second)
	ds := t.Unix() - base.Unix()
	k := ds / ivs
	if addSteps(base, k, iv).Before(t) {
		k++
	}
	return k
}

// dayGen generates wall-clock rules.
type dayGen struct {
	times   []Clock
	cycle   cycleKind
	every   int64
	mask    uint8
	sd, m0  int64 // start day; Monday of its week
	sy      int
	sm      time.Month
	sdom    int
	start   time.Time
	hasS    bool
	skipped int64 // times on the start day before the start instant
	w       *wall
}

func (sp *phaseSpan) dayGen(from time.Time) *dayGen {
	g := &dayGen{times: sp.ru.times, cycle: sp.ru.cycle, every: int64(sp.ru.every), mask: sp.ru.mask,
		start: sp.start, hasS: !sp.start.IsZero(), w: sp.w}
	if g.hasS {
		g.sd = dayOf(sp.start, sp.w.loc)
	} else {
		g.sd = dayOf(from, sp.w.loc) - 1
	}
	if g.mask == 0 {
		g.mask = 1 << weekdayOf(g.sd)
	}
	g.m0 = g.sd - int64((weekdayOf(g.sd)+6)%7)
	g.sy, g.sm, g.sdom = civilFromDays(g.sd)
	if g.hasS && g.matches(g.sd) {
		for _, c := range g.times {
			if g.w.at(g.sd, c).Before(g.start) {
				g.skipped++
			}
		}
	}
	return g
}

func (g *dayGen) matches(day int64) bool {
	switch g.cycle {
	case cyDaily:
		return (day-g.sd)%g.every == 0
	case cyWeekly:
		return g.mask&(1<<weekdayOf(day)) != 0 && ((day-g.m0)/7)%g.every == 0
	case cyMonthly:
		y, m, d := civilFromDays(day)
		k := int64((y*12 + int(m)) - (g.sy*12 + int(g.sm)))
		return k%g.every == 0 && d == min(g.sdom, daysIn(y, m))
	default:
		y, m, d := civilFromDays(day)
		return m == g.sm && int64(y-g.sy)%g.every == 0 && d == min(g.sdom, daysIn(y, m))
	}
}

// weekCount is the number of matching days in [m0, x) of a weekly rule.
func (g *dayGen) weekCount(x int64) int64 {
	n := x - g.m0
	period := 7 * g.every
	cnt := n / period * int64(popcount(g.mask))
	for k := int64(0); k < min(n%period, 7); k++ {
		if g.mask&(1<<weekdayOf(g.m0+k)) != 0 {
			cnt++
		}
	}
	return cnt
}

// matchingBefore is the number of matching days in [sd, b).
func (g *dayGen) matchingBefore(b int64) int64 {
	if b <= g.sd {
		return 0
	}
	switch g.cycle {
	case cyDaily:
		return (b - g.sd + g.every - 1) / g.every
	case cyWeekly:
		return g.weekCount(b) - g.weekCount(g.sd)
	}
	y, m, _ := civilFromDays(b - 1)
	var k int64
	if g.cycle == cyMonthly {
		k = int64((y*12 + int(m)) - (g.sy*12 + int(g.sm)))
	} else {
		k = int64(y - g.sy)
	}
	cnt := k/g.every + 1
	if k%g.every == 0 && g.nthDay(k/g.every) > b-1 {
		cnt--
	}
	return cnt
}

// nthDay is the j-th (0-based) matching day.
func (g *dayGen) nthDay(j int64) int64 {
	switch g.cycle {
	case cyDaily:
		return g.sd + j*g.every
	case cyWeekly:
		jj := j + g.weekCount(g.sd)
		c := int64(popcount(g.mask))
		base := g.m0 + jj/c*7*g.every
		r := jj % c
		for k := int64(0); k < 7; k++ {
			if g.mask&(1<<weekdayOf(base+k)) != 0 {
				if r == 0 {
					return base + k
				}
				r--
			}
		}
		return base
	case cyMonthly:
		y, m := addMonths(g.sy, g.sm, int(j*g.every))
		return daysFromCivil(y, m, min(g.sdom, daysIn(y, m)))
	default:
		y := g.sy + int(j*g.every)
		return daysFromCivil(y, g.sm, min(g.sdom, daysIn(y, g.sm)))
	}
}

// nthSlot is the instant of the n-th (0-based) dose counted from the start.
func (g *dayGen) nthSlot(n int64) time.Time {
	t := int64(len(g.times))
	idx := n + g.skipped
	return g.w.at(g.nthDay(idx/t), g.times[idx%t])
}

// keyBuf collects the keys of one Occurrences call in one buffer, turned into one string at
// the end (one allocation for all keys instead of one per dose).
type keyBuf struct {
	b    []byte
	ends []int
}

func (k *keyBuf) done() { k.ends = append(k.ends, len(k.b)) }

// estimate is a generous guess of the number of doses of a phase in a window, to size slices.
func (sp *phaseSpan) estimate(from, to time.Time) int {
	d := to.Sub(from)
	switch sp.ru.kind {
	case rkEvents:
		return len(sp.events)
	case rkInterval:
		return int(min(d/sp.ru.interval+1, 1<<14))
	}
	return int(min(d/(24*time.Hour)+2, 1<<14)) * len(sp.ru.times)
}

func (sp *phaseSpan) gen(out []Occurrence, kb *keyBuf, from, to time.Time, idx int, dose string, lastTaken time.Time) []Occurrence {
	hasE := !sp.end.IsZero()
	count := int64(sp.count)
	switch sp.ru.kind {
	case rkEvents:
		var n int64
		for _, e := range sp.events {
			if !sp.start.IsZero() && e.at.Before(sp.start) {
				continue
			}
			if (hasE && !e.at.Before(sp.end)) || (count > 0 && n >= count) || !e.at.Before(to) {
				break
			}
			n++
			if !e.at.Before(from) {
				out = append(out, Occurrence{At: e.at, Phase: idx, Dose: dose})
				kb.b = append(kb.b, e.key...)
				kb.done()
			}
		}
		return out
	case rkInterval:
		iv := sp.ru.interval
		base := sp.intervalBase()
		var ord int64
		if !lastTaken.IsZero() && !sp.ru.anchored && !sp.start.IsZero() && lastTaken.Before(sp.start) && lastTaken.Add(iv).After(sp.start) {
			// A dose taken less than one interval before the phase began (under the times
			// before: twice a day, the 20:05 dose taken, then 'every 8 hours' from 21:56): the
			// first dose is one interval after it, 04:05, not at once (F123).
			base = lastTaken.Add(iv)
		} else if !lastTaken.IsZero() && (sp.start.IsZero() || !lastTaken.Before(sp.start)) && (!hasE || lastTaken.Before(sp.end)) {
			if !base.IsZero() {
				ord = int64(math.Round(float64(lastTaken.Unix()-base.Unix()) / iv.Seconds()))
				ord = max(ord, 0)
				// The doses up to the one taken last keep their times (taken, skipped or
				// missed, they are still the day's doses); the next ones count from when it
				// was taken.
				out = sp.intervalRun(out, kb, base, 0, ord+1, from, to, idx, dose)
			}
			base = lastTaken.Add(iv)
			ord++
		}
		if base.IsZero() {
			return out
		}
		return sp.intervalRun(out, kb, base, ord, -1, from, to, idx, dose)
	}
	g := sp.dayGen(from)
	loc := sp.w.loc
	d0 := dayOf(from, loc) - 1
	if g.hasS && d0 < g.sd {
		d0 = g.sd
	}
	d1 := dayOf(to, loc) + 1
	if hasE {
		d1 = min(d1, dayOf(sp.end, loc)+1)
	}
	var ord int64
	if count > 0 {
		ord = g.matchingBefore(d0) * int64(len(g.times))
		if d0 > g.sd && g.matches(g.sd) {
			ord -= g.skipped
		}
	}
	for day := d0; day <= d1; day++ {
		if !g.matches(day) {
			continue
		}
		y, m, dd := civilFromDays(day)
		for _, c := range g.times {
			at := g.w.at(day, c)
			if g.hasS && at.Before(g.start) {
				continue
			}
			if (hasE && !at.Before(sp.end)) || !at.Before(to) {
				return out
			}
			if count > 0 {
				if ord >= count {
					return out
				}
				ord++
			}
			if at.Before(from) {
				continue
			}
			out = append(out, Occurrence{At: at, Phase: idx, Dose: dose})
			kb.b = appendDateKey(kb.b, y, m, dd, c)
			kb.done()
		}
	}
	return out
}

// intervalRun appends the doses base + k*iv in [from, to) of an interval phase, k < upTo (all
// when upTo < 0); ord is the number of the phase's doses before base (for a counted phase).
func (sp *phaseSpan) intervalRun(out []Occurrence, kb *keyBuf, base time.Time, ord, upTo int64, from, to time.Time, idx int, dose string) []Occurrence {
	iv, count, hasE := sp.ru.interval, int64(sp.count), !sp.end.IsZero()
	loc := sp.w.loc
	for k := stepsUntil(base, from, iv); upTo < 0 || k < upTo; k++ {
		at := addSteps(base, k, iv)
		if !at.Before(to) || (hasE && !at.Before(sp.end)) || (count > 0 && ord+k >= count) {
			break
		}
		out = append(out, Occurrence{At: at.In(loc), Phase: idx, Dose: dose})
		kb.b = at.UTC().AppendFormat(kb.b, time.RFC3339)
		kb.done()
	}
	return out
}

// Occurrences returns the due doses in [from, to), sorted by At. Times of day are wall-clock
// times in loc (nil means time.Local); intervals are elapsed time anchored on lastTaken when
// non-zero (and within the phase), else on the first scheduled dose. Spring-forward gap: once at
// the first valid instant after the gap; fall-back: once, at the first occurrence. count is
// counted from the phase's start whatever from is, so calling it window by window gives the
// same doses as one big window (for the same lastTaken). The cost grows with the number of
// days in [from, to), not with the age of the plan. A plan with a Problem gives nothing.
func (p Plan) Occurrences(from, to time.Time, loc *time.Location, r Routine, lastTaken time.Time) []Occurrence {
	if p.Unclear != "" || p.AsNeeded || len(p.Phases) == 0 || !from.Before(to) {
		return nil
	}
	if loc == nil {
		loc = time.Local
	}
	spans, reason := resolvePlan(p.Phases, loc, r)
	if reason != "" {
		return nil
	}
	est := 0
	for i := range spans {
		if spans[i].ok {
			est += spans[i].estimate(from, to)
		}
	}
	if est == 0 {
		return nil
	}
	out := make([]Occurrence, 0, est)
	kb := keyBuf{b: make([]byte, 0, est*17), ends: make([]int, 0, est)}
	producing := 0
	for i := range spans {
		if !spans[i].ok {
			continue
		}
		before := len(out)
		out = spans[i].gen(out, &kb, from, to, i, p.Phases[i].Dose, lastTaken)
		if len(out) > before {
			producing++
		}
	}
	if len(out) == 0 {
		return nil
	}
	keys, prev := string(kb.b), 0
	for i, end := range kb.ends {
		out[i].Key = keys[prev:end]
		prev = end
	}
	if producing > 1 {
		slices.SortStableFunc(out, func(a, b Occurrence) int {
			return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Phase, b.Phase))
		})
		for i := 1; i < len(out); i++ {
			if !out[i].At.Equal(out[i-1].At) {
				continue
			}
			for j := i - 1; j >= 0 && out[j].At.Equal(out[i].At); j-- {
				if out[j].Key == out[i].Key {
					out[i].Key += "#" + strconv.Itoa(out[i].Phase)
					break
				}
			}
		}
	}
	return out
}

// Span is when the plan runs in loc: the start of its first scheduled phase and the exclusive
// end of its last (zero when open-ended or unknown). The engine can use it to tell a finished
// course from an ongoing one.
func (p Plan) Span(loc *time.Location, r Routine) (start, end time.Time) {
	if p.Unclear != "" || p.AsNeeded || len(p.Phases) == 0 {
		return
	}
	if loc == nil {
		loc = time.Local
	}
	spans, reason := resolvePlan(p.Phases, loc, r)
	if reason != "" {
		return
	}
	open := false
	for _, sp := range spans {
		if !sp.ok {
			continue
		}
		if !sp.start.IsZero() && (start.IsZero() || sp.start.Before(start)) {
			start = sp.start
		}
		if sp.end.IsZero() {
			open = true
		} else if sp.end.After(end) {
			end = sp.end
		}
	}
	if open {
		end = time.Time{}
	}
	return start, end
}
