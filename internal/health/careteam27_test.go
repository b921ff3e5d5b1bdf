package health

import (
	"strings"
	"testing"

	"carekeeper/internal/testutil"
)

// F134: the doctors and clinics a person's visits name are on Care team even when the records
// hold no record of them (Synthea refers to them by identifier, in files of their own): by the
// name the reference gives, marked Named (no contact details), with their visits.
func TestCareTeamNamedByTheVisits(t *testing.T) {
	s := loadBundle(t, testutil.Fixture(t, "synthea/Lola232_*.json"))
	team := CareTeam(s, nil)
	if len(team) == 0 {
		t.Fatal("no care team for a child whose visits name her doctors and clinics")
	}
	var doctors, places int
	for _, c := range team {
		if !c.Named || len(c.Visits) == 0 || c.Last == "" || strings.Contains(c.Name, "?identifier") {
			t.Errorf("contact %+v: want named, with visits and a last visit", c)
		}
		switch c.Kind {
		case "Practitioner":
			doctors++
		case "Organization":
			places++
		}
	}
	if doctors == 0 || places == 0 {
		t.Errorf("%d doctors and %d places named", doctors, places)
	}
}
