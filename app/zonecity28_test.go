package app

import (
	"strings"
	"testing"

	"carekeeper/internal/remind"
)

// F196: the time zone box refused the place a person lives ('Los Angeles', 'Los', 'tokyo')
// with a red line cut at the dialog's edge. A city typed in words finds its zone, the list
// follows what is typed, and the zone saved is the IANA name.
func TestReminderSettings_ZoneByCity(t *testing.T) {
	rig := newRemindRig(t, at(7, 0), medFixture{"Mum", "m1", "Metformin 500 mg", twiceDaily})
	u, mum := rig.u, rig.people["Mum"]
	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	for _, tc := range []struct{ typed, want string }{
		{"Los Angeles", "America/Los_Angeles"},
		{"los angeles", "America/Los_Angeles"},
		{"Los", "America/Los_Angeles"},
		{"tokyo", "Asia/Tokyo"},
		{"Europe/London", "Europe/London"},
		{"Mars", ""},
	} {
		p.openSettings(mum)
		d := p.prefs
		if d == nil {
			t.Fatal("no settings dialog")
		}
		setText(&d.zone.Entry, tc.typed)
		if tc.want == "" {
			if d.zone.Validate() == nil {
				t.Errorf("%q accepted as a zone", tc.typed)
			}
			if err := d.zone.Validate(); err != nil && len(err.Error()) > 40 {
				t.Errorf("%q: the red line %q is longer than a form's hint can show", tc.typed, err)
			}
			d.dialog.Hide()
			p.onSettingsClosed(d, false)
			continue
		}
		if err := d.zone.Validate(); err != nil {
			t.Errorf("%q refused: %v", tc.typed, err)
		}
		if !strings.Contains(strings.Join(d.zoneOptions, " "), tc.want) {
			t.Errorf("%q: the list offers %v, not %s", tc.typed, d.zoneOptions, tc.want)
		}
		if tc.typed != tc.want && !strings.Contains(d.zoneHint.Text, tc.want) {
			t.Errorf("%q: the line under the form says %q, not %s", tc.typed, d.zoneHint.Text, tc.want)
		}
		d.dialog.Submit()
		u.idle()
		if st, err := remind.LoadSettings(u.vault, mum); err != nil || st.Zone != tc.want {
			t.Errorf("%q saved as %q (%v), want %s", tc.typed, st.Zone, err, tc.want)
		}
	}
}
