package fhirjson

import "time"

// Precision is how precisely a FHIR date, dateTime or instant is written: a year ("1999"), a
// month ("1999-11"), a day ("1999-11-04") or a time of day ("1999-11-04T00:00:00Z"). The
// vault indexes every date as a sortable UTC instant (a partial date at the start of its
// period), so the precision is kept beside it: "1999-11" is November 1999, never 1 Nov 1999,
// and a reading taken at midnight UTC keeps its time.
type Precision uint8

const (
	PrecisionUnknown Precision = iota // no date, or not known (records stored before it was kept)
	PrecisionYear
	PrecisionMonth
	PrecisionDay
	PrecisionTime
)

// DatePrecision is the precision of a FHIR date, dateTime or instant as written;
// PrecisionUnknown for anything else.
func DatePrecision(s string) Precision {
	switch {
	case len(s) == 4 && parses("2006", s):
		return PrecisionYear
	case len(s) == 7 && parses("2006-01", s):
		return PrecisionMonth
	case len(s) == 10 && parses("2006-01-02", s):
		return PrecisionDay
	case len(s) > 10 && (parses(time.RFC3339Nano, s) || parses("2006-01-02T15:04:05", s)):
		return PrecisionTime
	}
	return PrecisionUnknown
}

func parses(layout, s string) bool {
	_, err := time.Parse(layout, s)
	return err == nil
}

// SortablePrecision is the precision a sortable UTC date ("2006-01-02T15:04:05Z") implies
// when no precision was kept with it: midnight UTC is read as a date alone (how the vault
// keeps a record that gives its day only), any other time as a time of day.
func SortablePrecision(sortable string) Precision {
	if p, ok := sortablePrecision(sortable); ok {
		return p
	}
	t, err := time.Parse(time.RFC3339, sortable)
	if err != nil {
		return PrecisionUnknown
	}
	if u := t.UTC(); u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return PrecisionDay
	}
	return PrecisionTime
}

// sortablePrecision is SortablePrecision of a valid date in the vault's own form,
// "2006-01-02T15:04:05Z", read without time.Parse: decoding a record's metadata asks for it,
// and time.Parse was ~2 % of listing a year of records. ok is false for anything else (another
// form, or a date or time out of range), which SortablePrecision leaves to time.Parse.
func sortablePrecision(s string) (p Precision, ok bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return PrecisionUnknown, false
	}
	two := func(i int) int {
		a, b := s[i]-'0', s[i+1]-'0'
		if a > 9 || b > 9 {
			return -1
		}
		return int(a)*10 + int(b)
	}
	hi, lo := two(0), two(2)
	month, day, hour, minute, second := two(5), two(8), two(11), two(14), two(17)
	if hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 {
		return PrecisionUnknown, false
	}
	year := hi*100 + lo
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	if day > days {
		return PrecisionUnknown, false
	}
	if hour == 0 && minute == 0 && second == 0 {
		return PrecisionDay, true
	}
	return PrecisionTime, true
}
