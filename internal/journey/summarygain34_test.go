package journey

import (
	"context"
	"testing"
	"time"
)

// F424's leftover: Walter (heart failure) weighed 81.9 kg on 2 Dec and 84.6 kg on 5 Dec; the
// visit summary said only "down 0.2 kg since 5 Dec 2026" of his 84.4 kg on the 6th. It now says
// the gain over his guide's days, as the weight-gain card does; not without the condition.
func TestSummarySaysTheWeightGainOfTheGuidesDays(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	now := time.Date(2026, 12, 6, 18, 0, 0, 0, lon)
	for _, tc := range []struct {
		name, code, title, want string
	}{
		{"heart failure", "84114007", "Heart failure", "up 2.7 kg in 3 days (81.9 kg on 2 Dec 2026 to 84.6 kg on 5 Dec 2026; the heart failure guide: 2 kg in 3 days)"},
		{"no guide asking", "44054006", "Type 2 diabetes", ""},
	} {
		v, p := newPerson(t, "Walter "+tc.name)
		var obs []string
		for i, kg := range []float64{82.1, 81.9, 82.8, 83.9, 84.6, 84.4} {
			day := time.Date(2026, 12, 1+i, 7, 15, 0, 0, lon).UTC().Format(time.RFC3339)
			obs = append(obs, observation("w"+string(rune('a'+i)), "29463-7", "Body weight", kg, "kg", day, ""))
		}
		writeAt(t, v, p, "clinic", now, append(obs, condition("c1", tc.code, tc.title))...)
		s, err := BuildSummary(context.Background(), v, p, time.Date(2026, 11, 1, 0, 0, 0, 0, lon), now, now, LoadOptions{Device: lon})
		if err != nil {
			t.Fatal(err)
		}
		got, found := "", false
		for _, se := range s.Results {
			if codeOf(se.Series) == "29463-7" {
				got, found = se.Gain, true
			}
		}
		if !found || got != tc.want {
			t.Errorf("%s: weight gain %q (series found %v), want %q", tc.name, got, found, tc.want)
		}
	}
}
