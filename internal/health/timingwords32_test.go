package health

import (
	"testing"
	"time"
)

// F405, F412: the records' dosage words (Medicines, the visit summary) dropped a when's offset
// ("before breakfast" for "30 minutes before breakfast"), frequencyMax ("once a day" for "1–2
// times a day") and periodMax ("once every 4 hours" for "every 4–6 hours").
func TestTimingWordsSayOffsetsAndRanges(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct{ name, repeat, want string }{
		{"30 minutes before breakfast", `"frequency":1,"period":1,"periodUnit":"d","when":["ACM"],"offset":30`, "once a day, 30 minutes before breakfast"},
		{"1 hour after dinner", `"when":["PCV"],"offset":60`, "1 hour after dinner"},
		{"at bedtime, offset not said for it", `"when":["HS"]`, "at bedtime"},
		{"1–2 times a day", `"frequency":1,"frequencyMax":2,"period":1,"periodUnit":"d"`, "1–2 times a day"},
		{"every 4–6 hours", `"frequency":1,"period":4,"periodMax":6,"periodUnit":"h"`, "once every 4–6 hours"},
		{"twice a week", `"frequency":2,"period":1,"periodUnit":"wk"`, "twice a week"},
	} {
		dosage := `,"dosageInstruction":[{"timing":{"repeat":{` + c.repeat + `}}}]`
		meds := Medicines(NewSet([]Resource{medJSON("m", "active", "2026-12-01", "1", "Omeprazole", dosage)}, nil), MedOptions{Now: now})
		if len(meds) != 1 || meds[0].Timing != c.want {
			t.Errorf("%s: %+v, want timing %q", c.name, meds, c.want)
		}
	}
}
