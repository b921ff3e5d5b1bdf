package journey

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// F364 (the card): a result against a therapeutic range (the aim of a treatment: an HbA1c
// target of up to 7% typed "therapeutic") was said "above its range … the range of up to 7%",
// the words of a lab's reference range. The card says "its therapeutic range" wherever it
// names the range; a reference range keeps "its range".
func TestResultCardSaysATherapeuticRange(t *testing.T) {
	const ther = `,"referenceRange":[{"high":{"value":7,"unit":"%"},"type":{"text":"therapeutic"}}]`
	const ref = `,"referenceRange":[{"high":{"value":7,"unit":"%"}}]`
	now := utc("2026-12-06T10:00:00Z")
	for _, tc := range []struct {
		name             string
		rng              string
		first, newest    float64
		firstAt          string
		title, body, why string
	}{
		{"above", ther, 6.8, 7.6, "2026-09-01", "Your HbA1c is above its therapeutic range",
			"Your HbA1c was 7.6% on 1 Dec 2026, above the therapeutic range of up to 7%. The one before, on 1 Sep 2026, was 6.8%.", "Therapeutic range: up to 7%"},
		{"back within", ther, 7.6, 6.8, "2026-09-01", "Your HbA1c is back within its therapeutic range",
			"Your HbA1c went from 7.6% to 6.8% between 1 Sep 2026 and 1 Dec 2026, within the therapeutic range of up to 7%.", "Therapeutic range: up to 7%"},
		{"above, years after the one before", ther, 6.8, 7.6, "2020-09-01", "Your HbA1c is above its therapeutic range",
			"Your HbA1c was 7.6% on 1 Dec 2026, above the therapeutic range of up to 7%. It is the first reading in 6 years.", "Therapeutic range: up to 7%"},
		{"above a reference range", ref, 6.8, 7.6, "2026-09-01", "Your HbA1c is above its range",
			"Your HbA1c was 7.6% on 1 Dec 2026, above the range of up to 7%.", "Range: up to 7%"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Ngozi")
			writeAt(t, v, p, "local", now,
				observation("a1", "4548-4", "Hemoglobin A1c", tc.first, "%", tc.firstAt, tc.rng),
				observation("a2", "4548-4", "Hemoglobin A1c", tc.newest, "%", "2026-12-01", tc.rng))
			cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
			if err != nil {
				t.Fatal(err)
			}
			c := one(t, cs, "result-change", tc.title)
			if c.Title != tc.title || !strings.HasPrefix(c.Body, tc.body) || !slices.Contains(c.Why, tc.why) {
				t.Errorf("card\n%s\n%s\n%q\nwant\n%s\n%s…\n%q", c.Title, c.Body, c.Why, tc.title, tc.body, tc.why)
			}
		})
	}
}
