package health

import (
	"testing"
	"time"
)

// A child weighed at 46 lb on 20 Nov: 47 typed in kg is asked about, 47 lb is not; a reading
// dated after now is not the last (F400).
func TestFarFromLastAsksAboutAnUnlikelyValue(t *testing.T) {
	nov20 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 6, 13, 30, 0, 0, time.UTC)
	lb := func() *Series {
		return (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "[lb_av]"}).Append(
			Point{T: nov20.AddDate(0, -6, 0), V: 43}, Point{T: nov20, V: 46})
	}
	kg := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}).Append(Point{T: nov20, V: 80})
	later := lb().Append(Point{T: now.Add(3 * time.Hour), V: 10})
	for _, tt := range []struct {
		name string
		se   *Series
		v    float64
		unit string
		want string
	}{
		{"kg for a child weighed in lb", lb(), 47, "kg", "47 kg is more than twice the last body weight, 46 lb (20.9 kg) on 20 Nov 2026: are the number and its unit right?"},
		{"lb as her readings", lb(), 47, "[lb_av]", ""},
		{"half", kg, 36, "kg", "36 kg is less than half the last body weight, 80 kg on 20 Nov 2026: are the number and its unit right?"},
		{"near", kg, 78.5, "kg", ""},
		{"a reading not taken yet is not the last", later, 47, "[lb_av]", ""},
		{"no readings", &Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}, 47, "kg", ""},
	} {
		if got := FarFromLast(tt.se, tt.v, tt.unit, now, time.UTC); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
