package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// timelineTexts are the timeline's lines as shown: each line's title and its second line.
func timelineTexts(tl *timelinePage) [][2]string {
	var out [][2]string
	for i := range tl.lines {
		o := newRowItem()
		tl.updateItem(i, o)
		text := o.(*fyne.Container).Objects[0].(*fyne.Container)
		out = append(out, [2]string{text.Objects[0].(*widget.Label).Text, text.Objects[1].(*widget.Label).Text})
	}
	return out
}

// A record dated by its day alone ("2020-03-04") is under that day in the timeline in any
// zone: west of UTC it was under the day before (its midnight UTC is the evening before
// there). Each line names its kind in the singular ("Allergy", "Result").
func TestTimeline_DateOnlyOnItsOwnDay(t *testing.T) {
	for _, zone := range []string{"America/Los_Angeles", "Pacific/Auckland"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			was := time.Local
			time.Local = loc
			t.Cleanup(func() { time.Local = was })
			rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
			v, mum := rig.u.vault, rig.people["Mum"]
			var recs []storage.Record
			for id, js := range map[string]string{
				"AllergyIntolerance/a1": `{"resourceType":"AllergyIntolerance","id":"a1","code":{"text":"Peanut"},"recordedDate":"2020-03-04"}`,
				"Observation/o1":        `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Potassium"},"effectiveDateTime":"2020-03-05","valueQuantity":{"value":4.1,"unit":"mmol/L"}}`,
			} {
				typ, rid, _ := strings.Cut(id, "/")
				r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: typ, ID: rid}, []byte(js))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, r)
			}
			if _, err := v.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			u := rig.u
			u.shell.choose(mum)
			u.shell.load()
			u.idle()
			u.shell.restale()
			u.shell.show(scTimeline)
			u.idle()
			tl := u.shell.pages[scTimeline].(*timelinePage)
			lines := timelineTexts(tl)
			var got []string
			for _, l := range lines {
				got = append(got, l[0]+" | "+l[1])
			}
			all := strings.Join(got, "\n")
			for _, want := range []string{"5 Mar 2020 | \nPotassium: 4.1 mmol/L | Result · from clinic", "4 Mar 2020 | \nPeanut | Allergy · from clinic"} {
				if !strings.Contains(all, want) {
					t.Errorf("timeline lacks %q:\n%s", want, all)
				}
			}
			for _, bad := range []string{"3 Mar 2020", "Results ·", "Allergies ·"} {
				if strings.Contains(all, bad) {
					t.Errorf("timeline shows %q:\n%s", bad, all)
				}
			}
		})
	}
}

// Results in units that convert are one line (weights in lb and kg; HbA1c in % and mmol/mol,
// F65); a result in units that do not (triglycerides in mg/dL and mmol/L: no one molar mass)
// is two lines that say their unit; a converted point says what the record wrote (issue 15).
func TestResults_UnitsOneSeries(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	v, mum := rig.u.vault, rig.people["Mum"]
	addObservations(t, v, mum, "29463-7", "Body weight", "[lb_av]", 0, map[int]float64{40: 172})
	addObservations(t, v, mum, "29463-7", "Body weight", "kg", 0, map[int]float64{10: 77.9})
	addObservations(t, v, mum, "4548-4", "Hemoglobin A1c", "%", 0, map[int]float64{30: 7.1})
	addObservations(t, v, mum, "4548-4", "Hemoglobin A1c", "mmol/mol", 0, map[int]float64{5: 53})
	addObservations(t, v, mum, "2571-8", "Triglycerides", "mg/dL", 0, map[int]float64{20: 150})
	addObservations(t, v, mum, "2571-8", "Triglycerides", "mmol/L", 0, map[int]float64{8: 1.7})
	res := resultsOf(t, rig, mum)
	var titles []string
	for _, row := range res.list.rows {
		titles = append(titles, row.Title+" | "+row.Sub)
	}
	all := strings.Join(titles, "\n")
	for _, want := range []string{"Body weight | 77.9 kg", "2 readings", "HbA1c | 53 mmol/mol · 25 Feb 2026 · 2 readings", "Triglycerides (mg/dL) | 150 mg/dL", "Triglycerides (mmol/L) | 1.7 mmol/L"} {
		if !strings.Contains(all, want) {
			t.Errorf("results lack %q:\n%s", want, all)
		}
	}
	if len(res.series) != 4 {
		t.Fatalf("%d series:\n%s", len(res.series), all)
	}
	for i, se := range res.series {
		if se.ShortName() != "Body weight" {
			continue
		}
		res.choose(i)
		ch := res.shown
		pts := ch.Lines[0].Segments
		var first health.ChartPoint
		for _, seg := range pts {
			if len(seg) > 0 {
				first = seg[0]
				break
			}
		}
		res.onPoint([]health.ChartPoint{first})
		if !strings.Contains(res.point.Text, "78 kg (converted from 172 lb)") {
			t.Errorf("converted point: %q", res.point.Text)
		}
	}
}
