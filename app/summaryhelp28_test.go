package app

import (
	"strings"
	"testing"
)

// F212: for a person who died, Prepare a visit summary said 'A printable summary for your
// next visit … and your questions'; it says the period ends at the death.
func TestVisitSummary_DeceasedHelpSaysThePeriodEndsAtTheDeath(t *testing.T) {
	u, _ := fixtureUI(t, "synthea/Wendell_Lesch_*.json")
	s := u.shell
	u.idle()
	s.openVisitSummary()
	u.idle()
	d := s.summary
	if d == nil {
		t.Fatal("no summary dialog")
	}
	said := drawnText(u.win.Canvas().Overlays().Top())
	if strings.Contains(said, "next visit") || !strings.Contains(said, "the period ends at the death") {
		t.Errorf("the dialog says:\n%s", said)
	}
}
