package fhirjson

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func TestDatePrecision(t *testing.T) {
	for in, want := range map[string]Precision{
		"1999": PrecisionYear, "1999-11": PrecisionMonth, "1999-11-04": PrecisionDay,
		"1999-11-04T00:00:00Z": PrecisionTime, "1999-11-04T10:00:00.123+02:00": PrecisionTime,
		"1999-11-04T10:00:00": PrecisionTime, "": PrecisionUnknown, "199": PrecisionUnknown,
		"1999-13": PrecisionUnknown, "1999-11-4": PrecisionUnknown, "soon": PrecisionUnknown,
	} {
		if got := DatePrecision(in); got != want {
			t.Errorf("DatePrecision(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[string]Precision{
		"2020-03-04T00:00:00Z": PrecisionDay, "2020-03-04T00:00:01Z": PrecisionTime, "": PrecisionUnknown, "2020-03": PrecisionUnknown,
	} {
		if got := SortablePrecision(in); got != want {
			t.Errorf("SortablePrecision(%q) = %d, want %d", in, got, want)
		}
	}
}

// FuzzDatePrecision: any string gets a precision, and a date it calls a year, month or day
// is that many characters and parses.
func FuzzDatePrecision(f *testing.F) {
	for _, s := range []string{"1999", "1999-11", "1999-11-04", "1999-11-04T00:00:00Z", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		layout := map[Precision]string{PrecisionYear: "2006", PrecisionMonth: "2006-01", PrecisionDay: "2006-01-02"}
		p := DatePrecision(s)
		if p > PrecisionTime {
			t.Fatalf("precision %d", p)
		}
		if l, ok := layout[p]; ok {
			if _, err := time.Parse(l, s); err != nil || len(s) != len(l) {
				t.Fatalf("%q called precision %d", s, p)
			}
		}
		if sp := SortablePrecision(s); sp != PrecisionUnknown && sp != PrecisionDay && sp != PrecisionTime {
			t.Fatalf("sortable %q read as precision %d", s, sp)
		}
	})
}

// sortablePrecisionByParse is SortablePrecision as it was, by time.Parse alone.
func sortablePrecisionByParse(s string) Precision {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return PrecisionUnknown
	}
	if u := t.UTC(); u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return PrecisionDay
	}
	return PrecisionTime
}

// TestSortablePrecisionAsParse: the vault's own form read without time.Parse gives what
// time.Parse gave, for valid and invalid dates and times and other forms.
func TestSortablePrecisionAsParse(t *testing.T) {
	cases := []string{
		"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T12:00:00Z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-04-31T00:00:00Z", "2024-04-30T00:00:00Z",
		"2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-32T00:00:00Z",
		"2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z", "2024-01-01T00:00:01Z",
		"2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00.5Z", "2024-01-01", "2024-01-01T00:00:00z",
		"2024-1-01T00:00:00Z0", "2O24-01-01T00:00:00Z", "2024-01-01T0a:00:00Z", "2024/01/01T00:00:00Z", "",
		"-024-01-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00Z ",
	}
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n, max int) string { return fmt.Sprintf("%0*d", n, r.IntN(max)) }
	for range 20000 {
		cases = append(cases, digits(4, 10000)+"-"+digits(2, 14)+"-"+digits(2, 33)+"T"+digits(2, 26)+":"+digits(2, 62)+":"+digits(2, 62)+"Z")
	}
	for y := 1896; y <= 2104; y++ {
		for _, md := range []string{"-02-28", "-02-29", "-02-30", "-12-31"} {
			cases = append(cases, fmt.Sprintf("%04d%sT00:00:00Z", y, md), fmt.Sprintf("%04d%sT13:05:09Z", y, md))
		}
	}
	for _, s := range cases {
		if got, want := SortablePrecision(s), sortablePrecisionByParse(s); got != want {
			t.Errorf("SortablePrecision(%q) = %d, time.Parse says %d", s, got, want)
		}
	}
}
