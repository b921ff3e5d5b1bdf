package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F465: a death given as a day alone was judged by the UTC day. Lou died on 5 Dec: in Los
// Angeles his weighing at 23:30 that day (07:30 UTC on 6 Dec) was above the line at his death
// on the Timeline, "dated after the death", and Results took the one before as his last; in
// Tokyo one at 00:30 on 6 Dec (15:30 UTC on 5 Dec) was below it, his last. The day is the
// person's now, on the Timeline, in Results and in `timeline` (journey.Timeline) alike.
func TestTimeline_DeathOfADayAloneOnThePersonsClock(t *testing.T) {
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	for _, c := range []struct{ zone, offset string }{
		{"America/Los_Angeles", "-08:00"},
		{"Asia/Tokyo", "+09:00"},
	} {
		t.Run(c.zone, func(t *testing.T) {
			rig := newRemindRig(t, now, medFixture{"Lou", "m1", "Metformin 500 mg", twiceDaily})
			u, lou := rig.u, rig.people["Lou"]
			ctx := context.Background()
			st, err := remind.LoadSettings(u.vault, lou)
			if err != nil {
				t.Fatal(err)
			}
			st.Zone = c.zone
			if err := remind.SaveSettings(ctx, u.vault, lou, st); err != nil {
				t.Fatal(err)
			}
			weight := func(id, when, kg string) string {
				return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},` +
					`"effectiveDateTime":"` + when + `","valueQuantity":{"value":` + kg + `,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}`
			}
			var recs []storage.Record
			for _, r := range []struct{ typ, id, js string }{
				{"Patient", "p", `{"resourceType":"Patient","id":"p","name":[{"given":["Lou"]}],"birthDate":"1950-01-01","deceasedDateTime":"2026-12-05"}`},
				{"Observation", "w1", weight("w1", "2026-12-03T09:00:00"+c.offset, "80")},
				{"Observation", "w2", weight("w2", "2026-12-05T23:30:00"+c.offset, "81")}, // the day of death
				{"Observation", "w3", weight("w3", "2026-12-06T00:30:00"+c.offset, "82")}, // the day after
			} {
				rec, err := storage.NewRecord(lou, storage.ID{Source: "f465", Type: r.typ, ID: r.id}, []byte(r.js))
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec)
			}
			if _, err := u.vault.Write(ctx, &storage.Batch{Records: recs}); err != nil {
				t.Fatal(err)
			}
			s := u.shell
			s.choose(lou)
			u.idle()
			s.load() // the records changed since the person was chosen
			u.idle()
			s.show(scTimeline)
			u.idle()
			tl := s.pages[scTimeline].(*timelinePage)
			// the weighings in their order, the death's line among them, with what each says
			var app []string
			for i, l := range timelineTexts(tl) {
				switch {
				case strings.HasSuffix(l[0], " died"):
					app = append(app, "died")
				case tl.lines[i] >= 0 && tl.events[tl.lines[i]].Key.Source == "f465" && tl.events[tl.lines[i]].Key.Type == "Observation":
					app = append(app, l[0]+map[bool]string{true: " · dated after the death"}[strings.Contains(l[1], "dated after the death")])
				}
			}
			want := []string{"Body weight: 82 kg · dated after the death", "died", "Body weight: 81 kg", "Body weight: 80 kg"}
			if strings.Join(app, "\n") != strings.Join(want, "\n") {
				t.Errorf("the app's Timeline:\n%s\nwant\n%s", strings.Join(app, "\n"), strings.Join(want, "\n"))
			}
			rows, err := journey.Timeline(ctx, u.vault, lou, now, tl.loc(lou), journey.TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var cli []string
			for _, r := range rows {
				switch {
				case r.Death:
					cli = append(cli, "died")
				case r.Event.Key.Source == "f465" && r.Event.Key.Type == "Observation":
					cli = append(cli, r.Title+map[bool]string{true: " · " + r.Plan}[r.Plan != ""])
				}
			}
			if strings.Join(cli, "\n") != strings.Join(app, "\n") {
				t.Errorf("timeline:\n%s\nthe app's:\n%s", strings.Join(cli, "\n"), strings.Join(app, "\n"))
			}
			s.show(scResults)
			u.idle()
			p := s.pages[scResults].(*resultsPage)
			found := false
			for _, r := range p.list.rows {
				if r.Title == "Body weight" {
					found = true
					if !strings.HasPrefix(r.Sub, "81 kg") || !strings.Contains(r.Sub, "dated after the death") {
						t.Errorf("Results: %q, want the 81 kg of the day of death the last, the 82 kg said apart", r.Sub)
					}
				}
			}
			if !found {
				t.Errorf("no Body weight in Results: %+v", p.list.rows)
			}
		})
	}
}
