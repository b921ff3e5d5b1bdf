package app

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"carekeeper/internal/health"

	"fyne.io/fyne/v2/lang"
)

// Birth dates as people write them (F207: '3 May 1950' was 'not a real date: use the form
// YYYY-MM-DD').

var (
	ordinal     = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	numberDate  = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	wordLayouts = []string{"2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006", "2006-1-2", "2006 January 2", "2006 Jan 2"}
)

// readBirthDate reads a birth date written as people write it — '3 May 1950', '3 may 1950',
// 'May 3, 1950', '3rd May 1950', '1950-05-03', '13/05/1950' — as YYYY-MM-DD ("" for none). A
// date of numbers that could be either day first or month first ('05/03/1950') is asked about,
// as is a date that is not a real one or after today.
func readBirthDate(s string, now time.Time) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	iso, err := writtenDate(s)
	if err != nil {
		return "", err
	}
	if iso == "" {
		return "", errors.New(lang.L("write the birth date like 3 May 1950 (or 1950-05-03)"))
	}
	switch health.CheckBirthDate(iso, now) {
	case health.ErrNotADate:
		return "", errors.New(lang.L("not a real date: write the birth date like 3 May 1950"))
	case health.ErrFutureBirth:
		return "", errors.New(lang.L("this date is after today"))
	}
	return iso, nil
}

// writtenDate reads a date as people write it (readBirthDate's forms) as YYYY-MM-DD: "" when
// it cannot be read; an error, in words, for numbers that could be day first or month first.
// A YYYY-MM-DD naming no real day is returned as it is, for the caller to say so.
func writtenDate(s string) (string, error) {
	iso := ""
	if m := numberDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		day, month := a, b
		switch {
		case a > 12 && b <= 12:
		case b > 12 && a <= 12:
			day, month = b, a
		case a == b:
		default:
			if a >= 1 && b >= 1 && a <= 12 && b <= 12 {
				one := time.Date(y, time.Month(b), a, 0, 0, 0, 0, time.UTC)
				other := time.Date(y, time.Month(a), b, 0, 0, 0, 0, time.UTC)
				return "", twoLengths{
					short: fmt.Sprintf(lang.L("%s or %s?"), one.Format("2 January"), other.Format("2 January")),
					whole: fmt.Sprintf(lang.L("%s could be %s or %s: write it with the month in words, e.g. %s"), s,
						one.Format("2 January"), other.Format("2 January"), one.Format("2 Jan 2006")),
				}
			}
		}
		iso = fmt.Sprintf("%04d-%02d-%02d", y, month, day)
	} else {
		t := ordinal.ReplaceAllString(strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " "), "$1")
		for _, l := range wordLayouts {
			if d, err := time.Parse(l, t); err == nil {
				iso = d.Format("2006-01-02")
				break
			}
		}
		if iso == "" && len(s) == 10 && s[4] == '-' && s[7] == '-' {
			iso = s // YYYY-MM-DD that names no real day: said by the caller
		}
	}
	return iso, nil
}

// twoLengths is a problem with what was typed said in two lengths. Fyne's form writes a box's
// error under it on one line that does not wrap: "05/03/1950 could be 5 March or 3 May: write it
// with the month in words, e.g. 5 Mar 1950" made Add person and Add appointment wider than a
// 1024×600 window at 200 %, the line cut at "write it with the month in w" (F368). Error() is
// the short form, for under the box ("5 March or 3 May?"); the dialog's own line, which wraps,
// says the whole sentence (wholeWords).
type twoLengths struct{ short, whole string }

func (e twoLengths) Error() string { return e.short }

// wholeWords is err in full: a twoLengths' whole sentence, any other error's text.
func wholeWords(err error) string {
	var t twoLengths
	if errors.As(err, &t) {
		return t.whole
	}
	return err.Error()
}

// validBirthDate accepts "" or a birth date readBirthDate reads.
func validBirthDate(s string) error {
	_, err := readBirthDate(s, time.Now())
	return err
}
