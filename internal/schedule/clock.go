package schedule

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Clock is a wall-clock time of day in minutes after midnight (0..1439).
type Clock int

var errBadClock = errors.New("schedule: not a time of day (want HH:MM or HH:MM:SS)")

// ParseClock reads "08:00", "8:00", "08:00:00" or "08:00:00.000" (FHIR time). Seconds are
// dropped: reminders are per minute.
func ParseClock(s string) (Clock, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, errBadClock
	}
	h, err := twoDigits(parts[0], true)
	if err != nil || h > 23 {
		return 0, errBadClock
	}
	m, err := twoDigits(parts[1], false)
	if err != nil || m > 59 {
		return 0, errBadClock
	}
	if len(parts) == 3 {
		sec := parts[2]
		if i := strings.IndexByte(sec, '.'); i >= 0 {
			frac := sec[i+1:]
			if frac == "" || strings.Trim(frac, "0123456789") != "" {
				return 0, errBadClock
			}
			sec = sec[:i]
		}
		if s, err := twoDigits(sec, false); err != nil || s > 59 {
			return 0, errBadClock
		}
	}
	return Clock(h*60 + m), nil
}

func twoDigits(s string, oneOK bool) (int, error) {
	if len(s) != 2 && !(oneOK && len(s) == 1) {
		return 0, errBadClock
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errBadClock
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, nil
}

// Valid reports whether c is within 00:00..23:59.
func (c Clock) Valid() bool { return c >= 0 && c < 1440 }

// String gives "08:00".
func (c Clock) String() string {
	if !c.Valid() {
		return "invalid"
	}
	b := make([]byte, 0, 5)
	return string(appendClock(b, c))
}

func appendClock(b []byte, c Clock) []byte {
	h, m := int(c)/60, int(c)%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

// MarshalJSON writes "HH:MM".
func (c Clock) MarshalJSON() ([]byte, error) {
	if !c.Valid() {
		return nil, errBadClock
	}
	return []byte(`"` + c.String() + `"`), nil
}

// UnmarshalJSON reads "HH:MM[:SS]" or a number of minutes.
func (c *Clock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := ParseClock(s)
		if err != nil {
			return err
		}
		*c = v
		return nil
	}
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 0 || n >= 1440 {
		return errBadClock
	}
	*c = Clock(n)
	return nil
}

// Routine is a person's day; it turns `when` codes and "twice a day" into times.
type Routine struct {
	Wake      Clock `json:"wake"`
	Breakfast Clock `json:"breakfast"`
	Lunch     Clock `json:"lunch"`
	Dinner    Clock `json:"dinner"`
	Bed       Clock `json:"bed"`
}

// DefaultRoutine is 07:00 wake, 07:30 breakfast, 12:30 lunch, 18:30 dinner, 22:00 bed.
func DefaultRoutine() Routine {
	return Routine{Wake: 7 * 60, Breakfast: 7*60 + 30, Lunch: 12*60 + 30, Dinner: 18*60 + 30, Bed: 22 * 60}
}

// sane replaces out-of-range fields with the defaults.
func (r Routine) sane() Routine {
	d := DefaultRoutine()
	fix := func(c *Clock, def Clock) {
		if !c.Valid() {
			*c = def
		}
	}
	fix(&r.Wake, d.Wake)
	fix(&r.Breakfast, d.Breakfast)
	fix(&r.Lunch, d.Lunch)
	fix(&r.Dinner, d.Dinner)
	fix(&r.Bed, d.Bed)
	return r
}

// between is the clock a fraction num/den of the way from a to b (b after a, across midnight
// if needed).
func between(a, b Clock, num, den int) Clock {
	span := int(b - a)
	if span < 0 {
		span += 1440
	}
	return Clock((int(a) + span*num/den) % 1440)
}
