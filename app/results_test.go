package app

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/font"
)

// addObservations writes Observations of one code for a person: values at the given days
// before day0, with an optional reference range high.
func addObservations(t *testing.T, v *storage.Vault, profile, code, name, unit string, high float64, values map[int]float64) {
	t.Helper()
	var recs []storage.Record
	for daysAgo, val := range values {
		id := fmt.Sprintf("%s-%s-%d", profile, code, daysAgo)
		rng := ""
		if high > 0 {
			rng = fmt.Sprintf(`,"referenceRange":[{"high":{"value":%g,"unit":%q}}]`, high, unit)
		}
		js := fmt.Sprintf(`{"resourceType":"Observation","id":%q,"status":"final","code":{"coding":[{"system":"http://loinc.org","code":%q,"display":%q}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":%q,"valueQuantity":{"value":%g,"unit":%q,"system":"http://unitsofmeasure.org","code":%q}%s}`,
			id, code, name, day0.AddDate(0, 0, -daysAgo).Format(time.RFC3339), val, unit, unit, rng)
		r, err := storage.NewRecord(profile, storage.ID{Source: "clinic", Type: "Observation", ID: id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
}

// resultsOf shows Results for profile ("" for everyone) after the records changed.
func resultsOf(t *testing.T, rig *remindRig, profile string) *resultsPage {
	t.Helper()
	u := rig.u
	u.shell.choose(profile)
	u.shell.load() // the records changed since the person was chosen
	u.idle()
	u.shell.restale()
	u.shell.show(scResults)
	u.idle()
	return u.shell.pages[scResults].(*resultsPage)
}

// Two people's weights are two series under their names in the household view, never one
// line (issue 11 §1).
func TestResults_EveryoneGroupsByPerson(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
	v := rig.u.vault
	addObservations(t, v, rig.people["Dad"], "29463-7", "Body weight", "kg", 0, map[int]float64{30: 82.75, 60: 83})
	addObservations(t, v, rig.people["Mum"], "29463-7", "Body weight", "kg", 0, map[int]float64{20: 64, 50: 64.5})
	res := resultsOf(t, rig, "")
	if len(res.series) != 2 {
		t.Fatalf("%d series, want one per person", len(res.series))
	}
	var headers []string
	for _, r := range res.list.rows {
		if r.OnTap == nil {
			headers = append(headers, r.Title)
		}
	}
	if len(headers) != 2 {
		t.Errorf("person headings %q", headers)
	}
	for i, se := range res.series {
		if se.Profile != res.owner[i] || se.Len() != 2 {
			t.Errorf("series %d: profile %s under %s, %d points", i, se.Profile, res.owner[i], se.Len())
		}
		res.choose(i)
		name := rig.u.shell.personNameOf(se.Profile)
		if !strings.HasPrefix(res.name.Text, name+" · ") {
			t.Errorf("chosen series named %q, want it under %s", res.name.Text, name)
		}
		for _, seg := range res.shown.Lines[0].Segments {
			for _, p := range seg {
				if (name == "Mum") != (p.V < 70) {
					t.Errorf("%s's chart holds %v", name, p.V)
				}
			}
		}
	}
}

// A value above the record's range is flagged High in the list, on the latest value and on
// the chart; a single reading is a value, not a chart.
func TestResults_FlagsAndValueCard(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	v, mum := rig.u.vault, rig.people["Mum"]
	addObservations(t, v, mum, "2339-0", "Glucose", "mg/dL", 100, map[int]float64{10: 95, 40: 140, 70: 90, 2: 130})
	addObservations(t, v, mum, "2093-3", "Cholesterol", "mg/dL", 0, map[int]float64{5: 180})
	res := resultsOf(t, rig, mum)
	var gl, ch = -1, -1
	for i, se := range res.series {
		switch {
		case strings.Contains(se.Name, "Glucose"):
			gl = i
		case strings.Contains(se.Name, "Cholesterol"):
			ch = i
		}
	}
	if gl < 0 || ch < 0 {
		t.Fatalf("series %v", res.series)
	}
	row := res.list.rows[gl]
	if !row.Warn || !strings.Contains(row.Sub, "High") {
		t.Errorf("glucose row %+v: not flagged High", row)
	}
	res.choose(gl)
	if !strings.Contains(res.value.Text, "High") || res.value.Importance == 0 {
		t.Errorf("latest %q not flagged", res.value.Text)
	}
	flagged := 0
	for _, seg := range res.shown.Lines[0].Segments {
		for _, p := range seg {
			if p.Flag == health.FlagHigh {
				flagged++
			}
		}
	}
	if flagged != 2 || !res.chart.Visible() {
		t.Errorf("chart: %d flagged points, shown %v", flagged, res.chart.Visible())
	}
	res.choose(ch)
	if res.chart.Visible() || !res.single.Visible() {
		t.Error("a single reading is drawn as a chart")
	}
}

// The chart draws in the app's font and puts the legend above the plot: the legend's
// strip holds no data colour below it, and the data stays out of the legend's strip.
func TestChartRender(t *testing.T) {
	se := tenYearsBP()
	st := chartStyleFor(newAppTheme("dark", 1), theme.VariantDark, 1)
	ch := health.BuildChart(se, health.PeriodAll, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if ch.Summarised == health.SummaryNone || len(ch.Lines) != 2 {
		t.Fatalf("chart data: summarised %q, %d lines", ch.Summarised, len(ch.Lines))
	}
	img, pts := renderChart(ch, 800, 400, st)
	if img.Bounds().Dx() != 800 || len(pts) == 0 || len(pts) > 800 {
		t.Fatalf("image %v, %d points", img.Bounds(), len(pts))
	}
	if pts[0].x >= pts[len(pts)-1].x || len(pts[0].pts) != 2 {
		t.Error("points not left to right, or not both lines")
	}
	if !registerChartFont() || !font.DefaultCache.Has(font.Font{Typeface: chartTypeface}) {
		t.Error("the chart font is not the app's")
	}
	// The legend strip is the top 1.5 text lines (800 px wide fits it on one): no line
	// colour below its thumbnails' column.
	near := func(c color.Color, want color.Color) bool {
		r, g, b, _ := c.RGBA()
		wr, wg, wb, _ := want.RGBA()
		d := func(a, b uint32) uint32 {
			if a > b {
				return a - b
			}
			return b - a
		}
		return d(r, wr) < 0x1000 && d(g, wg) < 0x1000 && d(b, wb) < 0x1000
	}
	stripH := int(st.textSize * 1.5)
	for y := 0; y < stripH; y++ {
		for x := int(st.textSize * 3); x < 800; x++ {
			if near(img.At(x, y), st.line1) && x > 200 {
				t.Fatalf("data colour at (%d,%d), inside the legend strip", x, y)
			}
		}
	}
}

// At 200 % text in a 1024×600 window the results list and the chart are shown one at a
// time, each with the whole width; the chart gets at least its readable size.
func TestResults_NarrowShowsOneAtATime(t *testing.T) {
	u, _ := demoUI(t)
	u.app.Preferences().SetFloat(prefTextSize, 2)
	u.applyTheme()
	u.win.Resize(fyne.NewSize(1024, 600))
	u.shell.show(scResults)
	u.idle()
	res := u.shell.pages[scResults].(*resultsPage)
	list, detail := res.pane.Objects[0], res.pane.Objects[1]
	if !list.Visible() || detail.Visible() || list.Size().Width < 900 {
		t.Fatalf("list shown %v (width %v), detail shown %v", list.Visible(), list.Size().Width, detail.Visible())
	}
	res.list.list.Select(0)
	if list.Visible() || !detail.Visible() || !res.back.Visible() {
		t.Fatal("choosing a series does not show it in place of the list")
	}
	if sz, m := res.chart.Size(), res.chart.MinSize(); sz.Height < m.Height || sz.Width < 900 {
		t.Errorf("chart %v, needs %v", sz, m)
	}
	res.back.OnTapped()
	if !list.Visible() || detail.Visible() {
		t.Error("back does not return to the list")
	}
}

// In the household view every line of the timeline under "Everyone" names its person, and
// choosing one person in the top bar shows that person's events only (the timeline has no
// person filter of its own).
func TestTimeline_EveryoneByPerson(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
	v := rig.u.vault
	addObservations(t, v, rig.people["Dad"], "29463-7", "Body weight", "kg", 0, map[int]float64{30: 82.75, 60: 83})
	addObservations(t, v, rig.people["Mum"], "29463-7", "Body weight", "kg", 0, map[int]float64{20: 64})
	u := rig.u
	u.shell.choose("")
	u.shell.load()
	u.idle()
	u.shell.restale()
	u.shell.show(scTimeline)
	u.idle()
	tl := u.shell.pages[scTimeline].(*timelinePage)
	all := len(tl.shown)
	for _, r := range drawnRows(tl.list) {
		text := r.Objects[0].(*fyne.Container)
		if title := text.Objects[0].(*widget.Label).Text; r.Objects[1].Visible() && !strings.HasPrefix(title, "Mum · ") && !strings.HasPrefix(title, "Dad · ") {
			t.Errorf("everyone's timeline line %q does not name its person", title)
		}
	}
	u.shell.choose(rig.people["Mum"])
	u.shell.load()
	u.idle()
	if len(tl.shown) == 0 || len(tl.shown) >= all {
		t.Fatalf("Mum: %d of %d events", len(tl.shown), all)
	}
	for _, i := range tl.shown {
		if tl.events[i].Profile != rig.people["Mum"] {
			t.Errorf("Mum's timeline shows an event of %s", tl.events[i].Profile)
		}
	}
}

// A result written only as text is listed as written ("written as text"), a coded answer as
// an answer, never charted (issue 15).
func TestResults_TextResultListed(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	v, mum := rig.u.vault, rig.people["Mum"]
	addObservations(t, v, mum, "2339-0", "Glucose", "mg/dL", 0, map[int]float64{10: 95})
	js := `{"resourceType":"Observation","id":"k1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2823-3","display":"Potassium"}]},"effectiveDateTime":"` + day0.AddDate(0, 0, -3).Format(time.RFC3339) + `","valueString":"4.1 mmol/L"}`
	r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: "k1"}, []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	// A coded answer is labelled an answer, not "written as text" (issue 15).
	ans := `{"resourceType":"Observation","id":"c1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"COVID-19 test"},"effectiveDateTime":"` + day0.AddDate(0, 0, -3).Format(time.RFC3339) + `","valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}}`
	r2, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: "Observation", ID: "c1"}, []byte(ans))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: []storage.Record{r, r2}}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, mum)
	if len(res.series) != 1 {
		t.Fatalf("%d series, want the glucose only", len(res.series))
	}
	want := map[string]string{"Potassium": "4.1 mmol/L · written as text · ", "COVID-19 test": "Negative · answer · "}
	for _, row := range res.list.rows {
		if w, ok := want[row.Title]; ok {
			delete(want, row.Title)
			if !strings.HasPrefix(row.Sub, w) || row.OnTap == nil {
				t.Errorf("text result row %+v, want it to start %q", row, w)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no row of %v in %+v", want, res.list.rows)
	}
}

// In the household view, a person whose results are only coded answers is counted so ("1
// result given as an answer"), not as results written as text (issue 15).
func TestResults_EveryoneCountsAnswers(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
	v := rig.u.vault
	when := day0.AddDate(0, 0, -3).Format(time.RFC3339)
	var recs []storage.Record
	for _, o := range []struct{ profile, id, value string }{
		{rig.people["Mum"], "k1", `"valueString":"4.1 mmol/L"`},
		{rig.people["Dad"], "c1", `"valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"260385009","display":"Negative"}]}`},
	} {
		js := `{"resourceType":"Observation","id":"` + o.id + `","status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Test"},"effectiveDateTime":"` + when + `",` + o.value + `}`
		r, err := storage.NewRecord(o.profile, storage.ID{Source: "clinic", Type: "Observation", ID: o.id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	res := resultsOf(t, rig, "")
	want := map[string]string{"Mum": "1 result written as text", "Dad": "1 result given as an answer"}
	for _, r := range res.list.rows {
		if w, ok := want[r.Title]; ok && r.OnTap == nil {
			delete(want, r.Title)
			if r.Sub != w {
				t.Errorf("%s counted %q, want %q", r.Title, r.Sub, w)
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("no heading for %v in %+v", want, res.list.rows)
	}
}
