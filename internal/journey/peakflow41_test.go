package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F525 item 12 (more): Maxime's peak flow was read against the reading before only — a fall of
// a few percent each morning made no card, one back up 11 % after a dip made "went from … to
// …". An asthma action plan reads it against the personal best: under 80 % of the best of the
// last 180 days is its yellow zone, under 50 % its red zone (attention).
func TestPeakFlowIsReadAgainstTheBest(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		values    []float64 // one a day, the last yesterday
		want      []string  // the card's title and body words; none: no card
		attention bool
	}{
		{"falling a little each day", []float64{420, 400, 380, 360, 330}, []string{
			"Your peak flow is under 80% of the best reading: 330 L/min",
			"The peak flow was 330 L/min on 6 Dec 2026: 78% of the best reading of the last 180 days, 420 L/min on 2 Dec 2026.",
			"in its yellow zone"}, false},
		{"back up after a dip", []float64{400, 350, 390}, nil, false},
		{"a dip within 80%", []float64{400, 410, 340}, nil, false},
		{"under half", []float64{400, 410, 190}, []string{"Your peak flow is under 50% of the best reading: 190 L/min", "46% of the best", "in its red zone"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, p := newPerson(t, "Maxime")
			recs := []string{condition("as", "195967001", "Asthma")}
			for i, x := range c.values {
				at := now.AddDate(0, 0, i-len(c.values)).Format(time.RFC3339)
				recs = append(recs, observation(fmt.Sprintf("pf%d", i), "19935-6", "Peak expiratory flow rate Respiratory system airway by Peak flow meter", x, "L/min", at, ""))
			}
			writeAt(t, v, p, "clinic", now.Add(-time.Hour), recs...)
			var found []Card
			for _, card := range cardsOf(t, v, p, now) {
				if card.Kind == "result-change" {
					found = append(found, card)
				}
			}
			if len(c.want) == 0 {
				if len(found) > 0 {
					t.Errorf("cards %+v, want none", found)
				}
				return
			}
			if len(found) != 1 {
				t.Fatalf("cards %+v, want one", found)
			}
			txt := found[0].Title + "\n" + found[0].Body
			for _, w := range c.want {
				if !strings.Contains(txt, w) {
					t.Errorf("card %q\nwants %q", txt, w)
				}
			}
			if got := found[0].Severity == SeverityAttention; got != c.attention {
				t.Errorf("severity %q, attention %v wanted", found[0].Severity, c.attention)
			}
		})
	}
}
