package health

import (
	"testing"
	"time"
)

// A record whose daily frequency disagrees with its times of day ("once a day" at 08:00 and
// 20:00) is described by its times alone, never as a contradiction in words.
func TestMedicines_TimingFrequencyDisagreeingWithTimes(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ dosage, want string }{
		{`{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:00:00","20:00:00"]}}}`, "at 08:00 and 20:00"},
		{`{"timing":{"repeat":{"frequency":3,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}}}`, "at 09:00"},
		{`{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["09:00:00"]}}}`, "once a day at 09:00"},
		{`{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}}}`, "twice a day"},
	} {
		meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2026-11-20", "1", "Some medicine", `,"dosageInstruction":[`+tc.dosage+`]`)}, nil), MedOptions{Now: now})
		if len(meds) != 1 || meds[0].Timing != tc.want {
			t.Errorf("%s: %+v, want timing %q", tc.dosage, meds, tc.want)
		}
	}
}
