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
	case c.untilDeath(death):
		return "Until death"
	case !c.Current:
		return "Past"
	}
	return "Current"
}

// untilDeath says whether the person who died had the condition when they died: it was
// current then, or its record dates its resolution after the death, a date the person did not
// live to (an error in the record; it read "resolved 29 Dec 2016" two days after a death, F102).
func (c Condition) untilDeath(death Death) bool {
	return death.Deceased && (c.Current || (death.Date != "" && c.Abated > death.Date))
}

// SummaryState is the condition's state as the visit summary says it after its name:
// "current", "until death", "resolved 10 Nov 2026", or "resolved" when the records give no
// end date (it read "resolved " with a stray space, F78); ", not confirmed" after it for a
// diagnosis the records do not confirm.
func (c Condition) SummaryState(death Death) string {
	s := "resolved"
	switch {
	case c.Current || c.untilDeath(death):
		s = strings.ToLower(c.State(death))
	case c.EndsBeforeStart():
		// not both as facts: "resolved 14 Aug 2008" of a condition since 3 Jul 2013 (F205)
		s += "; the record's end, " + DayWords(c.Abated) + ", is before its start"
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
	case (c.Current || c.untilDeath(death)) && c.OnsetWords != "":
		line += " · " + c.Since() // "since age 7", "in childhood" (F229)
	case (c.Current || c.untilDeath(death)) && c.Onset != "":
		line += " · since " + DayWords(c.Onset)
	case c.Current || c.untilDeath(death):
	case c.EndsBeforeStart():
		line += " · " + DayWords(c.Onset) + "; the record's end, " + DayWords(c.Abated) + ", is before its start" // F205
	case c.Onset != "" && c.Abated != "":
		line += " · " + DayWords(c.Onset) + " – " + DayWords(c.Abated)
	case c.Onset != "":
		line += " · " + DayWords(c.Onset)
	case c.Abated != "":
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
	pastN := 0
	for _, c := range past {
		switch d := deathOf(c.Profile); {
		case c.untilDeath(d): // resolved, says the record, after the death (F102)
			atDeath++
		default:
			pastN++
			living = living || !d.Deceased
		}
	}
	switch {
	case !living:
		return fmt.Sprintf("%d until death, %d past", atDeath, pastN)
	case atDeath == 0:
		return fmt.Sprintf("%d current, %d past", now, pastN)
	}
	return fmt.Sprintf("%d current, %d until death, %d past", now, atDeath, pastN)
}

// EndsBeforeStart reports a condition whose record gives an end before its start (HL7's CCD 1:
// pneumonia from 3 Jul 2013, resolved 14 Aug 2008): neither date is said as a fact beside the
// other (F205).
func (c Condition) EndsBeforeStart() bool {
	return c.Onset != "" && c.Abated != "" && c.OnsetWords == "" && c.Abated < c.Onset
}
