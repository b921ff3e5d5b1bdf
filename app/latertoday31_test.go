package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2/lang"
)

// F352 (Results' words): at 09:00 a weighing dated 21:00 the same day read "1 reading dated after
// today, 2 Mar 2026" on 2 Mar 2026, and with Show at All the one reading before it read
// "Choose a longer period to see the trend": there is none longer. The reading is said as
// later today, with its time, and All does not ask for a longer period.
func TestResults_ReadingLaterTodayIsSaidSo(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	var recs []storage.Record
	for id, when := range map[string]string{"w1": "2012-09-17T10:00:00Z", "w2": "2026-03-02T21:00:00Z"} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(`{"resourceType":"Observation","id":"`+id+
			`","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"effectiveDateTime":"`+when+
			`","valueQuantity":{"value":60,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := rig.u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	if len(res.series) != 1 {
		t.Fatalf("%d series", len(res.series))
	}
	var sub string
	for _, r := range res.list.rows {
		if strings.Contains(r.Title, "weight") {
			sub = r.Sub
		}
	}
	if want := "60 kg · 17 Sep 2012 · 2 readings · 1 reading dated later today, 21:00"; sub != want {
		t.Errorf("row %q, want %q", sub, want)
	}
	res.choose(0)
	res.period.SetSelected(lang.L(health.PeriodAll.Label()))
	res.redraw()
	if got, want := res.latest.Text, "Latest, on 17 Sep 2012 · 1 reading dated later today, 21:00"; got != want {
		t.Errorf("latest %q, want %q", got, want)
	}
	if got := res.single.Text; !res.single.Visible() || strings.Contains(got, "longer period") || !strings.Contains(got, "60 kg on 17 Sep 2012") {
		t.Errorf("with Show at All the chart's place says %q (shown %v)", got, res.single.Visible())
	}
}
