package app

import (
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// dom39's ask (F512 item 2): the app's Timeline titled each medicine record by its own name,
// so one inhaler was "Spiriva Respimat 2.5 micrograms" from the GP and "tiotropium bromide
// 0.0025 MG/ACTUAT Inhalation Spray" from the discharge letter, where `carekeeper timeline`,
// Today and Medicines name the course once. Each row of a medicine record is titled by its
// course (journey.CourseNames).
func TestTimeline_MedicineRowsByCourseName(t *testing.T) {
	rig := newRemindRig(t, time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), medFixture{"Walter", "m1", "Metformin 500 mg", twiceDaily})
	u, walter := rig.u, rig.people["Walter"]
	const tio = `"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1552002","display":"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"}],"text":%s}`
	med := func(text string) string { return strings.Replace(tio, "%s", text, 1) }
	gp := `{"resourceType":"MedicationRequest","id":"w-tio","status":"active","intent":"order","authoredOn":"2026-09-01",` + med(`"Spiriva Respimat 2.5 micrograms"`) +
		`,"dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","timeOfDay":["08:15:00"]}},"doseAndRate":[{"doseQuantity":{"value":2,"unit":"puffs"}}]}]}`
	letter := `{"resourceType":"MedicationRequest","id":"ccda-tio","status":"active","intent":"plan","authoredOn":"2026-12-03",` + med(`"tiotropium bromide 0.0025 MG/ACTUAT Inhalation Spray"`) +
		`,"dosageInstruction":[{"text":"Tiotropium 2.5 mcg: 2 inhalations every 24 hours","timing":{"repeat":{"boundsPeriod":{"start":"2026-12-03"},"frequency":1,"period":24,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":2}}]}]}`
	var recs []storage.Record
	for _, r := range []struct{ source, id, js string }{{"https://fhir.gp.example.org", "w-tio", gp}, {"discharge.xml", "ccda-tio", letter}} {
		rec, err := storage.NewRecord(walter, storage.ID{Source: r.source, Type: "MedicationRequest", ID: r.id}, []byte(r.js))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, err := u.vault.Write(u.ctx, &storage.Batch{Records: recs}); err != nil {
		t.Fatal(err)
	}
	s := u.shell
	s.choose(walter)
	u.idle()
	s.load()
	u.idle()
	s.restale()
	s.show(scTimeline)
	u.idle()
	tl := s.pages[scTimeline].(*timelinePage)
	var titles []string
	for _, l := range timelineTexts(tl) {
		if l[1] != "" && strings.Contains(strings.ToLower(l[0]), "medicine") {
			titles = append(titles, l[0])
		}
	}
	spiriva := 0
	for _, title := range titles {
		if strings.Contains(strings.ToLower(title), "tiotropium") {
			t.Errorf("a row titled by its record's own name, not its course's: %q", title)
		}
		if strings.Contains(title, "Spiriva Respimat 2.5 micrograms") {
			spiriva++
		}
	}
	if spiriva < 2 {
		t.Errorf("%d rows name the course Spiriva Respimat 2.5 micrograms, want the GP's and the letter's: %q", spiriva, titles)
	}
}
