package fhirtest

import (
	"errors"
	"strings"
	"time"
)

// datePredicate is one parsed FHIR date search value ("gt2024-05-01T10:00:00Z").
type datePredicate struct {
	prefix string
	lo, hi time.Time // the value's implicit range [lo, hi) at its precision
}

var errDate = errors.New("invalid date search value")

// parseDateParam parses a FHIR R4 date search value: an optional prefix (eq, ne, gt, lt, ge,
// le, sa, eb) and a date of year, month, day, minute, second or fractional-second precision.
// A value with a time needs a timezone (Z or ±hh:mm): a "+" sent unescaped in a URL arrives as
// a space and is rejected, as strict servers do.
func parseDateParam(v string) (datePredicate, error) {
	p := datePredicate{prefix: "eq"}
	if len(v) >= 2 && v[0] >= 'a' && v[0] <= 'z' {
		p.prefix = v[:2]
		v = v[2:]
		switch p.prefix {
		case "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb":
		default:
			return p, errDate
		}
	}
	layouts := []struct {
		layout string
		step   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01-02T15:04Z07:00", func(t time.Time) time.Time { return t.Add(time.Minute) }},
		{"2006-01-02T15:04:05Z07:00", func(t time.Time) time.Time { return t.Add(time.Second) }},
	}
	if len(v) > 40 {
		return p, errDate
	}
	for _, l := range layouts {
		if strings.Contains(v, ".") {
			break
		}
		if len(v) < 4 || (len(l.layout) <= 10 && len(v) != len(l.layout)) {
			continue
		}
		t, err := time.Parse(l.layout, v)
		if err != nil {
			continue
		}
		p.lo, p.hi = t.UTC(), l.step(t).UTC()
		return p, nil
	}
	// Fractional seconds: the precision is the number of digits written.
	if i := strings.IndexByte(v, '.'); i > 0 {
		j := i + 1
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			j++
		}
		digits := j - i - 1
		if digits >= 1 && digits <= 9 {
			t, err := time.Parse("2006-01-02T15:04:05.999999999Z07:00", v)
			if err == nil {
				step := time.Duration(1)
				for k := digits; k < 9; k++ {
					step *= 10
				}
				p.lo, p.hi = t.UTC(), t.Add(step).UTC()
				return p, nil
			}
		}
	}
	return p, errDate
}

// match reports whether the instant t satisfies the predicate (FHIR R4 search, date
// prefixes applied to the value's implicit range).
func (p datePredicate) match(t time.Time) bool {
	switch p.prefix {
	case "eq":
		return !t.Before(p.lo) && t.Before(p.hi)
	case "ne":
		return t.Before(p.lo) || !t.Before(p.hi)
	case "gt", "sa":
		return !t.Before(p.hi)
	case "ge":
		return !t.Before(p.lo)
	case "lt", "eb":
		return t.Before(p.lo)
	case "le":
		return t.Before(p.hi)
	}
	return false
}
