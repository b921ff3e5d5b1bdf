package journey

import (
	"fmt"
	"strings"
	"time"

	"carekeeper/internal/health"
)

// pregnantNow says the person's records hold a current pregnancy: a current condition of the
// pregnancy guide, or of a guide that ends at the birth (gestational diabetes), not ended by a
// birth, the condition's end or the death (pregnancyEnded).
func (d *Data) pregnantNow() bool {
	if d.Death.Deceased {
		return false
	}
	for _, g := range d.Guides {
		if g.Slug == "pregnancy" || g.EndsAtBirth {
			if !d.pregnancyEnded(d.guideCond[g.Slug]) {
				return true
			}
		}
	}
	return false
}

// pregnancyGuide says one of the person's guides is about a pregnancy (the births matter).
func (d *Data) pregnancyGuide() bool {
	for _, g := range d.Guides {
		if g.Slug == "pregnancy" || g.EndsAtBirth {
			return true
		}
	}
	return false
}

// PregnancyWords say, for the visit summary, a pregnancy's estimated due date from the newest
// of the results giving one (health.DueDateCodes) and how far the pregnancy is at now on the
// person's clock loc, counted back from it (280 days): "Pregnant, due 30 Mar 2027 (23 weeks 6
// days on 7 Dec 2026, counted from the due date)". Zofia's due date was on the Timeline only:
// a clinician reading her summary did not see she was pregnant, nor how far (F557 item 3).
// pregnant says the records hold a current pregnancy; without one, a due date not passed yet
// is said as the records give it, "Estimated due date in the records: 30 Mar 2027 (recorded
// 20 Aug 2026)", never "Pregnant". "" when no such date says anything now.
// A birth recorded on or after the day the due date was recorded ends it: nothing is said.
func (d *Data) PregnancyWords(text []health.TextResult, now time.Time) string {
	loc, pregnant := d.Loc, d.pregnantNow()
	var due *health.TextResult
	for i := range text {
		tr := &text[i]
		if tr.DateValue == "" || !strings.HasPrefix(tr.Code, health.LOINC+"|") || !health.DueDateCodes[strings.TrimPrefix(tr.Code, health.LOINC+"|")] {
			continue
		}
		if due == nil || tr.T.After(due.T) {
			due = tr
		}
	}
	if due == nil {
		return ""
	}
	recorded := due.In(loc).Format("2006-01-02")
	for _, b := range d.births {
		if b >= recorded {
			return ""
		}
	}
	today := now.In(loc)
	todayDay := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	day, err := time.Parse("2006-01-02", health.Day(due.DateValue))
	if err != nil || len(due.DateValue) < len("2006-01-02") {
		// a month alone: said as given, with no count of weeks
		if pregnant {
			return "Pregnant, due " + due.Text
		}
		return ""
	}
	days := int(day.Sub(todayDay).Hours()/24 + 0.5)
	if !pregnant {
		if days < 0 {
			return ""
		}
		return fmt.Sprintf("Estimated due date in the records: %s (recorded %s)", due.Text, due.DateIn(loc))
	}
	along := 280 - days // days of the pregnancy, counted back from the due date
	switch {
	case along > 301:
		// three weeks past the due date and still a current pregnancy: that due date is not
		// this pregnancy's, or the birth is not in the records
		return fmt.Sprintf("Pregnant (the newest estimated due date in the records, %s, has passed)", due.Text)
	case along < 0:
		return "Pregnant, due " + due.Text
	}
	weeks := fmt.Sprintf("%d %s", along/7, plural(along/7, "week", "weeks"))
	if along%7 > 0 {
		weeks += fmt.Sprintf(" %d %s", along%7, plural(along%7, "day", "days"))
	}
	return fmt.Sprintf("Pregnant, due %s (%s on %s, counted from the due date)", due.Text, weeks, today.Format("2 Jan 2006"))
}
