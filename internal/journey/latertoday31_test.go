package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// An insight judges the readings taken by now, as Results and Today do: at 09:00 an HbA1c
// dated 21:00 that day (not taken yet anywhere on Earth) was the card's newest, "Your HbA1c
// went from 7.1% to 8.5%" (F386).
func TestResultCardLeavesOutAReadingLaterToday(t *testing.T) {
	now := utc("2026-03-02T09:00:00Z")
	v, p := newPerson(t, "Ngozi")
	writeAt(t, v, p, "local", now,
		observation("a1", "4548-4", "Hemoglobin A1c", 7.9, "%", "2025-12-01", ""),
		observation("a2", "4548-4", "Hemoglobin A1c", 7.1, "%", "2026-02-01", ""),
		observation("a3", "4548-4", "Hemoglobin A1c", 8.5, "%", "2026-03-02T21:00:00Z", ""))
	cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range byKind(cs, "result-change") {
		if strings.Contains(c.Title+c.Body, "8.5") {
			t.Errorf("a card speaks of the reading dated 21:00 at 09:00: %s — %s", c.Title, c.Body)
		}
	}
	one(t, cs, "result-change", "HbA1c went from 7.9% to 7.1%")
}
