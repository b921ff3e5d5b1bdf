package health

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F288: one visit, one day. Donnette's prenatal visit at 17:09 on 14 Feb 2019 in
// Massachusetts (−05:00) is 15 Feb on her clock when that clock is Kolkata's: Timeline and
// Appointments said 15 Feb, Bills and Care team 14 Feb (the record's own day).
func TestBillsAndCareTeamDayVisitsOnThePersonsClock(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "synthea/synthea_Donnette259_*.json"))
	for _, tc := range []struct {
		zone, day string
	}{
		{"Asia/Kolkata", "2019-02-15"},
		{"America/New_York", "2019-02-14"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		// the visit's day as Appointments (and Timeline) give it on her clock
		var visitDay string
		_, past, _ := Appointments(s, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
		for _, a := range past {
			if a.Title == "Prenatal visit" && a.Start.UTC().Format("2006-01-02T15:04") == "2019-02-14T22:09" {
				visitDay = a.Start.In(loc).Format("2006-01-02")
			}
		}
		if visitDay != tc.day {
			t.Fatalf("%s: the prenatal visit of 14 Feb 2019 17:09 −05:00 is on %q, want %s", tc.zone, visitDay, tc.day)
		}
		var billDays []string
		for _, b := range Bills(s, loc).Bills {
			if b.Title == "Prenatal visit" && strings.HasPrefix(b.Date, "2019-02-1") {
				billDays = append(billDays, b.Date)
			}
		}
		if len(billDays) == 0 || billDays[0] != visitDay {
			t.Errorf("%s: the prenatal visit's bill is dated %q, the visit %s", tc.zone, billDays, visitDay)
		}
		var last []string
		for _, c := range CareTeam(s, loc) {
			if c.Name == "NASHOBA VALLEY MEDICAL CENTER" || strings.HasPrefix(c.Name, "Dr. Stephaine") || strings.HasPrefix(c.Name, "Stephaine") {
				if c.Last != visitDay {
					t.Errorf("%s: Care team's %s last seen %s, the visit is on %s", tc.zone, c.Name, c.Last, visitDay)
				}
				last = append(last, c.Name)
			}
		}
		if len(last) == 0 {
			t.Errorf("%s: no care team contact of the prenatal visit", tc.zone)
		}
	}
}
