package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// An HbA1c a lab gave in mmol/mol (IFCC, its own LOINC code) is the reading before the newest
// one in %: the card compares them, and does not say the newest is "the first reading in 1
// year" (F65, vapp26).
func TestResultCardCountsAnHbA1cInMmolPerMol(t *testing.T) {
	now := utc("2026-12-04T12:00:00Z")
	v, p := newPerson(t, "Ngozi")
	writeAt(t, v, p, "local", now,
		observation("a1", "4548-4", "Hemoglobin A1c", 7.9, "%", "2025-06-02", ""),
		observation("a2", "59261-8", "Hemoglobin A1c by IFCC", 63, "mmol/mol", "2026-03-03", ""),
		observation("a3", "4548-4", "Hemoglobin A1c", 7.1, "%", "2026-11-18", ""))
	cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range byKind(cs, "result-change") {
		if strings.Contains(c.Body, "first reading in") {
			t.Errorf("card says %q though a reading of 3 Mar 2026 is 8½ months before", c.Body)
		}
	}
	one(t, cs, "result-change", "HbA1c went from 7.9% to 7.1%", "3 Mar 2026")
}

// A change in body weight is marked by 3 kg whatever unit the scale uses: 4.8 lb (2.2 kg) is
// no card, 8 lb (3.6 kg) is one.
func TestWeightChangeMarkedInKilograms(t *testing.T) {
	now := utc("2026-12-04T12:00:00Z")
	for _, tc := range []struct {
		to   float64
		card bool
	}{{176, false}, {172.8, true}} {
		v, p := newPerson(t, "Scale")
		writeAt(t, v, p, "local", now,
			observation("w1", "29463-7", "Body weight", 180.8, "lb", "2026-09-03", ""),
			observation("w2", "29463-7", "Body weight", tc.to, "lb", "2026-11-18", ""))
		cs, err := (&Engine{Load: LoadOptions{Device: time.UTC}}).Cards(context.Background(), v, p, now)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(byKind(cs, "result-change")) > 0; got != tc.card {
			t.Errorf("180.8 lb → %v lb: a card %v, want %v", tc.to, got, tc.card)
		}
	}
}
