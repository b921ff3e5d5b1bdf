package app

import (
	"context"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/health"
	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// F78, F66b: one rule everywhere — a date or time shown for a person is on that person's clock.
// This computer is in Kolkata; Ana lives in Auckland, Lou in Los Angeles. Each had a glucose
// taken near midnight on their own clock (Ana at 00:30 on 6 Dec, 11:30 UTC on the 5th; Lou at
// 23:30 on 5 Dec, 07:30 UTC on the 6th), a cholesterol dated by its day alone (5 Dec: its
// own day in every zone) and a visit at 10:30 on their clock. Results (list, latest, the
// point under the pointer, the chart's axis), Timeline (day headings and times, for one
// person and for everyone), the records list, and the record's details say the person's day;
// the visit's details say its time and name the clock with this computer's time beside it,
// as Appointments does; the Timeline names whose clock its times are on. Before, each took this computer's zone (or UTC), or the record's.
func TestPersonsClock_NearMidnightEverywhere(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	rig.clock.setZone(kolkata)
	u, v := rig.u, rig.u.vault
	cases := []struct {
		person, zone, name string
		at                 string // the glucose near midnight, as the record writes it (UTC)
		day, clock         string // its day and time on the person's clock
		visit, visitEnd    string
		visitWords         string
	}{
		{"Ana", "Pacific/Auckland", "Auckland time", "2026-12-05T11:30:00Z", "6 Dec 2026", "00:30",
			"2026-12-03T21:30:00Z", "2026-12-03T22:00:00Z", "4 Dec 2026, 10:30 – 11:00 Auckland time (03:00 here)"},
		{"Lou", "America/Los_Angeles", "Los Angeles time", "2026-12-06T07:30:00Z", "5 Dec 2026", "23:30",
			"2026-12-04T18:30:00Z", "2026-12-04T19:00:00Z", "4 Dec 2026, 10:30 – 11:00 Los Angeles time (5 Dec, 00:00 here)"},
	}
	ctx := context.Background()
	for _, tc := range cases {
		p := rig.people[tc.person]
		st, err := remind.LoadSettings(v, p)
		if err != nil {
			t.Fatal(err)
		}
		st.Zone = tc.zone
		if err := remind.SaveSettings(ctx, v, p, st); err != nil {
			t.Fatal(err)
		}
		obs := func(id, code, name, at, value, unit string) string {
			return `{"resourceType":"Observation","id":"` + id + `","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + name + `"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + value + `,"unit":"` + unit + `","system":"http://unitsofmeasure.org","code":"` + unit + `"}}`
		}
		var recs []storage.Record
		for id, js := range map[string]string{
			"Observation/g1": obs("g1", "2339-0", "Glucose", "2026-11-01T09:00:00Z", "98", "mg/dL"),
			"Observation/g2": obs("g2", "2339-0", "Glucose", tc.at, "104", "mg/dL"),
			"Observation/c1": obs("c1", "2093-3", "Cholesterol", "2026-12-05", "190", "mg/dL"),
			"Encounter/e1":   `{"resourceType":"Encounter","id":"e1","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"type":[{"text":"Check-up"}],"period":{"start":"` + tc.visit + `","end":"` + tc.visitEnd + `"}}`,
		} {
			typ, rid, _ := strings.Cut(id, "/")
			r, err := storage.NewRecord(p, storage.ID{Source: "clinic-" + tc.person, Type: typ, ID: rid}, []byte(js))
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, r)
		}
		if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
			t.Fatal(err)
		}
	}
	// headingOver is the day heading above the timeline's line of the record id of source,
	// and the time on that line, as they show.
	headingOver := func(tl *timelinePage, source, id string) (day, clock string) {
		shown := func(i int) (string, string) {
			o := newRowItem()
			tl.updateItem(i, o)
			c := o.(*fyne.Container)
			return c.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text, c.Objects[2].(*widget.Label).Text
		}
		for i, l := range tl.lines {
			if l >= 0 && tl.events[l].Key.Source == source && tl.events[l].Key.ID == id {
				_, clock = shown(i)
				for j := i - 1; j >= 0; j-- {
					if h := tl.lines[j]; h < 0 && h > linePast {
						day, _ = shown(j)
						return day, clock
					}
				}
			}
		}
		return "", clock
	}
	for _, tc := range cases {
		t.Run(tc.person, func(t *testing.T) {
			p := rig.people[tc.person]
			src := "clinic-" + tc.person
			// Results: the list, the latest, the point under the pointer, the chart's days.
			res := resultsOf(t, rig, p)
			var glucose, chol string
			for _, r := range res.list.rows {
				switch {
				case strings.Contains(r.Title, "Glucose"):
					glucose = r.Sub
				case strings.Contains(r.Title, "cholesterol"):
					chol = r.Sub
				}
			}
			if !strings.HasSuffix(glucose, "· "+tc.day+" · 2 readings") {
				t.Errorf("Results row %q, want %s", glucose, tc.day)
			}
			if !strings.HasSuffix(chol, "· 5 Dec 2026") {
				t.Errorf("Results row %q, want 5 Dec 2026", chol)
			}
			for i, se := range res.series {
				if strings.Contains(se.ShortName(), "Glucose") {
					res.choose(i)
				}
			}
			if got := res.latest.Text; !strings.HasPrefix(got, "Latest, on "+tc.day) || !strings.Contains(got, "since 1 Nov 2026") {
				t.Errorf("latest %q, want %s", got, tc.day)
			}
			segs := res.shown.Lines[0].Segments
			last := segs[len(segs)-1]
			res.onPoint([]health.ChartPoint{last[len(last)-1]})
			if got := res.point.Text; !strings.HasPrefix(got, tc.day+", "+tc.clock+" "+tc.name+": 104") {
				t.Errorf("point %q, want %s, %s", got, tc.day, tc.clock)
			}
			if _, _, ticks := chartAxis(res.shown, 600, 14); ticks.loc == nil || ticks.loc.String() != tc.zone {
				t.Errorf("the chart's days are %v's, want %s", ticks.loc, tc.zone)
			}
			// Timeline: the day heading over the reading, and its time.
			u.shell.restale()
			u.shell.show(scTimeline)
			u.idle()
			tl := u.shell.pages[scTimeline].(*timelinePage)
			// The heading names the clock (a time alone is read on this computer's).
			if day, clock := headingOver(tl, src, "g2"); day != tc.day+", "+tc.name || clock != tc.clock {
				t.Errorf("Timeline: glucose under %q at %q, want %s, %s at %s", day, clock, tc.day, tc.name, tc.clock)
			}
			if day, _ := headingOver(tl, src, "c1"); day != "5 Dec 2026, "+tc.name {
				t.Errorf("Timeline: cholesterol under %q, want 5 Dec 2026", day)
			}
			// The records list.
			m := u.main
			m.selected, m.selectedType = p, "Observation"
			m.loadRecords()
			u.idle()
			days := map[string]string{}
			for _, r := range m.recordRows {
				days[r.ID.ID] = r.Date
			}
			if days["g2"] != tc.day || days["c1"] != "5 Dec 2026" {
				t.Errorf("records list %v, want g2 on %s, c1 on 5 Dec 2026", days, tc.day)
			}
			// The record's details: the reading's day; the visit's time, its clock named.
			details := func(typ, id string) map[string]string {
				d, err := loadRecord(v, storage.ID{Source: src, Type: typ, ID: id}, u.rem.device(), now)
				if err != nil {
					t.Fatal(err)
				}
				tabs := recordView(d, newReadOnlyEntry(nil))
				out := map[string]string{}
				for _, it := range tabs.Items[0].Content.(*container.Scroll).Content.(*widget.Form).Items {
					out[it.Text] = it.Widget.(*widget.Label).Text
				}
				return out
			}
			if got := details("Observation", "g2")["Taken"]; got != tc.day {
				t.Errorf("details: Taken %q, want %s", got, tc.day)
			}
			if got := details("Observation", "c1")["Taken"]; got != "5 Dec 2026" {
				t.Errorf("details: Taken %q, want 5 Dec 2026", got)
			}
			if got := details("Encounter", "e1")["When"]; got != tc.visitWords {
				t.Errorf("details: When %q, want %q", got, tc.visitWords)
			}
		})
	}
	// The records list of everyone: each record on its person's clock.
	m := u.main
	m.selected, m.selectedType = "", "Observation"
	m.loadRecords()
	u.idle()
	days := map[string]string{}
	for _, r := range m.recordRows {
		days[r.ID.Source+"/"+r.ID.ID] = r.Date
	}
	for _, tc := range cases {
		if got := days["clinic-"+tc.person+"/g2"]; got != tc.day {
			t.Errorf("everyone's records list: %s's glucose on %q, want %s", tc.person, got, tc.day)
		}
	}
	// Everyone's timeline: each reading under its person's day.
	u.shell.choose("")
	u.shell.load()
	u.idle()
	u.shell.restale()
	u.shell.show(scTimeline)
	u.idle()
	tl := u.shell.pages[scTimeline].(*timelinePage)
	for _, tc := range cases {
		// Each line names its person's clock (the day heading is everyone's).
		if day, clock := headingOver(tl, "clinic-"+tc.person, "g2"); day != tc.day || clock != tc.clock+" "+tc.name {
			t.Errorf("everyone's Timeline: %s's glucose under %q at %q, want %s at %s", tc.person, day, clock, tc.day, tc.clock)
		}
	}
}

// F142: Add measurement reads the date and time on the chosen person's clock and says so. A
// carer in Kolkata adds Ana's (Auckland) weight taken at 08:00 on 5 Dec: it is 08:00 Auckland
// time (19:00 UTC on the 4th), and Results says 5 Dec; before, it was 08:00 in Kolkata (02:30
// UTC on the 5th, 15:30 in Auckland) with no word of which clock. Lou's (Los Angeles) form
// names his clock when he is chosen.
func TestAddMeasurement_OnThePersonsClock(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Ana", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	rig.clock.setZone(kolkata)
	u := rig.u
	for name, zone := range map[string]string{"Ana": "Pacific/Auckland", "Lou": "America/Los_Angeles"} {
		st, err := remind.LoadSettings(u.vault, rig.people[name])
		if err != nil {
			t.Fatal(err)
		}
		st.Zone = zone
		if err := remind.SaveSettings(context.Background(), u.vault, rig.people[name], st); err != nil {
			t.Fatal(err)
		}
	}
	ana := rig.people["Ana"]
	d := u.shell.openMeasureOf(ana, "weight")
	if got := d.items[5].HintText; got != "Auckland time, the person's clock" {
		t.Errorf("the Time's hint %q", got)
	}
	// It opens at the time it is on her clock: 01:00 on 6 Dec in Auckland.
	if d.date.Date == nil || d.date.Date.Day() != 6 || d.clock.Text != "01:00" {
		t.Errorf("opens at %v %q, want 6 Dec 01:00 (Auckland)", d.date.Date, d.clock.Text)
	}
	day := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	d.date.SetDate(&day)
	d.clock.SetText("08:00")
	d.value.SetText("70")
	d.dialog.Hide()
	u.shell.onMeasureClosed(d, true)
	u.idle()
	res := resultsOf(t, rig, ana)
	var weight string
	for _, r := range res.list.rows {
		if strings.Contains(r.Title, "weight") || strings.Contains(r.Title, "Weight") {
			weight = r.Sub
		}
	}
	if !strings.HasSuffix(weight, "· 5 Dec 2026") {
		t.Errorf("Results row %q, want 5 Dec 2026", weight)
	}
	for i, se := range res.series {
		if strings.Contains(strings.ToLower(se.ShortName()), "weight") {
			res.choose(i)
		}
	}
	if got, want := res.chosen.Latest().T.UTC(), time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("stored at %s, want 08:00 Auckland time (%s)", got, want)
	}
	// Lou chosen in the form: his clock is named.
	d = u.shell.openMeasureOf(ana, "weight")
	for i, pr := range u.shell.people {
		if pr.ID == rig.people["Lou"] {
			d.person.SetSelectedIndex(i)
		}
	}
	if got := d.items[5].HintText; got != "Los Angeles time, the person's clock" {
		t.Errorf("the Time's hint for Lou %q", got)
	}
	d.dialog.Hide()
}

// F142: a chart saved as PNG says what it shows and whose it is, the latest reading, the dates
// it covers and what the band is, on a light background for printing — it was the bare plots
// on the dark theme's black. Two people, everyone shown: Dad's weight.
func TestResults_SavedChartSaysWhatAndWhose(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
	addObservations(t, rig.u.vault, rig.people["Dad"], "29463-7", "Body weight", "kg", 0, map[int]float64{30: 82.75, 60: 83})
	res := resultsOf(t, rig, "")
	for i, se := range res.series {
		if se.Profile == rig.people["Dad"] {
			res.choose(i)
		}
	}
	got := res.exportHeading(res.shown)
	want := []string{"Body weight — Dad", "82.8 kg — Latest, on 31 Jan 2026 · -0.2 kg since 1 Jan 2026", // 83 then 82.8 as shown (F345); the chart's font has no '−'
		"Readings from 1 Jan 2026 to 31 Jan 2026", res.rangeL.Text}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("heading\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	img := res.exportImage(res.shown)
	if out := os.Getenv("CAREKEEPER_CHART_PNG"); out != "" { // to look at it
		f, err := os.Create(out)
		if err == nil {
			_ = png.Encode(f, img)
			f.Close()
		}
	}
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 < 0xe0 || g>>8 < 0xe0 || b>>8 < 0xe0 {
		t.Errorf("background %d,%d,%d: not light", r>>8, g>>8, b>>8)
	}
}

// F153: one lab reading flagged High says the lab's range in words, and no caption speaks of a
// shaded band that is not drawn; with a chart, the caption gives the range too.
func TestResults_RangeInWordsWithoutABand(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	mum := rig.people["Mum"]
	addObservations(t, rig.u.vault, mum, "2345-7", "Glucose", "mmol/L", 6.2, map[int]float64{3: 6.3})
	addObservations(t, rig.u.vault, mum, "2160-0", "Creatinine", "mg/dL", 1.2, map[int]float64{3: 1.0, 40: 1.1})
	res := resultsOf(t, rig, mum)
	caption := func(name string) string {
		for i, se := range res.series {
			if strings.Contains(se.ShortName(), name) {
				res.choose(i)
				return res.rangeL.Text
			}
		}
		t.Fatalf("no %s series", name)
		return ""
	}
	if got, want := caption("Glucose"), "The lab's reference range: up to 6.2 mmol/L."; got != want {
		t.Errorf("one reading: %q, want %q", got, want)
	}
	if got, want := caption("Creatinine"), "Shaded band: the lab's reference range, up to 1.2 mg/dL. Values outside it are ringed and marked High or Low."; got != want {
		t.Errorf("a chart: %q, want %q", got, want)
	}
}

// F139, F140: Conditions says a condition's first day, and People a death's day, on the
// person's clock. Lou (Los Angeles) had a migraine begin at 23:30 on 5 Dec and died at 23:30
// on 6 Dec (07:30 UTC the next days), on a computer in Kolkata: 'since 5 Dec 2026' and 'Died 6
// Dec 2026', as the visit summary says them; before, the record's UTC days.
func TestConditionsAndDeathOnThePersonsClock(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Lou", "m2", "Aspirin 100 mg", twiceDaily})
	rig.clock.setZone(kolkata)
	u, lou := rig.u, rig.people["Lou"]
	st, err := remind.LoadSettings(u.vault, lou)
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "America/Los_Angeles"
	if err := remind.SaveSettings(context.Background(), u.vault, lou, st); err != nil {
		t.Fatal(err)
	}
	var recs []storage.Record
	for _, js := range []string{
		`{"resourceType":"Condition","id":"mig","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"text":"Migraine"},"onsetDateTime":"2026-12-06T07:30:00Z"}`,
		`{"resourceType":"Patient","id":"pl","name":[{"family":"Lou"}],"deceasedDateTime":"2026-12-07T07:30:00Z"}`,
	} {
		typ, id := "Condition", "mig"
		if strings.Contains(js, `"Patient"`) {
			typ, id = "Patient", "pl"
		}
		r, err := storage.NewRecord(lou, storage.ID{Source: "clinic", Type: typ, ID: id}, []byte(js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	u.shell.choose(lou)
	u.shell.load()
	u.idle()
	for _, sc := range []screen{scConditions, scPeople} {
		u.shell.restale()
		u.shell.show(sc)
		u.idle()
	}
	var subs []string
	for _, r := range u.shell.pages[scConditions].(*conditionsPage).list.rows {
		subs = append(subs, r.Title+" | "+r.Sub)
	}
	if all := strings.Join(subs, "\n"); !strings.Contains(all, "since 5 Dec 2026") {
		t.Errorf("Conditions: %s\nwant since 5 Dec 2026", all)
	}
	subs = nil
	for _, r := range u.shell.pages[scPeople].(*peoplePage).list.rows {
		subs = append(subs, r.Title+" | "+r.Sub)
	}
	if all := strings.Join(subs, "\n"); !strings.Contains(all, "Died 6 Dec 2026") {
		t.Errorf("People: %s\nwant Died 6 Dec 2026", all)
	}
}
