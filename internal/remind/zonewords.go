package remind

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"
)

// Zone is the clock every line of one person's screens uses (Today, Appointments, the
// `today` command): their zone (home, or this computer's when they follow local time), and
// this computer's beside it. While the two differ, a time alone would be read on the
// computer's clock, so every time and day of the person is said with the zone's name ("00:30
// Dublin time (4 Dec, 19:30 here)").
type Zone struct {
	Loc    *time.Location // the person's: their doses, days and appointments are in it
	Device *time.Location // this computer's
}

// Zone is the clock of a person's screens (their Person.Loc; this computer's for a person the
// model does not hold).
func (m *Model) Zone(profile string) Zone {
	z := Zone{Loc: m.Device, Device: m.Device}
	if p := m.Person(profile); p != nil && p.Loc != nil {
		z.Loc = p.Loc
	}
	return z.orLocal()
}

func (z Zone) orLocal() Zone {
	if z.Device == nil {
		z.Device = time.Local
	}
	if z.Loc == nil {
		z.Loc = z.Device
	}
	return z
}

// Differs reports whether the person's clock reads differently from this computer's at t.
func (z Zone) Differs(t time.Time) bool {
	z = z.orLocal()
	_, a := t.In(z.Loc).Zone()
	_, b := t.In(z.Device).Zone()
	return a != b
}

// Name is the person's zone in plain words at t: "Dublin time", "New York time", "UTC",
// "UTC+05:30".
func (z Zone) Name(t time.Time) string {
	z = z.orLocal()
	n := z.Loc.String()
	if i := strings.LastIndex(n, "/"); i >= 0 && !strings.HasPrefix(n, "Etc/") {
		return strings.ReplaceAll(n[i+1:], "_", " ") + " time"
	}
	_, off := t.In(z.Loc).Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60)
}

// Clock is t's time of day on the person's clock, "08:00" (for lines under a Note), with the
// zone's abbreviation on the hour the clocks say twice: "02:30 CEST", "02:30 CET" (F482).
func (z Zone) Clock(t time.Time) string { return health.WallClock(t, z.orLocal().Loc) }

// DayClock is a dose's time of day on the person's clock as a day's list says it at now:
// "23:50", and "23:50 yesterday" for a dose of the day before now's, one still due or overdue
// after midnight (F376).
func (z Zone) DayClock(t, now time.Time) string {
	z = z.orLocal()
	c := z.Clock(t)
	ty, tm, td := t.In(z.Loc).Date()
	ny, nm, nd := now.In(z.Loc).Date()
	if y, m, d := time.Date(ny, nm, nd-1, 12, 0, 0, 0, z.Loc).Date(); ty == y && tm == m && td == d {
		c += " yesterday"
	}
	return c
}

// Date is t's day on the person's clock, "5 Dec 2026".
func (z Zone) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return health.DateWords(t.In(z.orLocal().Loc))
}

// When is a day and time of the person: "5 Dec 2026, 00:30", and while their clock is not
// this computer's "5 Dec 2026, 00:30 Dublin time (4 Dec, 19:30 here)" (At and Here).
func (z Zone) When(t time.Time) string {
	if here := z.Here(t); here != "" {
		return z.At(t) + " (" + here + ")"
	}
	return z.At(t)
}

// At is a day and time of the person, the zone named while it is not this computer's: "5 Dec
// 2026, 00:30 Dublin time".
func (z Zone) At(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	z = z.orLocal()
	// the zone on the repeated hour, "02:30 CEST" (F482), on another computer's clock too:
	// "01:30 EDT New York time (05:30 here)" — the hour New York's clocks say twice
	s := health.DateWallClock(t, z.Loc)
	if z.Differs(t) {
		s += " " + z.Name(t)
	}
	return s
}

// Here is t on this computer's clock while the person's is another: "19:30 here", "4 Dec,
// 19:30 here" when the computer's day is another too; "" while the clocks agree.
func (z Zone) Here(t time.Time) string {
	z = z.orLocal()
	if t.IsZero() || !z.Differs(t) {
		return ""
	}
	here := health.WallClock(t, z.Device) // "02:30 CET here" on this computer's repeated hour (F482)
	if y, m, d := t.In(z.Loc).Date(); t.In(z.Device).Day() != d || t.In(z.Device).Month() != m || t.In(z.Device).Year() != y {
		here = t.In(z.Device).Format("2 Jan, ") + here
	}
	return here + " here"
}

// ClockHere is t's time of day on the person's clock for words read alone (a notification),
// named with this computer's beside it while they differ: "08:00", "08:00 Tokyo time (15:00
// here)" (F89, F565).
func (z Zone) ClockHere(t time.Time) string {
	at := z.Clock(t)
	if here := z.Here(t); here != "" {
		at += " " + z.Name(t) + " (" + here + ")"
	}
	return at
}

// Day is the person's day at t, as a heading: "Saturday 5 December 2026", and while their
// clock is not this computer's "Saturday 5 December 2026, Dublin time".
func (z Zone) Day(t time.Time) string {
	z = z.orLocal()
	s := t.In(z.Loc).Format("Monday 2 January 2006")
	if z.Differs(t) {
		s += ", " + z.Name(t)
	}
	return s
}

// Note says, while the person's clock is not this computer's, which clock their times are on:
// "Times are Dublin time: it is Saturday 5 December, 00:15 there, 5 hours ahead of this
// computer." ("" while the clocks agree).
func (z Zone) Note(now time.Time) string {
	z = z.orLocal()
	if !z.Differs(now) {
		return ""
	}
	_, a := now.In(z.Loc).Zone()
	_, b := now.In(z.Device).Zone()
	d, way := a-b, "ahead of"
	if d < 0 {
		d, way = -d, "behind"
	}
	var gap []string
	if h := d / 3600; h > 0 {
		gap = append(gap, plural(h, "hour"))
	}
	if m := d % 3600 / 60; m > 0 {
		gap = append(gap, plural(m, "minute"))
	}
	return fmt.Sprintf("Times are %s: it is %s there, %s %s this computer.", z.Name(now), now.In(z.Loc).Format("Monday 2 January, 15:04"), strings.Join(gap, " "), way)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// RunOutWords says when a medicine's supply runs out, on the person's clock: "runs out around
// 10 Dec 2026", or — that day already past — "would have run out on 29 Nov 2026, counted
// from its schedule: check how many are left". A date a week ago read as one to come (F294).
func (z Zone) RunOutWords(runOut, now time.Time) string {
	loc := z.orLocal().Loc
	r, n := runOut.In(loc), now.In(loc)
	if time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, time.UTC).Before(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)) {
		return "would have run out on " + z.Date(runOut) + ", counted from its schedule: check how many are left"
	}
	return "runs out around " + z.Date(runOut)
}

// RefillWords is RunOutWords for a refill whose supply does not fit today's dose with no date
// of the change (Refill.DoseChanged): a run-out already past is not said as a date the data
// does not support but as what is known — "may have run out: the 60 tablets handed over on 9 Nov 2026
// were for 30 days, and at the dose now they last 15; check how many are left" (F374).
func (z Zone) RefillWords(runOut, now time.Time, doseChanged string) string {
	words := z.RunOutWords(runOut, now)
	if doseChanged != "" && strings.HasPrefix(words, "would have") {
		return "may have run out: " + doseChanged + "; check how many are left"
	}
	return words
}
