package schedule

import "time"

// Civil day numbers: days since 1970-01-01 on the proleptic Gregorian calendar (H. Hinnant's
// algorithms). Pure arithmetic, no zone.

func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}

func weekdayOf(day int64) time.Weekday {
	w := (day + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// addMonths moves (y, m) by n months.
func addMonths(y int, m time.Month, n int) (int, time.Month) {
	k := y*12 + int(m) - 1 + n
	yy, mm := k/12, k%12
	if mm < 0 {
		mm += 12
		yy--
	}
	return yy, time.Month(mm + 1)
}

// dayOf is the civil day of t's wall clock in loc.
func dayOf(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	return daysFromCivil(y, m, d)
}

func appendDateKey(b []byte, y int, m time.Month, d int, c Clock) []byte {
	if y < 0 || y > 9999 {
		return append(b, time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, time.UTC).Format("2006-01-02T15:04")...)
	}
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T')
	return appendClock(b, c)
}

// resolveWall is the instant of a wall-clock reading in loc: inside a spring-forward gap, the
// first valid instant after the gap; in a fall-back overlap, the first occurrence.
func resolveWall(y int, mo time.Month, d, h, mi, s, ns int, loc *time.Location) time.Time {
	if mo < time.January || mo > time.December || d < 1 || d > daysIn(y, mo) {
		y, mo = addMonths(y, time.January, int(mo)-1)
		y, mo, d = civilFromDays(daysFromCivil(y, mo, 1) + int64(d-1))
	}
	t := time.Date(y, mo, d, h, mi, s, ns, loc)
	ty, tm, td := t.Date()
	th, tmi, ts := t.Clock()
	if ty == y && tm == mo && td == d && th == h && tmi == mi && ts == s {
		// Valid; make sure it is the first of two readings at a fall-back.
		start, _ := t.ZoneBounds()
		if !start.IsZero() {
			_, off := t.Zone()
			_, prev := start.Add(-time.Second).Zone()
			if prev > off {
				e := t.Add(-time.Duration(prev-off) * time.Second)
				if e.Before(start) {
					ey, em, ed := e.Date()
					eh, emi, es := e.Clock()
					if ey == y && em == mo && ed == d && eh == h && emi == mi && es == s {
						return e
					}
				}
			}
		}
		return t
	}
	// In a gap: t was read in one of the two zones around the transition.
	start, end := t.ZoneBounds()
	want := time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	got := time.Date(ty, tm, td, th, tmi, ts, t.Nanosecond(), time.UTC)
	if got.Before(want) {
		if end.IsZero() {
			return t
		}
		return end.In(loc)
	}
	if start.IsZero() {
		return t
	}
	return start.In(loc)
}

// inLoc resolves a Floating time in loc; other times are returned as they are, in loc.
func inLoc(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	if !IsFloating(t) {
		return t.In(loc)
	}
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return resolveWall(y, m, d, h, mi, s, t.Nanosecond(), loc)
}

// wall turns (civil day, clock) into instants in loc, caching the current zone period so that
// most days need no zone lookup.
type wall struct {
	loc         *time.Location
	lo, hi, off int64 // fast path valid for instants in [lo, hi) with UTC offset off
	ok          bool
}

func (w *wall) at(day int64, c Clock) time.Time {
	i := day*86400 + int64(c)*60
	if w.ok {
		if u := i - w.off; u >= w.lo && u < w.hi {
			return time.Unix(u, 0).In(w.loc)
		}
	}
	y, m, d := civilFromDays(day)
	t := resolveWall(y, m, d, int(c)/60, int(c)%60, 0, 0, w.loc)
	w.refill(t)
	return t
}

func (w *wall) refill(t time.Time) {
	start, end := t.ZoneBounds()
	_, off := t.Zone()
	w.off = int64(off)
	w.lo, w.hi = -1<<62, 1<<62
	if !start.IsZero() {
		w.lo = start.Unix()
		_, prev := start.Add(-time.Second).Zone()
		if prev > off { // readings just after a fall-back also exist before it
			w.lo += int64(prev - off)
		}
	}
	if !end.IsZero() {
		w.hi = end.Unix()
	}
	w.ok = true
}
