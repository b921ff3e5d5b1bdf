package app

import (
	"strings"
	"testing"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2/widget"
)

// F259: People → 'Time zone and reminders…' for a person who died offered 'Reminders for
// Joseph…' with wake-up and meal times and 'Show notifications for this person' ticked. For
// them it is their time zone alone, and saving it keeps the rest as it was.
func TestPersonSettings_DeceasedTimeZoneOnly(t *testing.T) {
	u := unlocked(t)
	brennans(t, u)
	j31 := ""
	ps, _ := u.vault.Profiles()
	for _, pr := range ps {
		if pr.BirthDate == "1931-04-02" {
			j31 = pr.ID
		}
	}
	s := u.shell
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	p.openSettings(j31)
	d := p.prefs
	if d == nil {
		t.Fatal("no settings dialog")
	}
	texts := labelTexts(topDialog(t, u))
	for _, want := range []string{"Time zone for Joseph Brennan (born 1931)", "sends no reminders for someone who has died"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, texts)
		}
	}
	for _, not := range []string{"Reminders for", "Wakes up", "Breakfast", "Notifications call them"} {
		if strings.Contains(texts, not) {
			t.Errorf("the dialog for a person who died offers %q:\n%s", not, texts)
		}
	}
	walk(topDialog(t, u), func(o any) {
		if c, ok := o.(*widget.Check); ok && c.Visible() {
			t.Errorf("the dialog for a person who died has the box %q", c.Text)
		}
	})
	before, _ := remind.LoadSettings(u.vault, j31)
	setText(&d.zone.Entry, "Dublin")
	d.dialog.Submit()
	u.idle()
	after, err := remind.LoadSettings(u.vault, j31)
	if err != nil || after.Zone != "Europe/Dublin" || after.Routine != before.Routine || after.Off != before.Off || after.Private != before.Private {
		t.Errorf("saved %+v (%v), want the zone Europe/Dublin and the rest of %+v", after, err, before)
	}
}
