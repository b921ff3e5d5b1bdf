package app

import (
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
)

// F256: a carer on Kolkata time chooses, on People, New York as the home zone of her mother.
// That is the answer: Today does not then ask the traveller's question "keep home times or
// follow local time?" (the wrong answer would move Mum's 08:00 to the carer's 08:00); her
// doses stay at New York times.
func TestPeopleZoneChosenIsNotAJourney(t *testing.T) {
	kol, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	rig := newRemindRig(t, at(12, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	rig.clock.setZone(kol)
	rig.advance(at(12, 1))
	s := rig.u.shell
	s.show(scPeople)
	rig.u.idle()
	p := s.pages[scPeople].(*peoplePage)
	p.openSettings(rig.people["Mum"])
	d := p.prefs
	if d == nil {
		t.Fatal("no settings dialog")
	}
	setText(&d.zone.Entry, "New York")
	d.dialog.Submit()
	rig.advance(at(12, 2))
	rig.advance(at(12, 3))
	if st, _ := remind.LoadSettings(rig.u.vault, rig.people["Mum"]); st.Zone != "America/New_York" {
		t.Fatalf("saved zone %q", st.Zone)
	}
	if tr := rig.u.rem.engine().Travel(); len(tr) != 0 {
		t.Errorf("asked 'keep home times or follow local time?' for %d people right after choosing the zone", len(tr))
	}
	rig.showToday()
	for _, txt := range shownTexts(rig.u.win) {
		if strings.Contains(txt, "with this computer") {
			t.Errorf("Today asks %q", txt)
		}
	}
	var next time.Time
	for _, r := range rig.u.rem.engine().Agenda() {
		if r.Kind == remind.KindDose {
			next = r.At
			break
		}
	}
	if want := time.Date(2026, 3, 2, 8, 0, 0, 0, ny); !next.Equal(want) {
		t.Errorf("next dose %v, want 08:00 New York time", next.In(ny))
	}
}
