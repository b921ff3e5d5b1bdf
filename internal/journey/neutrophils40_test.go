package journey

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// F534 (more): Thi Lan's neutrophils fell from 4.1 to 0.6 ×10⁹/L (range 2.0–7.5) eight days
// after her docetaxel, the febrile-neutropenia window, and no card said it: neutrophils were
// followed for no one. They are now, as haemoglobin is.
func TestNeutrophilsBelowTheirRangeMakeACard(t *testing.T) {
	now := time.Date(2026, 11, 4, 17, 0, 0, 0, time.UTC)
	for _, code := range []string{"751-8", "26499-4"} {
		t.Run(code, func(t *testing.T) {
			v, p := newPerson(t, "Thi Lan")
			rng := `,"referenceRange":[{"low":{"value":2.0},"high":{"value":7.5}}]`
			writeAt(t, v, p, "chum", now.Add(-time.Hour),
				observation("n1", code, "Neutrophils [#/volume] in Blood", 4.1, "10*9/L", "2026-10-26T12:00:00Z", rng),
				observation("n2", code, "Neutrophils [#/volume] in Blood", 0.6, "10*9/L", "2026-11-03T12:00:00Z", rng))
			var found, bodies []string
			for _, c := range cardsOf(t, v, p, now) {
				if c.Kind == "result-change" {
					found, bodies = append(found, c.Title), append(bodies, c.Body)
				}
			}
			// in the plural: it said "Your neutrophils is below its range"
			if len(found) != 1 || !strings.Contains(found[0], "neutrophils are below their range") || !strings.Contains(bodies[0], "Your neutrophils were 0.6") {
				t.Errorf("cards %s %s, want one saying the neutrophils are below their range", fmt.Sprint(found), fmt.Sprint(bodies))
			}
		})
	}
}
