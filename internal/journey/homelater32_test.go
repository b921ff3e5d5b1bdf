package journey

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// A home reading dated later today (21:00 at 09:00: not taken yet, F352) counted as the
// newest home reading, so the card "No blood sugar reading at home for 20 days" was not shown
// for a person whose last real reading was 20 days ago (dom32, F415).
func TestHomeReadingNotTakenYetIsNotTheLast(t *testing.T) {
	now := utc("2026-03-02T09:00:00Z")
	v, p := newPerson(t, "Ada")
	writeAt(t, v, p, "clinic", now, condition("c1", "44054006", "Type 2 diabetes"))
	writeAt(t, v, p, health.AppSource, now,
		observation("g1", "2339-0", "Glucose", 110, "mg/dL", "2026-02-10T08:00:00Z", ""),
		observation("g2", "2339-0", "Glucose", 120, "mg/dL", "2026-03-02T21:00:00Z", ""))
	cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, cs, "home-measurement", "blood sugar")
	if !strings.Contains(c.Title, "for 20 days") || !strings.Contains(strings.Join(c.Why, "\n"), "10 Feb 2026") {
		t.Errorf("card %q %q", c.Title, c.Why)
	}
}
