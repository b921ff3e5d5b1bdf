package health

import (
	"testing"
	"time"
)

// A dose written by body weight is not an amount; what it comes to at the last weight taken by
// now is worked out in plain words, from a weight in pounds too (F407).
func TestDoseBySizeWordsWorksOutTheAmount(t *testing.T) {
	nov20 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 6, 13, 30, 0, 0, time.UTC)
	kg := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}).Append(
		Point{T: nov20.AddDate(0, -6, 0), V: 19.5}, Point{T: nov20, V: 20.9}, Point{T: now.Add(3 * time.Hour), V: 90})
	lb := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "[lb_av]"}).Append(Point{T: nov20, V: 46})
	none := &Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}
	for _, tt := range []struct {
		name, dose string
		se         *Series
		want       string
	}{
		{"by weight", "15 mg/kg", kg, "The record gives the dose by body weight, 15 mg/kg: not an amount. Lily's last weight is 20.9 kg, on 20 Nov 2026: 15 mg/kg × 20.9 kg = 313.5 mg."},
		{"a range", "10–15 mg/kg", kg, "The record gives the dose by body weight, 10–15 mg/kg: not an amount. Lily's last weight is 20.9 kg, on 20 Nov 2026: 10–15 mg/kg × 20.9 kg = 209–313.5 mg."},
		{"weighed in pounds", "15 mg/kg", lb, "The record gives the dose by body weight, 15 mg/kg: not an amount. Lily's last weight is 46 lb (20.9 kg), on 20 Nov 2026: 15 mg/kg × 20.9 kg = 313.5 mg."},
		{"no weight", "15 mg/kg", none, "The record gives the dose by body weight, 15 mg/kg: not an amount. No weight is recorded for Lily."},
		{"no series", "15 mg/kg", nil, "The record gives the dose by body weight, 15 mg/kg: not an amount. No weight is recorded for Lily."},
		{"by surface", "250 mg/m2", kg, "The record gives the dose by body surface, 250 mg/m2: not an amount."},
		{"an amount", "7.5 mL", kg, ""},
		{"tablets", "1 tablet", kg, ""},
	} {
		if got := DoseBySizeWords("Lily", tt.dose, tt.se, now, time.UTC); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
