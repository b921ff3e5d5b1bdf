package health

import (
	"testing"
	"time"
)

// F492: logging Tobi's hypo, 2.8 mmol/L after 10.4, asked "is less than half the last glucose
// [moles/volume] in capillary blood by glucometer …: are the number and its unit right?". A
// blood sugar is asked about only beyond what a meter reads (a unit slip), and the question
// names the measurement plainly.
func TestEnteredGlucoseAskedOnlyBeyondAMeter(t *testing.T) {
	dec6 := time.Date(2026, 12, 6, 19, 40, 0, 0, time.UTC)
	now := time.Date(2026, 12, 7, 5, 50, 0, 0, time.UTC)
	se := (&Series{Code: "http://loinc.org|14743-9", Name: "Glucose [Moles/volume] in Capillary blood by Glucometer", Unit: "mmol/L"}).Append(
		Point{T: dec6.Add(-24 * time.Hour), V: 5.2}, Point{T: dec6, V: 10.4})
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{2.8, "mmol/L", ""},
		{24.5, "mmol/L", ""},
		{50, "mmol/L", "50 mmol/L is more than any blood sugar a meter reads: are the number and its unit right?"},
		{0.5, "mmol/L", "0.5 mmol/L is less than any blood sugar a meter reads: are the number and its unit right?"},
		{50, "mg/dL", ""},
		{700, "mg/dL", "700 mg/dL is more than any blood sugar a meter reads: are the number and its unit right?"},
	} {
		if got := FarFromLast(se, tt.v, tt.unit, now, time.UTC); got != tt.want {
			t.Errorf("%v %s: got %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}
