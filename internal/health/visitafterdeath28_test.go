package health

import (
	"testing"
	"time"

	"carekeeper/internal/testutil"
)

// F227: Wendell Lesch died on 27 Apr 2018 at 07:44; the records' 'Death Certification'
// encounter of 28 Apr 2018 is not a visit of his: Today's last visit and the Care team's
// count and last visit stop at the death; Appointments keeps it, saying it came after.
func TestVisitAfterDeathIsNotHis(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "synthea/Wendell_Lesch_*.json"))
	now := time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
	_, past, _ := Appointments(s, now)
	last := LastVisit(past)
	if last == nil || last.Start.Format("2006-01-02") > "2018-04-27" {
		t.Fatalf("last visit %+v: after the death", last)
	}
	kept := false
	for _, a := range past {
		if a.Start.Format("2006-01-02") == "2018-04-28" {
			kept = true
			if w := a.StatusWords(now); w != "after the death" {
				t.Errorf("%s on 28 Apr 2018 says %q", a.Title, w)
			}
		}
	}
	if !kept {
		t.Error("the encounter after the death is no longer in the fixture's past: the test covers nothing")
	}
	for _, c := range CareTeam(s, nil) {
		if c.Last > "2018-04-27" {
			t.Errorf("%s: last visit %s, after the death", c.Name, c.Last)
		}
		for _, v := range c.Visits {
			if v.Start.Format("2006-01-02") > "2018-04-27" {
				t.Errorf("%s counts a visit of %s", c.Name, v.Start.Format("2 Jan 2006"))
			}
		}
	}
}
