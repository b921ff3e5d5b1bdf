package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"carekeeper/storage"
)

// timelineRows are the Timeline's lines as shown: headings alone, rows "title | sub".
func timelineRows(tl *timelinePage) []string {
	var out []string
	for n := range tl.lines {
		c := newRowItem().(*fyne.Container)
		tl.updateItem(n, c)
		text := c.Objects[0].(*fyne.Container)
		title, sub := text.Objects[0].(*widget.Label).Text, text.Objects[1].(*widget.Label).Text
		if tl.lines[n] < 0 {
			out = append(out, title)
		} else {
			out = append(out, title+" | "+sub)
		}
	}
	return out
}

// F371, F385 (3): a course prescribed on 27 Feb to be taken from 5 Mar had its order's line
// ("Medicine prescribed, to start 5 Mar 2026: Amoxicillin 500 mg capsule") and nothing on 5
// Mar: Upcoming did not say it. Its start day is a line of its own under Upcoming. F352: at
// 09:00 a weight dated 21:00 the same day read "Result · planned" under Upcoming: it is not
// planned but not taken yet.
func TestTimeline_StartDayOfACoursePrescribedEarlier(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	var recs []storage.Record
	for _, c := range []struct{ typ, id, res string }{
		{"MedicationRequest", "amox", `{"resourceType":"MedicationRequest","id":"amox","status":"active","intent":"order","authoredOn":"2026-02-27",` +
			`"medicationCodeableConcept":{"text":"Amoxicillin 500 mg capsule"},"subject":{"reference":"Patient/mum"},` +
			`"dosageInstruction":[{"timing":{"repeat":{"boundsPeriod":{"start":"2026-03-05","end":"2026-03-11"},"frequency":3,"period":1,"periodUnit":"d"}},` +
			`"doseAndRate":[{"doseQuantity":{"value":1,"unit":"capsule"}}]}]}`},
		{"Observation", "w2", `{"resourceType":"Observation","id":"w2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},` +
			`"effectiveDateTime":"2026-03-02T21:00:00Z","valueQuantity":{"value":60,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`},
	} {
		r, err := storage.NewRecord(mum, storage.ID{Source: "clinic", Type: c.typ, ID: c.id}, []byte(c.res))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if _, err := u.vault.Write(context.Background(), &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.choose(mum)
	u.idle()
	s.stale[scTimeline] = true
	s.show(scTimeline)
	u.idle()
	rows := timelineRows(s.pages[scTimeline].(*timelinePage))
	all := strings.Join(rows, "\n")
	at := func(prefix string) int {
		for i, r := range rows {
			if strings.HasPrefix(r, prefix) {
				return i
			}
		}
		t.Errorf("no line %q in\n%s", prefix, all)
		return -1
	}
	up, past := at("Upcoming"), at("Past")
	starts := at("Medicine starts: Amoxicillin 500 mg capsule | Medicine · planned")
	order := at("Medicine prescribed, to start 5 Mar 2026: Amoxicillin 500 mg capsule | Medicine")
	if !(up < starts && starts < past && past < order) {
		t.Errorf("Upcoming %d, the start %d, Past %d, the order %d:\n%s", up, starts, past, order, all)
	}
	if d := at("5 Mar 2026"); d != starts-1 {
		t.Errorf("the start's day heading at %d, its line at %d:\n%s", d, starts, all)
	}
	if w := at("Body weight"); w >= 0 && !strings.Contains(rows[w], "Result · dated later today, not taken yet") {
		t.Errorf("the weight dated 21:00 reads %q", rows[w])
	}
}
