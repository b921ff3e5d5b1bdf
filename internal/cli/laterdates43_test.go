package cli_test

import (
	"regexp"
	"testing"
	"time"
)

// The command line reads the real clock (a medicine whose course ended before now is past, one
// written over a year before now is to be confirmed, a dose whose time had passed when the
// medicine was added is not missed), so a test whose records name days near the day it was
// written failed on a later day. weeksAfterNow moves such a test's dates, by whole weeks (the
// weekdays stay), so that day (YYYY-MM-DD) is at least two days after now; 0 while it already
// is.
func weeksAfterNow(t *testing.T, day string) int {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	short := time.Now().AddDate(0, 0, 2).Sub(d)
	if short <= 0 {
		return 0
	}
	return 7 * int((short+7*24*time.Hour-1)/(7*24*time.Hour))
}

var (
	isoDay = regexp.MustCompile(`\b(20\d\d)-(\d\d)-(\d\d)`)
	hl7Day = regexp.MustCompile(`value="(20\d\d)(\d\d)(\d\d)`)
)

// shiftDates moves every date in s, written 2006-01-02 or (HL7, in a value attribute)
// 20060102, by days.
func shiftDates(s string, days int) string {
	if days == 0 {
		return s
	}
	move := func(y, m, d string) time.Time {
		t, _ := time.Parse("20060102", y+m+d)
		return t.AddDate(0, 0, days)
	}
	s = isoDay.ReplaceAllStringFunc(s, func(x string) string {
		p := isoDay.FindStringSubmatch(x)
		return move(p[1], p[2], p[3]).Format(time.DateOnly)
	})
	return hl7Day.ReplaceAllStringFunc(s, func(x string) string {
		p := hl7Day.FindStringSubmatch(x)
		return `value="` + move(p[1], p[2], p[3]).Format("20060102")
	})
}

// shiftDay is the day (YYYY-MM-DD) moved by days, in words ("23 Dec 2026").
func shiftDay(day string, days int) string {
	d, _ := time.Parse(time.DateOnly, day)
	return d.AddDate(0, 0, days).Format("2 Jan 2006")
}
