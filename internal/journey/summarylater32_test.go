package journey

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F399: the visit summary printed at 10:23 in London for a period up to today listed a
// weighing dated 21:00 that day, not taken yet, as the period's latest: "Body weight: 63 kg on
// 2026-12-06 (down 0.5 kg since 1 Dec 2026)", while Results says "1 reading dated later today,
// 21:00". Readings (and results in words) not taken yet at the time of printing are not the
// period's; once taken (printed at 21:30) they are. Kiritimati too.
func TestSummaryLeavesOutReadingsNotTakenYet(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	kiritimati, err := time.LoadLocation("Pacific/Kiritimati")
	if err != nil {
		t.Fatal(err)
	}
	const note = `{"resourceType":"Observation","id":"n1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"5778-6","display":"Urine color"}]},"effectiveDateTime":"2026-12-06T21:00:00Z","valueString":"Clear"}`
	for _, tc := range []struct {
		name, now string
		loc       *time.Location
		latest    float64
		trend     string
		texts     int
	}{
		{"London 10:23", "2026-12-06T10:23:00Z", london, 63.5, "down 0.9 kg since 20 Nov 2026", 0},
		{"London 21:30", "2026-12-06T21:30:00Z", london, 63, "down 0.5 kg since 1 Dec 2026", 1},
		{"Kiritimati 00:23", "2026-12-06T10:23:00Z", kiritimati, 63.5, "down 0.9 kg since 20 Nov 2026", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := utc(tc.now)
			v, p := newPerson(t, "Maria")
			writeAt(t, v, p, "clinic", now,
				observation("w1", "29463-7", "Body weight", 64.4, "kg", "2026-11-20T09:00:00Z", ""),
				observation("w2", "29463-7", "Body weight", 63.5, "kg", "2026-12-01T09:00:00Z", ""),
				observation("w3", "29463-7", "Body weight", 63, "kg", "2026-12-06T21:00:00Z", ""), note)
			to := time.Date(now.In(tc.loc).Year(), now.In(tc.loc).Month(), now.In(tc.loc).Day()+1, 0, 0, 0, 0, tc.loc) // --to today
			s, err := BuildSummary(context.Background(), v, p, utc("2026-11-01T00:00:00Z"), to, now, LoadOptions{Device: tc.loc})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, se := range s.Results {
				if !strings.Contains(strings.ToLower(se.PlainName()), "weight") {
					continue
				}
				found = true
				last := se.Points.At(se.Points.Len() - 1)
				if last.V != tc.latest || se.Trend(tc.loc) != tc.trend {
					t.Errorf("latest %v, %q; want %v, %q", last.V, se.Trend(tc.loc), tc.latest, tc.trend)
				}
			}
			if !found {
				t.Fatalf("no body weight in the summary: %+v", s.Results)
			}
			if len(s.TextResults) != tc.texts {
				t.Errorf("%d results in words, want %d", len(s.TextResults), tc.texts)
			}
		})
	}
}
