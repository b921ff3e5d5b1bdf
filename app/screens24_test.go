package app

import (
	"strings"
	"testing"
)

// F12: a Synthea person's medicines were shown as RxNorm writes them ("lisinopril 10 MG Oral
// Tablet") on Today and Medicines, and a heart rate as "72/min" on Results. They read as people
// write them: "Lisinopril 10 mg tablet", "beats a minute".
func TestF12_RealNamesAndUnitsInWords(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Sharonda198_*.json")
	s := u.shell
	s.show(scToday)
	u.idle()
	today := drawnText(s.pages[scToday].view())
	s.show(scMeds)
	u.idle()
	var meds []string
	for _, r := range s.pages[scMeds].(*medsPage).rows {
		meds = append(meds, r.Title+" | "+r.Sub)
	}
	s.show(scResults)
	u.idle()
	var results []string
	for _, r := range s.pages[scResults].(*resultsPage).list.rows {
		results = append(results, r.Title+" | "+r.Sub+" | "+r.Right)
	}
	for _, tc := range []struct {
		screen, text string
	}{{"Today", today}, {"Medicines", strings.Join(meds, "\n")}} {
		if !strings.Contains(tc.text, "Lisinopril 10 mg tablet") || strings.Contains(tc.text, " MG") || strings.Contains(tc.text, "Oral Tablet") {
			t.Errorf("%s shows:\n%s", tc.screen, tc.text)
		}
	}
	all := strings.Join(results, "\n")
	if !strings.Contains(all, "beats a minute") || strings.Contains(all, "/min") {
		t.Errorf("Results shows:\n%s", all)
	}
}

