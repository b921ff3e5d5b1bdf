package app

import (
	"strings"
	"testing"
)

// F177: Ned Hintz (Synthea) had two courses of amoxicillin/clavulanate, 28 Mar 2017 and 26 Oct
// 2019, no period given: Medicines showed one row '28 Mar 2017 – 26 Oct 2019', as if taken
// for 2½ years, and only the 2019 prescription opened. Each course is a row of its own,
// dated, and each opens its own record.
//
// The days are the person's, on this computer's clock: the orders are at 20:15 UTC, the next
// day east of UTC+3:45 (27 Oct under TZ=Pacific/Chatham), so the test is on UTC's clock.
func TestMedicines_CoursesYearsApartAreRowsOfTheirOwn(t *testing.T) {
	onUTCClock(t)
	u, _ := fixtureUI(t, "synthea/Ned_Hintz_*.json")
	s := u.shell
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	var amox []row
	for _, r := range p.rows {
		if strings.HasPrefix(r.Title, "Amoxicillin") {
			amox = append(amox, r)
		}
	}
	if len(amox) != 2 || amox[0].Right != "26 Oct 2019" || amox[1].Right != "28 Mar 2017" {
		var got []string
		for _, r := range amox {
			got = append(got, r.Right)
		}
		t.Fatalf("amoxicillin rows dated %q, want 26 Oct 2019 and 28 Mar 2017", got)
	}
	for i, want := range []string{"26 Oct 2019", "28 Mar 2017"} {
		amox[i].OnTap()
		top := topDialog(t, u)
		if txt := labelTexts(top); !strings.Contains(txt, want) {
			t.Errorf("the row of %s opens a record that does not say it:\n%s", want, txt)
		}
		u.win.Canvas().Overlays().Remove(top)
		u.idle()
	}
}
