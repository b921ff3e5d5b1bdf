package health

import (
	"fmt"
	"strings"
)

// Conditions in words, as the app's Conditions screen and the visit summary say them.

// State is a condition's state for the person whose death is death: "Current", "Past", or
// "Until death" for a condition current when a person who died died (nothing is current for
// them now).
func (c Condition) State(death Death) string {
	switch {
	case !c.Current:
		return "Past"
	case death.Deceased:
		return "Until death"
	}
	return "Current"
}

// SummaryState is the condition's state as the visit summary says it after its name:
// "current", "until death", "resolved 10 Nov 2026", or "resolved" when the records give no
// end date (it read "resolved " with a stray space, F78); ", not confirmed" after it for a
// diagnosis the records do not confirm.
func (c Condition) SummaryState(death Death) string {
	s := "resolved"
	switch {
	case c.Current:
		s = strings.ToLower(c.State(death))
	case c.Abated != "":
		s += " " + DayWords(c.Abated)
	}
	if c.Unconfirmed {
		s += ", not confirmed" // "current, not confirmed": a diagnosis being looked into
	}
	return s
}

// Line is the condition's state and dates: "Current · since 3 May 2020", "Until death ·
// since 2001", "Past · 3 May 2001 – 5 Jun 2005", "Past" without dates.
func (c Condition) Line(death Death) string {
	line := c.State(death)
	switch {
	case c.Current && c.Onset != "":
		line += " · since " + DayWords(c.Onset)
	case !c.Current && c.Onset != "" && c.Abated != "":
		line += " · " + DayWords(c.Onset) + " – " + DayWords(c.Abated)
	case !c.Current && c.Onset != "":
		line += " · " + DayWords(c.Onset)
	case !c.Current && c.Abated != "":
		line += " · until " + DayWords(c.Abated)
	}
	if c.Unconfirmed {
		line += " · not confirmed" // a diagnosis being looked into is not one the person has
	}
	return line
}

// ConditionCounts is the count of conditions by state: "2 current, 1 past", "2 until death,
// 1 past" (only people who died), "1 current, 2 until death, 1 past" (several people, one of
// whom died); "" when there are none (an empty list says so itself, not "0 current, 0 past").
// deathOf is the death of a condition's person.
func ConditionCounts(current, past []Condition, deathOf func(profile string) Death) string {
	if len(current)+len(past) == 0 {
		return ""
	}
	now, atDeath, living := 0, 0, false
	for _, c := range current {
		if deathOf(c.Profile).Deceased {
			atDeath++
		} else {
			now++
			living = true
		}
	}
	for _, c := range past {
		living = living || !deathOf(c.Profile).Deceased
	}
	switch {
	case !living:
		return fmt.Sprintf("%d until death, %d past", atDeath, len(past))
	case atDeath == 0:
		return fmt.Sprintf("%d current, %d past", now, len(past))
	}
	return fmt.Sprintf("%d current, %d until death, %d past", now, atDeath, len(past))
}
