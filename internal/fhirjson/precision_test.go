package fhirjson

import (
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
