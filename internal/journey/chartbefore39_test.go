package journey

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// F530: Kenji's summary of 20 Nov–7 Dec drew his blood pressure from a reading of 5 Apr, the
// reading before the period (F493), so the fortnight's home readings were a smear at the
// chart's right edge. The reading before the period begins the chart only when it lies no
// further before it than the period is long; else it is said in words and not drawn.
func TestChartBeginsWithTheReadingBeforeOnlyWhenNear(t *testing.T) {
	ctx := context.Background()
	syd, _ := time.LoadLocation("Australia/Sydney")
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, syd)
	from, to := time.Date(2026, 11, 20, 0, 0, 0, 0, syd), time.Date(2026, 12, 8, 0, 0, 0, 0, syd)
	at := func(m time.Month, d int) string {
		return time.Date(2026, m, d, 7, 0, 0, 0, syd).UTC().Format(time.RFC3339)
	}
	period := []string{
		observation("w1", "29463-7", "Body weight", 84.2, "kg", at(11, 24), ""),
		observation("w2", "29463-7", "Body weight", 84.9, "kg", at(11, 30), ""),
		observation("w3", "29463-7", "Body weight", 85.4, "kg", at(12, 6), ""),
	}
	for _, tc := range []struct {
		name    string
		before  string
		charted bool
		words   string
	}{
		{"8 months before", observation("w0", "29463-7", "Body weight", 80.1, "kg", at(4, 5), ""), false, "the reading before the period, not on the chart: 80.1 kg on 5 Apr 2026"},
		{"a week before", observation("w0", "29463-7", "Body weight", 83.8, "kg", at(11, 13), ""), true, "the chart begins with the reading before the period, 83.8 kg on 13 Nov 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := newPerson(t, "Kenji")
			writeAt(t, v, p, "gp", now.Add(-time.Hour), append([]string{tc.before}, period...)...)
			s, err := BuildSummary(ctx, v, p, from, to, now, LoadOptions{Device: syd})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, se := range append(s.Results, s.Home...) {
				if se.Before == nil {
					continue
				}
				found = true
				if got := s.ChartsBefore(se); got != tc.charted {
					t.Errorf("ChartsBefore = %v, want %v", got, tc.charted)
				}
			}
			if !found {
				t.Fatal("no series with a reading before the period")
			}
			var b bytes.Buffer
			if err := WritePDF(&b, s); err != nil {
				t.Fatal(err)
			}
			if txt := strings.Join(strings.Fields(pdfText(t, b.Bytes())), " "); !strings.Contains(txt, tc.words) {
				t.Errorf("the summary does not say %q:\n%s", tc.words, txt)
			}
		})
	}
}

// F525 item 3: the visit summary said Rafael's oxygen saturation, 88 % then 93 %, was "up 5%
// since 5 Dec 2026" (Results says points, F512): a change of 5 percentage points.
func TestSummaryTrendOfASaturationInPoints(t *testing.T) {
	ctx := context.Background()
	madrid, _ := time.LoadLocation("Europe/Madrid")
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, madrid)
	v, p := newPerson(t, "Rafael")
	writeAt(t, v, p, "gp", now.Add(-time.Hour),
		observation("s1", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", 88, "%", "2026-12-05T19:00:00Z", ""),
		observation("s2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", 93, "%", "2026-12-06T19:00:00Z", ""))
	s, err := BuildSummary(ctx, v, p, now.AddDate(0, 0, -14), now, now, LoadOptions{Device: madrid})
	if err != nil {
		t.Fatal(err)
	}
	var trends []string
	for _, se := range append(s.Results, s.Home...) {
		trends = append(trends, se.Trend(madrid))
	}
	if len(trends) != 1 || trends[0] != "up 5 percentage points since 5 Dec 2026" {
		t.Errorf("trends %q", trends)
	}
}
