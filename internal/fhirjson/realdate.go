package fhirjson

// wantDate is what checkTypes says a date element that names no real day must be.
const wantDate = "a real date"

// RealDate reports whether s (a JSON string's content, undecoded) is a FHIR date, dateTime
// or instant naming a day and time that exist: YYYY, YYYY-MM, YYYY-MM-DD, or a day with a
// time hh:mm[:ss[.fraction]] and a zone (Z or ±hh:mm). A time without a zone, or without its
// seconds, is not FHIR but is written by real systems and is read as before; "" means absent.
// "2026-13-45", "2023-02-29", "2024-01-01T25:00:00Z" and "yesterday" are not dates: the file
// is refused with the element's path (FHIR: "Dates SHALL be valid dates"). A leap second
// (:60) is allowed, as FHIR's pattern allows it.
func RealDate(s []byte) bool {
	if len(s) == 0 {
		return true
	}
	num := func(i, n int) (int, bool) {
		if i+n > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok := num(0, 4)
	if !ok || y == 0 {
		return false // FHIR's years are 0001–9999: '0000' was read as 1 Jan 0000 (F175)
	}
	if len(s) == 4 {
		return true
	}
	if s[4] != '-' {
		return false
	}
	m, ok := num(5, 2)
	if !ok || m < 1 || m > 12 {
		return false
	}
	if len(s) == 7 {
		return true
	}
	if len(s) < 10 || s[7] != '-' {
		return false
	}
	d, ok := num(8, 2)
	if !ok || d < 1 || d > daysIn(y, m) {
		return false
	}
	if len(s) == 10 {
		return true
	}
	if s[10] != 'T' {
		return false
	}
	h, ok1 := num(11, 2)
	mi, ok2 := num(14, 2)
	if !ok1 || !ok2 || len(s) < 16 || s[13] != ':' || h > 23 || mi > 59 {
		return false
	}
	i := 16
	if i < len(s) && s[i] == ':' {
		sec, ok := num(i+1, 2)
		if !ok || sec > 60 {
			return false
		}
		i += 3
		if i < len(s) && s[i] == '.' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == i+1 {
				return false
			}
			i = j
		}
	}
	switch {
	case i == len(s):
		return true
	case s[i] == 'Z':
		return i+1 == len(s)
	case s[i] == '+' || s[i] == '-':
		zh, ok1 := num(i+1, 2)
		zm, ok2 := num(i+4, 2)
		// FHIR's offsets stop at ±14:00 (+14:30 was taken, +15:00 refused: F175).
		return ok1 && ok2 && i+6 == len(s) && s[i+3] == ':' && (zh < 14 && zm <= 59 || zh == 14 && zm == 0)
	}
	return false
}

// daysIn is the number of days in month m of year y (proleptic Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// LeapSecondAs59 is s (a FHIR dateTime or instant) with a leap second, hh:mm:60 — which FHIR's
// pattern and RealDate allow and Go's time package does not read — as hh:mm:59, the second
// before it, as the C-CDA conversion reads 235960; any other s is returned as it is. Readers
// of dates (storage's index, the views) use it, so a reading timed on a leap second is dated
// and shown, not left out (F40).
func LeapSecondAs59(s string) string {
	if len(s) >= 19 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[17] == '6' && s[18] == '0' {
		return s[:17] + "59" + s[19:]
	}
	return s
}
