package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F352: after 10:00 UTC it is already tomorrow at UTC+14, and the result card (F386's fix)
// still took an HbA1c dated 21:00 today as taken at 10:23 in London: "Your HbA1c went from
// 7.1% to 8.5%". A timed reading is judged by its own instant against now; one dated by its
// day alone is today's. London and Kiritimati (UTC+14).
func TestResultCardJudgesATimedReadingByItsInstant(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, now, newest string
		loc               *time.Location
		want, not         string
	}{
		{"London 10:23, dated 21:00 today", "2026-12-06T10:23:00Z", "2026-12-06T21:00:00Z", london, "HbA1c went from 7.9% to 7.1%", "8.5"},
		{"London 21:30, dated 21:00 today", "2026-12-06T21:30:00Z", "2026-12-06T21:00:00Z", london, "HbA1c went from 7.1% to 8.5%", "7.9"},
		{"London 10:23, dated today by its day", "2026-12-06T10:23:00Z", "2026-12-06", london, "HbA1c went from 7.1% to 8.5%", "7.9"},
		{"Kiritimati 00:23, dated 11:00 today there", "2026-12-06T10:23:00Z", "2026-12-06T21:00:00Z", kiritimati, "HbA1c went from 7.9% to 7.1%", "8.5"},
		{"Kiritimati 01:00, dated today by its day", "2026-12-05T11:00:00Z", "2026-12-06", kiritimati, "HbA1c went from 7.1% to 8.5%", "7.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := utc(tc.now)
			v, p := newPerson(t, "Ngozi")
			writeAt(t, v, p, "local", now,
				observation("a1", "4548-4", "Hemoglobin A1c", 7.9, "%", "2026-10-01", ""),
				observation("a2", "4548-4", "Hemoglobin A1c", 7.1, "%", "2026-11-20", ""),
				observation("a3", "4548-4", "Hemoglobin A1c", 8.5, "%", tc.newest, ""))
			cs, err := (&Engine{Load: LoadOptions{Device: tc.loc}}).Cards(context.Background(), v, p, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range byKind(cs, "result-change") {
				if strings.Contains(c.Title+c.Body, tc.not) {
					t.Errorf("a card speaks of %s: %s — %s", tc.not, c.Title, c.Body)
				}
			}
			one(t, cs, "result-change", tc.want)
		})
	}
}
