package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
	"carekeeper/internal/remind"
	"carekeeper/storage"
)

// F371 (rest): the app's Timeline put a record under Upcoming or Past by its UTC date, the
// CLI's by the person's day. For Lou in Los Angeles at 19:00 on 6 Dec (03:00 UTC on 7 Dec), a
// visit booked for 7 Dec (a day alone) is tomorrow: `timeline` had it under Upcoming with no
// "planned", the app under Past. For Ana in Auckland at 12:30 on 7 Dec (23:30 UTC on 6 Dec) a
// test dated 7 Dec is today's: the app had it under Upcoming. Both now say the person's day:
// the app's headings and words are the CLI's rows.
func TestTimeline_UpcomingOnThePersonsDayAsTheCLI(t *testing.T) {
	for _, c := range []struct {
		zone     string
		now      time.Time
		upcoming []string // what is under Upcoming, "title | sub"
		past     []string
	}{
		{"America/Los_Angeles", time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC),
			[]string{"Glucose: 5.4 mmol/L | Result · dated after today", "Podiatry check-up | Visit · planned"},
			[]string{"Total cholesterol: 4.9 mmol/L | Result"}},
		{"Pacific/Auckland", time.Date(2026, 12, 6, 23, 30, 0, 0, time.UTC),
			[]string{"Podiatry check-up | Visit · planned"},
			[]string{"Glucose: 5.4 mmol/L | Result", "Total cholesterol: 4.9 mmol/L | Result"}},
	} {
		t.Run(c.zone, func(t *testing.T) {
			rig := newRemindRig(t, c.now, medFixture{"Lou", "m1", "Metformin 500 mg", twiceDaily})
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
			obs := func(id, code, name, day, value string) string {
				return `{"resourceType":"Observation","id":"` + id + `","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"` + code + `","display":"` + name + `"}]},` +
					`"effectiveDateTime":"` + day + `","valueQuantity":{"value":` + value + `,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"}}`
			}
			var recs []storage.Record
			for _, r := range []struct{ typ, id, js string }{
				// a visit of 8 Dec in Auckland's case, of 7 Dec in Los Angeles'
				{"Appointment", "a1", `{"resourceType":"Appointment","id":"a1","status":"booked","description":"Podiatry check-up","start":"` +
					map[bool]string{true: "2026-12-07", false: "2026-12-08"}[c.zone == "America/Los_Angeles"] + `","participant":[{"actor":{"reference":"Patient/p"},"status":"accepted"}]}`},
				{"Observation", "g1", obs("g1", "2339-0", "Glucose", "2026-12-07", "5.4")},
				{"Observation", "c1", obs("c1", "2093-3", "Cholesterol", "2026-12-05", "4.9")},
			} {
				rec, err := storage.NewRecord(lou, storage.ID{Source: "podiatry", Type: r.typ, ID: r.id}, []byte(r.js))
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
			s.restale()
			s.show(scTimeline)
			u.idle()
			tl := s.pages[scTimeline].(*timelinePage)
			under := map[string][]string{}
			heading := ""
			for i, l := range timelineTexts(tl) {
				switch {
				case tl.lines[i] == lineUpcoming || tl.lines[i] == linePast:
					heading = l[0]
				case tl.lines[i] >= 0 && tl.events[tl.lines[i]].Key.Source == "podiatry":
					sub, _, _ := strings.Cut(l[1], " · from ")
					under[heading] = append(under[heading], l[0]+" | "+sub)
				}
			}
			for h, want := range map[string][]string{"Upcoming": c.upcoming, "Past": c.past} {
				slices.Sort(under[h])
				if strings.Join(under[h], "\n") != strings.Join(want, "\n") {
					t.Errorf("under %s: %q, want %q", h, under[h], want)
				}
			}
			rows, err := journey.Timeline(ctx, u.vault, lou, c.now, tl.loc(lou), journey.TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			cli := map[string][]string{}
			for _, r := range rows {
				if r.Event.Key.Source != "podiatry" {
					continue
				}
				h, w := "Past", r.Title+" | "+r.Kind
				if r.Upcoming {
					h = "Upcoming"
				}
				if r.Plan != "" {
					w += " · " + r.Plan
				}
				cli[h] = append(cli[h], w)
			}
			for _, h := range []string{"Upcoming", "Past"} {
				slices.Sort(cli[h])
				if strings.Join(cli[h], "\n") != strings.Join(under[h], "\n") {
					t.Errorf("timeline under %s: %q; the app's: %q", h, cli[h], under[h])
				}
			}
		})
	}
}
