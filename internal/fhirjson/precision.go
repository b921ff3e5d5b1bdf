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
	t, err := time.Parse(time.RFC3339, sortable)
	if err != nil {
		return PrecisionUnknown
	}
	if u := t.UTC(); u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return PrecisionDay
	}
	return PrecisionTime
}
