package journey

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/testutil"
)

// F111: HL7's Bundle-101 (a CBC) gives the date on its DiagnosticReport only; its 17
// results were '(17 results could not be read)' in the results view and the visit summary.
// They are dated by the report: haemoglobin 176 g/L on 4 Mar 2011.
func TestResultsDatedByTheirReportInViews(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testutil.FixturesDir(t), "hl7-examples", "Bundle-101.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Entry []struct{ Resource json.RawMessage }
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	var res []string
	for _, e := range b.Entry {
		res = append(res, string(e.Resource))
	}
	v, p := newPerson(t, "Dated by the report")
	now := utc("2026-12-05T12:00:00Z")
	writeAt(t, v, p, "example.com", now, res...)

	rs, err := Results(context.Background(), v, p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := BuildSummary(context.Background(), v, p, utc("2011-01-01T00:00:00Z"), utc("2011-12-31T00:00:00Z"), now, LoadOptions{Device: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		view       string
		n          int // series
		unreadable int
		hb         string
	}{
		{"results", len(rs[0].Series), rs[0].Unreadable, hbOf(rs[0].Series)},
		{"summary", len(s.Results), s.Unreadable, hbOf(summarySeries(s.Results))},
	} {
		if tc.n != 17 || tc.unreadable != 0 || tc.hb != "176 g/L on 2011-03-04" {
			t.Errorf("%s: %d series, %d unreadable, haemoglobin %q; want 17, 0, 176 g/L on 2011-03-04", tc.view, tc.n, tc.unreadable, tc.hb)
		}
	}
}

func hbOf(ss []*health.Series) string {
	for _, s := range ss {
		if s.Code == "http://loinc.org|718-7" {
			p := s.Latest()
			return s.ReadingWords(p) + " on " + p.T.Format("2006-01-02")
		}
	}
	return ""
}

func summarySeries(ss []SummarySeries) []*health.Series {
	out := make([]*health.Series, len(ss))
	for i := range ss {
		out[i] = ss[i].Series
	}
	return out
}
