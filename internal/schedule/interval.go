package schedule

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// The elapsed-time intervals ("every N hours") reminders follow: at least an hour apart, at
// most a week. CheckInterval is the one validator: the app, the CLI and the scheduler use it,
// so an interval one accepts is never dropped by another.
const (
	MinInterval = time.Hour
	MaxInterval = 7 * 24 * time.Hour
)

// ErrInterval says which intervals are accepted, in words for the person.
var ErrInterval = errors.New("every how many hours? Give a number from 1 to 168")

// CheckInterval returns ErrInterval unless d is within [MinInterval, MaxInterval].
func CheckInterval(d time.Duration) error {
	if d < MinInterval || d > MaxInterval {
		return ErrInterval
	}
	return nil
}

// hoursDuration is h hours, rounded to the second; ok is false for NaN, infinities and values
// out of any sensible range.
func hoursDuration(h float64) (time.Duration, bool) {
	if math.IsNaN(h) || math.IsInf(h, 0) || h <= 0 || h > 1e6 {
		return 0, false
	}
	return time.Duration(math.Round(h*3600)) * time.Second, true
}

// EveryHours is the plan "every h hours", the first dose at start, or ErrInterval.
func EveryHours(h float64, start time.Time) (*Plan, error) {
	d, ok := hoursDuration(h) // rounded to the second, as the scheduler rounds it
	if !ok {
		return nil, ErrInterval
	}
	if err := CheckInterval(d); err != nil {
		return nil, err
	}
	t := Timing{Frequency: 1, Period: h, PeriodUnit: "h", BoundsStart: start}
	return &Plan{Phases: []Phase{{Timing: t}}}, nil
}

// ParseEveryHours reads a number of hours as typed ("8", "1.5", "1,5") and returns
// EveryHours's plan.
func ParseEveryHours(text string, start time.Time) (*Plan, error) {
	h, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(text, ",", ".")), 64)
	if err != nil {
		return nil, ErrInterval
	}
	return EveryHours(h, start)
}
