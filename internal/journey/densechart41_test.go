package journey

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
)

// F541: Gérard's visit summary drew his watch's 42,800 minute-by-minute heart rates one by one
// — a solid blue block from 56 to 76 — where Results drew their daily means. The summary's
// chart of a dense series is the daily means with each day's lowest and highest (as Results
// summarises as many readings, health.ChartOf), and its caption says so; a few readings are
// drawn one by one, without the caption. The count is written "2,016".
func TestSummaryChartOfADenseSeriesIsDailyMeans(t *testing.T) {
	ctx := context.Background()
	tor, _ := time.LoadLocation("America/Toronto")
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, tor)
	from, to := time.Date(2026, 11, 23, 0, 0, 0, 0, tor), time.Date(2026, 12, 7, 0, 0, 0, 0, tor)
	const caption = "the chart: daily means, shaded from each day's lowest to highest reading"
	for _, tc := range []struct {
		name      string
		every     time.Duration // between readings, from 23 Nov 00:00
		n         int
		code, nm  string
		unit      string
		value     func(i int) float64
		summary   health.Summarised
		points    int // drawn points (days)
		count     string
		lo, hi    float64 // the drawn lowest and highest
		captioned bool
		says      []string // in the summary's line
		notSaid   string
	}{
		{"a watch's heart rate every 10 minutes", 10 * time.Minute, 14 * 144, "8867-4", "Heart rate", "/min",
			func(i int) float64 { return float64(56 + i%21) }, health.SummaryDaily, 14, "2,016 in the period", 56, 76, true,
			[]string{"Latest: 76 beats a minute on 6 Dec 2026; that day a mean of 66 beats a minute, from 56 to 76 (144 readings);", "the chart: daily means"}, "since 23:40"},
		{"three weighings", 5 * 24 * time.Hour, 3, "29463-7", "Body weight", "kg",
			func(i int) float64 { return 84 + float64(i) }, health.SummaryNone, 3, "3 in the period", 84, 86, false,
			[]string{"Latest: 86 kg on 3 Dec 2026; up 1 kg since 28 Nov 2026"}, "a mean of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Gérard")
			var obs []string
			for i := range tc.n {
				at := from.Add(time.Duration(i) * tc.every).UTC().Format(time.RFC3339)
				obs = append(obs, observation(fmt.Sprintf("o%d", i), tc.code, tc.nm, tc.value(i), tc.unit, at, ""))
			}
			writeAt(t, v, p, "watch", now.Add(-time.Hour), obs...)
			s, err := BuildSummary(ctx, v, p, from, to, now, LoadOptions{Device: tor})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, se := range append(s.Results, s.Home...) {
				if se.Code != tc.code && !strings.Contains(se.Code, tc.code) {
					continue
				}
				found = true
				ch := s.Chart(se)
				if ch.Summarised != tc.summary {
					t.Errorf("summarised %q, want %q", ch.Summarised, tc.summary)
				}
				// Results' month of the same readings is drawn alike (the app and the PDF agree)
				if app := health.BuildChartIn(se.Series, health.Period1M, now, tor); app.Summarised != ch.Summarised {
					t.Errorf("Results summarises %q, the summary %q", app.Summarised, ch.Summarised)
				}
				var pts []health.ChartPoint
				for _, seg := range ch.Lines[0].Segments {
					pts = append(pts, seg...)
				}
				if len(pts) != tc.points {
					t.Fatalf("%d points drawn, want %d", len(pts), tc.points)
				}
				lo, hi := pts[0].Min, pts[0].Max
				for _, cp := range pts {
					lo, hi = min(lo, cp.Min), max(hi, cp.Max)
				}
				if lo != tc.lo || hi != tc.hi {
					t.Errorf("drawn from %v to %v, want %v to %v", lo, hi, tc.lo, tc.hi)
				}
			}
			if !found {
				t.Fatalf("no %s series in the summary", tc.nm)
			}
			var b bytes.Buffer
			if err := WritePDF(&b, s); err != nil {
				t.Fatal(err)
			}
			txt := strings.Join(strings.Fields(pdfText(t, b.Bytes())), " ")
			for _, w := range tc.says {
				if !strings.Contains(txt, w) {
					t.Errorf("the summary does not say %q:\n%s", w, txt)
				}
			}
			if strings.Contains(txt, tc.notSaid) {
				t.Errorf("the summary says %q:\n%s", tc.notSaid, txt)
			}
			if !strings.Contains(txt, tc.count) {
				t.Errorf("the summary does not say %q:\n%s", tc.count, txt)
			}
			if got := strings.Contains(txt, caption); got != tc.captioned {
				t.Errorf("caption %q said: %v, want %v:\n%s", caption, got, tc.captioned, txt)
			}
		})
	}
}
