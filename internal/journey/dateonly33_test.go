package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A reading dated by its day alone was taken once that day had begun at UTC+14: in London at
// 13:00 on 6 Dec a lab's "2026-12-07" was the summary's latest. It is taken once its day has
// begun on the person's clock — in Kiritimati (already 7 Dec) it is.
func TestDateOnlyReadingTakenOnceItsDayBeginsForThePerson(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		loc    *time.Location
		latest float64
	}{
		{"London", london, 63.5},
		{"Kiritimati", kiritimati, 62},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := utc("2026-12-06T13:00:00Z")
			v, p := newPerson(t, "Maria")
			writeAt(t, v, p, "clinic", now,
				observation("w1", "29463-7", "Body weight", 64.4, "kg", "2026-11-20", ""),
				observation("w2", "29463-7", "Body weight", 63.5, "kg", "2026-12-01", ""),
				observation("w3", "29463-7", "Body weight", 62, "kg", "2026-12-07", ""))
			s, err := BuildSummary(context.Background(), v, p, utc("2026-11-01T00:00:00Z"), utc("2026-12-31T00:00:00Z"), now, LoadOptions{Device: tc.loc})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, se := range s.Results {
				if strings.Contains(strings.ToLower(se.PlainName()), "weight") {
					found = true
					if last := se.Points.At(se.Points.Len() - 1); last.V != tc.latest {
						t.Errorf("the summary's latest weight is %v, want %v", last.V, tc.latest)
					}
				}
			}
			if !found {
				t.Fatalf("no body weight in the summary: %+v", s.Results)
			}
		})
	}

}
