package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/journey"
)

// The app's Today made its as-needed rows itself, `today` from journey: a dose logged for a
// time after now (another computer of the household with its clock ahead, a time typed) was
// counted on Today — "2 doses taken today, the last at 09:30" at 08:00 — and not by `today`
// ("1 dose taken today, at 07:00"). Both are made of journey.AsNeededToday now; the table
// compares the app's row with what journey.Today gives `today`.
func TestToday_AsNeededAsTodaySaysIt(t *testing.T) {
	const every4h = `[{"asNeededBoolean":true,"timing":{"repeat":{"frequency":1,"period":4,"periodUnit":"h"}},"doseAndRate":[{"doseQuantity":{"value":1,"unit":"tablet"}}]}]`
	cases := []struct {
		name    string
		doses   []time.Time
		amounts []string // as logged ("": the record's dose)
		want    string   // in the app's row
		today   int      // journey's count
	}{
		{"one logged for later", []time.Time{at(7, 0), at(9, 30)}, nil, "1 dose taken today (1 tablet), at 07:00", 1},
		{"two this morning", []time.Time{at(5, 0), at(7, 45)}, nil, "2 doses taken today (2 tablets), the last at 07:45", 2},
		// how much they gave, added up as `today` says it (dom41's brief item 3)
		{"two of other amounts", []time.Time{at(5, 0), at(7, 45)}, []string{"1 tablet", "2 tablets"}, "2 doses taken today (3 tablets), the last at 07:45", 2},
		{"yesterday evening", []time.Time{at(-2, 0)}, nil, "last taken", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rig := newRemindRig(t, at(8, 0), medFixture{"Mum", "m2", "Paracetamol 500 mg", every4h})
			mum := rig.people["Mum"]
			eng := rig.u.rem.engine()
			for i, d := range c.doses {
				amount := ""
				if i < len(c.amounts) {
					amount = c.amounts[i]
				}
				if err := eng.TakeAsNeeded(context.Background(), mum, "MedicationRequest/m2", d, amount); err != nil {
					t.Fatal(err)
				}
			}
			rig.u.rem.refresh()
			rig.u.idle()
			tp := rig.showToday()
			got := strings.Join(strings.Fields(visibleTexts(tp.box)), " ")
			if !strings.Contains(got, c.want) {
				t.Errorf("Today says %q, want %q", got, c.want)
			}
			tvs, err := journey.Today(context.Background(), rig.u.vault, mum, at(8, 0), journey.LoadOptions{Device: time.UTC})
			if err != nil || len(tvs) != 1 || len(tvs[0].AsNeeded) != 1 {
				t.Fatalf("journey.Today: %v %+v", err, tvs)
			}
			a := tvs[0].AsNeeded[0]
			if a.Today != c.today {
				t.Errorf("`today` counts %d, want %d", a.Today, c.today)
			}
			if c.today > 0 && !strings.Contains(got, "("+a.TodayAmount+")") {
				t.Errorf("Today says %q, `today` %q", got, a.TodayAmount)
			}
			if c.today > 0 && !strings.Contains(got, a.Last.UTC().Format("15:04")) {
				t.Errorf("Today says %q, `today` the last at %s", got, a.Last.UTC().Format("15:04"))
			}
		})
	}
}
