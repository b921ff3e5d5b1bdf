package journey

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F424: Walter has heart failure and weighs himself every morning: 81.9 kg on 2 Dec, 84.6 kg on
// 5 Dec. His guide says a gain of about 2 kg over three days should make him call his care
// team the same day, yet no card said so (the result rule's marked change is 3 kg). A gain of
// the guide's size in its days, the newest weight recent, now gives a card in the guide's words;
// a slower gain, one without the condition, or an old one does not.
func TestWeightGainCardForHeartFailure(t *testing.T) {
	lon, _ := time.LoadLocation("Europe/London")
	weights := func(kgs ...float64) []string {
		var out []string
		for i, kg := range kgs {
			day := time.Date(2026, 12, 1+i, 7, 15, 0, 0, lon).UTC().Format(time.RFC3339)
			out = append(out, observation("w"+string(rune('a'+i)), "29463-7", "Body weight", kg, "kg", day, ""))
		}
		return out
	}
	hf := condition("c1", "84114007", "Heart failure")
	for _, tc := range []struct {
		name   string
		cond   string
		kgs    []float64 // 1 Dec onwards, one a day at 07:15
		now    time.Time
		want   string // "" : no card
		detail []string
	}{
		{"2.7 kg in 3 days", hf, []float64{82.1, 81.9, 82.8, 83.9, 84.6}, time.Date(2026, 12, 5, 18, 0, 0, 0, lon),
			"Your weight went up 2.7 kg in 3 days", []string{"From 81.9 kg on 2 Dec 2026 to 84.6 kg on 5 Dec 2026.", "heart failure guide says: a weight gain of about 2 kg"}},
		// The next morning 84.4 kg: the gain of the last days is still said (it was only 1.6
		// kg since 3 Dec, the weight of 3 days before the newest).
		{"said the next day too", hf, []float64{82.1, 81.9, 82.8, 83.9, 84.6, 84.4}, time.Date(2026, 12, 6, 9, 0, 0, 0, lon),
			"Your weight went up 2.7 kg in 3 days", []string{"From 81.9 kg on 2 Dec 2026 to 84.6 kg on 5 Dec 2026."}},
		{"in lb, 5 lb in 2 days", hf, nil, time.Date(2026, 12, 5, 18, 0, 0, 0, lon), "", nil}, // filled below
		{"1.5 kg in 3 days", hf, []float64{82.1, 81.9, 82.3, 82.9, 83.4}, time.Date(2026, 12, 5, 18, 0, 0, 0, lon), "", nil},
		{"2.5 kg over 5 days", hf, []float64{81.9, 82.3, 82.8, 83.4, 83.9, 84.4}, time.Date(2026, 12, 6, 18, 0, 0, 0, lon), "", nil},
		{"no heart failure", condition("c1", "44054006", "Type 2 diabetes"), []float64{82.1, 81.9, 82.8, 83.9, 84.6}, time.Date(2026, 12, 5, 18, 0, 0, 0, lon), "", nil},
		{"the gain was a week ago", hf, []float64{82.1, 81.9, 82.8, 83.9, 84.6}, time.Date(2026, 12, 12, 18, 0, 0, 0, lon), "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Walter")
			writeAt(t, v, p, "clinic", tc.now, tc.cond)
			obs := weights(tc.kgs...)
			if tc.kgs == nil { // weighed at home in lb: 180.5 → 186.0 lb (2.5 kg) from 3 to 5 Dec
				obs = []string{
					observation("l1", "29463-7", "Body weight", 180.5, "[lb_av]", time.Date(2026, 12, 3, 7, 0, 0, 0, lon).UTC().Format(time.RFC3339), ""),
					observation("l2", "29463-7", "Body weight", 186.0, "[lb_av]", time.Date(2026, 12, 5, 7, 0, 0, 0, lon).UTC().Format(time.RFC3339), ""),
				}
				tc.want, tc.detail = "Your weight went up 5.5 lb (2.5 kg) in 2 days", []string{"From 180.5 lb on 3 Dec 2026 to 186 lb on 5 Dec 2026."}
			}
			writeAt(t, v, p, health.AppSource, tc.now, obs...)
			cs, err := (&Engine{Load: LoadOptions{Device: lon}}).Cards(context.Background(), v, p, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			got := byKind(cs, "weight-gain")
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("a card: %q %q", got[0].Title, got[0].Body)
				}
				return
			}
			c := one(t, cs, "weight-gain", tc.want)
			if c.Severity != SeverityAttention {
				t.Errorf("severity %q", c.Severity)
			}
			for _, d := range tc.detail {
				if !strings.Contains(c.Body, d) {
					t.Errorf("body %q does not say %q", c.Body, d)
				}
			}
			if why := strings.Join(c.Why, "\n"); !strings.Contains(why, "Your condition: Heart failure") {
				t.Errorf("why %q", why)
			}
		})
	}
}
