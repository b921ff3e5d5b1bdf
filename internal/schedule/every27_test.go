package schedule

import (
	"testing"
	"time"
)

// F123: 'every 8 hours' set at 21:56, the last dose (under the times before) taken at 20:05:
// the first dose is at 04:05, not at once; a last dose more than 8 hours before leaves the
// first at 21:56.
func TestEveryHoursAfterTheLastDose(t *testing.T) {
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, lon) }
	for _, tc := range []struct {
		name string
		last time.Time
		want []string
	}{
		{"taken 2 hours before", at(5, 20, 5), []string{"6 Dec 04:05", "6 Dec 12:05", "6 Dec 20:05"}},
		{"taken 10 hours before", at(5, 11, 56), []string{"5 Dec 21:56", "6 Dec 05:56", "6 Dec 13:56"}},
		{"none taken", time.Time{}, []string{"5 Dec 21:56", "6 Dec 05:56", "6 Dec 13:56"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := EveryHours(8, at(5, 21, 56))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range p.Occurrences(at(5, 0, 0), at(6, 22, 0), lon, DefaultRoutine(), tc.last) {
				got = append(got, o.At.In(lon).Format("2 Jan 15:04"))
			}
			if len(got) > 3 {
				got = got[:3]
			}
			if len(got) != len(tc.want) || got[0] != tc.want[0] || got[1] != tc.want[1] || got[2] != tc.want[2] {
				t.Errorf("doses %q, want %q", got, tc.want)
			}
		})
	}
}
