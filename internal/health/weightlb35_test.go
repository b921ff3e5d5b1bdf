package health

import (
	"testing"
	"time"
)

// F461 item 1: Lily is weighed in pounds (48.9 lb on 4 Dec, 50.6 lb on 6 Dec); her prednisolone
// 1 mg/kg was reminded "(1 mg/kg: 22.2 mg = 7.4 mL at 22.2 kg on 4 Dec 2026; weighed 23 kg on 6
// Dec 2026 since …)" — numbers nobody saw on the scale. The weighings are said as recorded,
// kg beside them for the sum; a weight in kg as before.
func TestDoseByWeightSaysTheWeightAsRecorded(t *testing.T) {
	dec4 := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	dec6 := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	lb := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "[lb_av]"}).Append(Point{T: dec4, V: 48.9}, Point{T: dec6, V: 50.6})
	kg := (&Series{Code: "http://loinc.org|29463-7", Name: "Body weight", Unit: "kg"}).Append(Point{T: dec4, V: 17})
	at4, ok := LastWeight(lb, dec4.Add(time.Hour), time.UTC)
	at6, ok6 := LastWeight(lb, dec6.Add(time.Hour), time.UTC)
	in17, ok17 := LastWeight(kg, dec4.Add(time.Hour), time.UTC)
	if !ok || !ok6 || !ok17 {
		t.Fatal("no weight")
	}
	for _, tc := range []struct{ got, want string }{
		{WeightAmount("1 mg/kg", "Prednisolone 3 mg/mL oral solution", &at4), "22.2 mg = 7.4 mL at 48.9 lb (22.2 kg) on 4 Dec 2026"},
		{NewWeightWords(&at6), "weighed 50.6 lb (23 kg) on 6 Dec 2026 since: ask the care team whether the dose should change"},
		{WeightAmount("10 mg/kg", "Levetiracetam 100 mg/mL oral solution", &in17), "170 mg = 1.7 mL at 17 kg on 4 Dec 2026"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q\nwant %q", tc.got, tc.want)
		}
	}
}
