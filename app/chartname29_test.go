package app

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// F303: Save as PNG… offered 'chart.png' for every chart of every person: a carer saving Mum's
// and Dad's blood pressure overwrote one with the other. The name says what and whose.
func TestResults_SavedChartNamesWhatAndWhose(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Courtney_Schinner_*.json")
	s := u.shell
	s.show(scResults)
	u.idle()
	p := s.pages[scResults].(*resultsPage)
	chosen := false
	for i, se := range p.series {
		if strings.Contains(se.ShortName(), "Blood pressure") {
			p.choose(i)
			chosen = true
			break
		}
	}
	if !chosen {
		t.Fatal("no blood pressure series")
	}
	dir := t.TempDir()
	u.lastImportDir = dir
	p.onSave()
	u.idle()
	if u.fileDialog == nil {
		t.Fatal("no Save dialog")
	}
	tapButton(t, u.win.Canvas().Overlays().Top(), "Save")
	u.idle()
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("saved %v (%v), want one file", ents, err)
	}
	if name := ents[0].Name(); !regexp.MustCompile(`^blood-pressure-Courtney-Schinner-\d{4}-\d\d-\d\d\.png$`).MatchString(name) {
		t.Errorf("saved as %q, want blood-pressure-Courtney-Schinner-<her day>.png", name)
	}
}
