package schedule

import (
	"errors"
	"strings"
)

// ErrUnreadClock is ReadClock's error: a time of day it cannot read.
var ErrUnreadClock = errors.New("not a time of day: write it like 20:00 or 8 pm")

// ReadClock reads a time of day as people write it — "20:00", "8:00", "20.00", "20", "8pm",
// "8 pm", "8:30am", "8.30 p.m." ("12 am" is midnight, "12 pm" noon) — for the app's time
// boxes and the CLI's --times alike. '8pm' was read as no time, and the medicine saved
// 'as needed' (F208). ParseClock stays the strict HH:MM[:SS] of records.
func ReadClock(s string) (Clock, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	half := byte(0)
	for _, suf := range []string{"a.m.", "p.m.", "am", "pm"} {
		if strings.HasSuffix(t, suf) {
			half, t = suf[0], strings.TrimSuffix(t, suf)
			break
		}
	}
	hs, ms, found := strings.Cut(t, ":")
	if !found {
		hs, ms, found = strings.Cut(t, ".")
	}
	if !found {
		ms = "00"
	}
	if half == 0 && strings.Count(ms, ":") == 1 { // "08:00:00", as records write it
		if c, err := ParseClock(t); err == nil {
			return c, nil
		}
		return 0, ErrUnreadClock
	}
	h, err1 := twoDigits(hs, true)
	m, err2 := twoDigits(ms, false)
	if err1 != nil || err2 != nil || len(ms) != 2 || m > 59 {
		return 0, ErrUnreadClock
	}
	switch half {
	case 0:
		if h > 23 {
			return 0, ErrUnreadClock
		}
	default:
		if h < 1 || h > 12 {
			return 0, ErrUnreadClock
		}
		h %= 12
		if half == 'p' {
			h += 12
		}
	}
	return Clock(h*60 + m), nil
}
