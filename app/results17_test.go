package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2/lang"
)

// Issue 15: a reading the record dates by its month ("2026-02") was "1 Feb 2026" in the chart's
// value card ("One reading in this period") and in a point's words; both say "February 2026",
// as `results` and the list do (Point.DateIn).
func TestResults_MonthDatedReadingInChartWords(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	v, mum := rig.u.vault, rig.people["Mum"]
	var recs []storage.Record
	for id, at := range map[string]string{"old": "2019-05-06", "month": "2026-02"} {
		js := `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":6.1,"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}`
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	if len(res.series) != 1 {
		t.Fatalf("series %v", res.series)
	}
	res.choose(0)
	res.period.SetSelected(lang.L(health.Period1Y.Label()))
	if !res.single.Visible() || !strings.Contains(res.single.Text, "on February 2026") || strings.Contains(res.single.Text, "1 Feb") {
		t.Errorf("value card %q", res.single.Text)
	}
	res.period.SetSelected(lang.L(health.PeriodAll.Label()))
	var month health.ChartPoint
	for _, seg := range res.shown.Lines[0].Segments {
		for _, p := range seg {
			if p.Key.ID == "month" {
				month = p
			}
		}
	}
	res.onPoint([]health.ChartPoint{month})
	if !strings.HasPrefix(res.point.Text, "February 2026: ") {
		t.Errorf("point %q", res.point.Text)
	}
}
