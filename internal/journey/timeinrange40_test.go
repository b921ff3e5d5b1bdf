package journey

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// F521 (rest): Ren's visit summary for the diabetes clinic said his sensor's 8,641 readings by
// the latest and its lows; the share of the readings in the international consensus target
// range (3.9–10 mmol/L, 70–180 mg/dL), below and above it — what the clinic reads first of a
// CGM — was nowhere. A fingerprick meter's series says no time in range.
func TestSummarySaysASensorsTimeInRange(t *testing.T) {
	now := time.Date(2026, 12, 7, 21, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, code, unit string
		scale            float64
		want             string
	}{
		{"mmol/L", "105272-9", "mmol/L", 1, "time in range (3.9–10 mmol/L) 90% of the readings, below 3.9 mmol/L 5% (under 3.0 mmol/L 3%), above 10 mmol/L 5%"},
		{"mg/dL", "99504-3", "mg/dL", 18.016, "time in range (70–180 mg/dL) 90% of the readings, below 70 mg/dL 5% (under 54 mg/dL 3%), above 180 mg/dL 5%"},
		{"a meter's", "14743-9", "mmol/L", 1, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, p := newPerson(t, "Ren")
			recs := []string{condition("t1d", "46635009", "Diabetes mellitus type 1")}
			// 400 readings every 5 minutes: 360 in range, 10 low, 10 very low, 20 high
			start := now.Add(-400 * 5 * time.Minute)
			for i := range 400 {
				v := 6.0
				switch {
				case i < 10:
					v = 3.5
				case i < 20:
					v = 2.7
				case i < 40:
					v = 12
				}
				at := start.Add(time.Duration(i) * 5 * time.Minute).Format(time.RFC3339)
				recs = append(recs, observation(fmt.Sprintf("g%d", i), c.code, "Glucose", float64(int(v*c.scale*10+0.5))/10, c.unit, at, ""))
			}
			writeAt(t, v, p, "dexcom", now.Add(-time.Hour), recs...)
			s, err := BuildSummary(context.Background(), v, p, now.AddDate(0, 0, -14), now, now, LoadOptions{Device: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, se := range append(s.Results, s.Home...) {
				got = append(got, se.InRange)
			}
			if c.want == "" {
				if strings.Join(got, "") != "" {
					t.Errorf("time in range %q, want none", got)
				}
				return
			}
			if !strings.Contains(strings.Join(got, "\n"), c.want) {
				t.Errorf("time in range %q\nwant %q", got, c.want)
			}
		})
	}
}
