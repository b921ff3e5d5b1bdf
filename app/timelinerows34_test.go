package app

import (
	"context"
	"strings"
	"testing"

	"carekeeper/internal/journey"
	"carekeeper/storage"
)

// F371's leftover: the app's Timeline worded its rows itself, beside journey.Timeline (the
// CLI's). They now share journey.RowWords; seen in Everyone's Timeline, where the start day of
// a course prescribed earlier lost its person's name ("Medicine starts: Amoxicillin …": the
// name before the record's "…: " was cut with it). Every row of the person's Timeline says
// what `carekeeper timeline` says.
func TestTimeline_RowsSayWhatTheCLISays(t *testing.T) {
	rig := newRemindRig(t, at(9, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily}, medFixture{"Dad", "d1", "Aspirin 100 mg", twiceDaily})
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
	show := func(profile string) []string {
		s.choose(profile)
		u.idle()
		s.stale[scTimeline] = true
		s.show(scTimeline)
		u.idle()
		return timelineRows(s.pages[scTimeline].(*timelinePage))
	}
	everyone := strings.Join(show(""), "\n")
	if !strings.Contains(everyone, "Mum · Medicine starts: Amoxicillin 500 mg capsule | Medicine · planned") {
		t.Errorf("Everyone's Timeline has no 'Mum · Medicine starts: Amoxicillin 500 mg capsule':\n%s", everyone)
	}
	app := strings.Join(show(mum), "\n")
	cli, err := journey.Timeline(context.Background(), u.vault, mum, rig.u.rem.now(), rig.u.rem.device(), journey.TimelineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range cli {
		w := r.Title + " | " + r.Kind
		if r.Plan != "" {
			w += " · " + r.Plan
		}
		if !strings.Contains(app, w) {
			t.Errorf("timeline says %q; the app's Timeline has no such row:\n%s", w, app)
		}
	}
}
