package app

import (
	"strings"
	"testing"
)

// F325: Fletcher Hyatt (Synthea) died on 21 Jan 1996; the file has Cisplatin orders every month
// until 6 Sep 1996. Medicines said "Cisplatin 50 mg injection · Stopped … 5 Oct 1993 – 6 Sep
// 1996", eight months of treatment he did not live. His rows end at the death.
//
// The days are the person's, on this computer's clock: the death and the orders are at 19:20
// UTC, the next day east of UTC+4:40 (22 Jan under TZ=Pacific/Chatham), so the test is on UTC's
// (onUTCClock: $TZ for the orders' days, time.Local for the death's, F560).
func TestMedicines_RowsEndAtTheDeath(t *testing.T) {
	onUTCClock(t)
	u, _ := fixtureUI(t, "synthea/Fletcher_Hyatt_*.json")
	s := u.shell
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	found := false
	for _, r := range p.rows {
		for _, y := range []string{"1996"} {
			if i := strings.Index(r.Right, y); i >= 0 && !strings.Contains(r.Right, "Jan "+y) {
				t.Errorf("%s: %q, after his death on 21 Jan 1996", r.Title, r.Right)
			}
		}
		if strings.HasPrefix(r.Title, "Cisplatin") {
			found = true
			if r.Right != "5 Oct 1993 – 21 Jan 1996" || !strings.HasPrefix(r.Sub, "Until death, 21 Jan 1996 · ") {
				t.Errorf("Cisplatin: %q / %q, want 5 Oct 1993 – 21 Jan 1996 / Until death, 21 Jan 1996 · …", r.Right, r.Sub)
			}
		}
	}
	if !found {
		t.Fatal("no Cisplatin row")
	}
}
