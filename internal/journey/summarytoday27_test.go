package journey

import (
	"context"
	"testing"
	"time"
)

// F105: a summary made today (it ends a minute from now, as the app's and the CLI's do) holds
// what began today — the medicine added by hand this morning, today's vaccination — and a
// summary that ended yesterday does not.
func TestSummaryHoldsWhatBeganToday(t *testing.T) {
	r := richPerson(t)
	writeAt(t, r.v, r.profile, portal, richNow.Add(-time.Hour),
		`{"resourceType":"MedicationRequest","id":"vitd","status":"active","intent":"order","authoredOn":"2026-03-10",
		  "medicationCodeableConcept":{"text":"Vitamin D 1000 IU"},
		  "dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}}}]}`,
		`{"resourceType":"Immunization","id":"flu","status":"completed","vaccineCode":{"text":"Influenza vaccine"},"occurrenceDateTime":"2026-03-10T09:30:00Z"}`,
	)
	from := richNow.AddDate(-3, 0, 0)
	for _, tc := range []struct {
		name string
		to   time.Time
		want bool
	}{
		{"ends a minute from now", richNow.Add(time.Minute), true},
		{"ends at the end of today", time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), true},
		{"ended yesterday", time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := BuildSummary(context.Background(), r.v, r.profile, from, tc.to, richNow, r.engine.Load)
			if err != nil {
				t.Fatal(err)
			}
			med, vacc := false, false
			for _, m := range s.Medicines {
				if m.Name == "Vitamin D 1000 IU" {
					med = true
				}
			}
			for _, im := range s.Immunizations {
				vacc = vacc || im.Date >= "2026-03-10"
			}
			if med != tc.want || vacc != tc.want {
				var names []string
				for _, m := range s.Medicines {
					names = append(names, m.Name)
				}
				t.Errorf("medicine begun today listed %v, vaccination today listed %v, want %v (medicines %q)", med, vacc, tc.want, names)
			}
		})
	}
}
