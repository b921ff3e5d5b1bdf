package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// F247: everyone's Timeline ('newest first') put Mum's reading at 17:39 Los Angeles time (01:39
// here in London, 6 Dec) under '5 Dec 2026', below Ned's 00:27 and 01:28 of 6 Dec: the newest
// below older ones. Rows go by the moment they happened; each heading says the day its rows
// show.
func TestTimeline_EveryoneNewestFirstAcrossClocks(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)
	rig := newRemindRig(t, now, medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Ned", "m2", "Aspirin 100 mg", twiceDaily})
	rig.clock.setZone(london)
	u, v := rig.u, rig.u.vault
	ctx := context.Background()
	st, err := remind.LoadSettings(v, rig.people["Mum"])
	if err != nil {
		t.Fatal(err)
	}
	st.Zone = "America/Los_Angeles"
	if err := remind.SaveSettings(ctx, v, rig.people["Mum"], st); err != nil {
		t.Fatal(err)
	}
	obs := func(id, at, value string) string {
		return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"` + at + `","valueQuantity":{"value":` + value + `,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}`
	}
	var recs []storage.Record
	for _, r := range []struct{ person, id, at string }{
		{"Ned", "n1", "2026-12-06T00:27:00Z"},
		{"Ned", "n2", "2026-12-06T01:28:00Z"},
		{"Mum", "m1", "2026-12-06T01:39:00Z"}, // 17:39 on 5 Dec in Los Angeles
		{"Mum", "m0", "2026-12-05T20:00:00Z"}, // 12:00 on 5 Dec in Los Angeles
	} {
		rec, err := storage.NewRecord(rig.people[r.person], storage.ID{Source: "clinic", Type: "Observation", ID: r.id}, []byte(obs(r.id, r.at, "100")))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := v.Write(ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	u.shell.choose("")
	u.shell.load()
	u.idle()
	u.shell.restale()
	u.shell.show(scTimeline)
	u.idle()
	tl := u.shell.pages[scTimeline].(*timelinePage)
	shown := func(i int) (title, clock string) {
		o := newRowItem()
		tl.updateItem(i, o)
		c := o.(*fyne.Container)
		return c.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text, c.Objects[2].(*widget.Label).Text
	}
	// Our readings in the order shown, each with the heading over it when it changes.
	var got []string
	heading, last := "", ""
	for i, l := range tl.lines {
		switch {
		case l >= 0 && tl.events[l].Key.Source == "clinic" && tl.events[l].Key.Type == "Observation":
			if heading != last {
				got = append(got, "["+heading+"]")
				last = heading
			}
			_, clock := shown(i)
			got = append(got, tl.events[l].Key.ID+" "+clock)
		case l < 0 && l > linePast:
			heading, _ = shown(i)
		}
	}
	want := "[5 Dec 2026] m1 17:39 Los Angeles time [6 Dec 2026] n2 01:28 n1 00:27 [5 Dec 2026] m0 12:00 Los Angeles time"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("everyone's Timeline reads\n%s\nwant\n%s", g, want)
	}
}
