package journey

import (
	"fmt"
	"strings"

	"carekeeper/internal/health"
)

// mealTally counts a pregnancy's meter readings against the guide's target of each: fasting,
// 1 hour and 2 hours after a meal, as each reading's record says it was taken (health.Meal).
// A reading whose record does not say is read against the highest target only (over every
// target), and never taken for fasting (F547: Zofia's readings were named "na czczo" and "1 h
// po obiedzie", and every one was read against 7.8 mmol/L alone).
type mealTally struct {
	s         *health.Series // the unit and words of the values
	f, h1, h2 float64        // the targets, in s's unit
	by        [health.MealAfter + 1]mealCount
}

type mealCount struct {
	n, over int
	lo, hi  float64
}

// target is the target a reading of meal m is read against: after a meal at a time not said,
// the 1-hour target (the higher of the two after a meal); not said, the highest of all.
func (t *mealTally) target(m health.Meal) float64 {
	switch m {
	case health.MealFasting:
		return t.f
	case health.MealOneHour:
		return t.h1
	case health.MealTwoHours:
		return t.h2
	case health.MealAfter:
		return max(t.h1, t.h2)
	}
	return max(t.f, t.h1, t.h2)
}

// add counts a reading of value v (in s's unit) taken at meal m.
func (t *mealTally) add(v float64, m health.Meal) {
	c := &t.by[m]
	if c.n == 0 || v < c.lo {
		c.lo = v
	}
	if c.n == 0 || v > c.hi {
		c.hi = v
	}
	c.n++
	if v >= t.target(m) {
		c.over++
	}
}

// total is how many readings were counted and how many were at or above their target.
func (t *mealTally) total() (n, over int) {
	for _, c := range t.by {
		n, over = n+c.n, over+c.over
	}
	return n, over
}

// said says some reading's record said when it was taken beside a meal.
func (t *mealTally) said() bool {
	n, _ := t.total()
	return n > t.by[health.MealNotSaid].n
}

// words says, when some record said when its reading was taken, each kind's readings, their
// lowest and highest and how many were at or above its target: "fasting: 7 readings, 82–97
// mg/dL, 2 at or above 95 mg/dL; 1 hour after a meal: 21 readings, 101–147 mg/dL, 3 at or
// above 140 mg/dL"; the readings not said last, "not said when: 2 readings, … 1 at or above
// 140 mg/dL (over every target)". "" when no record said.
func (t *mealTally) words() string {
	if !t.said() {
		return ""
	}
	var parts []string
	for _, m := range []health.Meal{health.MealFasting, health.MealOneHour, health.MealTwoHours, health.MealAfter, health.MealNotSaid} {
		c := t.by[m]
		if c.n == 0 {
			continue
		}
		name := m.Words()
		if m == health.MealNotSaid {
			name = "not said when"
		} else if m == health.MealAfter {
			name = "after a meal, how long not said"
		}
		vals := t.s.Value("", c.hi)
		if c.lo != c.hi {
			vals = health.FormatNumber(c.lo) + "–" + vals
		}
		w := fmt.Sprintf("%s: %d %s, %s, %d at or above %s", name, c.n, plural(c.n, "reading", "readings"), vals, c.over, t.s.Value("", t.target(m)))
		if m == health.MealNotSaid {
			w += " (over every target)"
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, "; ")
}
