package app

import (
	"strings"
	"testing"

	"carekeeper/internal/remind"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// F450 item 2: People → Sharing and alerts… for Emeka, who died, offered "Alert: After 30
// minutes" and "On this computer: Remind me too", and said every computer is alerted when
// nobody answers his doses. For a person who died it says there are no reminders or alerts,
// as today does ("Died 14 Mar 2026 — no reminders or cards."), offers no alert setting, and
// Save leaves his reminder choices as they were.
func TestPeople_SharingOfAPersonWhoDiedOffersNoAlerts(t *testing.T) {
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
	u.main.loadPeople(j31)
	u.idle()
	s.show(scPeople)
	u.idle()
	p := s.pages[scPeople].(*peoplePage)
	if p.shareBt.Text != "Sharing…" || p.remBt.Text != "Time zone…" {
		t.Errorf("People's buttons for a person who died: %q, %q", p.shareBt.Text, p.remBt.Text)
	}
	modeBefore, _ := remind.LoadMode(u.vault, j31)
	stBefore, _ := remind.LoadSettings(u.vault, j31)
	test.Tap(p.shareBt)
	u.idle()
	if p.caregiver == nil {
		t.Fatal("no Sharing dialog")
	}
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	for _, want := range []string{"Sharing for Joseph Brennan (born 1931)", "Died 14 Feb 2019 — no reminders or alerts"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, shown)
		}
	}
	for _, not := range []string{"Alert", "After 30 minutes", "Remind me too", "On this computer:", "alerted"} {
		if strings.Contains(shown, not) {
			t.Errorf("the dialog for a person who died says %q:\n%s", not, shown)
		}
	}
	walk(u.win.Canvas().Overlays().Top(), func(o any) {
		if sel, ok := o.(*widget.Select); ok && sel.Visible() && (sel == p.caregiver.delay || sel == p.caregiver.mode) {
			t.Errorf("the dialog for a person who died offers %q", sel.Selected)
		}
	})
	p.caregiver.mode.SetSelected("Neither") // not shown; must not be saved
	p.caregiver.dialog.Confirm()
	u.idle()
	if mode, _ := remind.LoadMode(u.vault, j31); mode != modeBefore {
		t.Errorf("Save set his reminder choice to %q, was %q", mode, modeBefore)
	}
	if st, _ := remind.LoadSettings(u.vault, j31); st.AlertAfterMinutes != stBefore.AlertAfterMinutes {
		t.Errorf("Save set his alert delay to %d, was %d", st.AlertAfterMinutes, stBefore.AlertAfterMinutes)
	}

	// The living Joseph Brennan keeps his alert settings.
	j60 := ""
	for _, pr := range ps {
		if pr.BirthDate == "1960-09-12" {
			j60 = pr.ID
		}
	}
	s.choose(j60)
	u.idle()
	s.show(scPeople)
	u.idle()
	if p.shareBt.Text != "Sharing and alerts…" || p.remBt.Text != "Time zone and reminders…" {
		t.Errorf("People's buttons for a living person: %q, %q", p.shareBt.Text, p.remBt.Text)
	}
	test.Tap(p.shareBt)
	u.idle()
	if shown := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(shown, "Sharing and alerts for") || !strings.Contains(shown, "Remind me too") {
		t.Errorf("the dialog for a living person says:\n%s", shown)
	}
}

// Settings → Notifications offered "Notifications" (ticked) and "Private" for Emeka, who
// died, whom nothing reminds of. A person who died has a line saying so, with no switches.
func TestSettings_NoNotificationSwitchesForAPersonWhoDied(t *testing.T) {
	u := unlocked(t)
	brennans(t, u)
	s := u.shell
	s.show(scSettings)
	u.idle()
	p := s.pages[scSettings].(*settingsPage)
	if len(p.notes) != 2 {
		t.Errorf("%d people with notification switches, want the 2 living", len(p.notes))
	}
	shown := visibleTexts(p.people)
	if want := "Joseph Brennan Died 14 Feb 2019 — no reminders or notifications."; !strings.Contains(shown, want) {
		t.Errorf("Settings' people: %q, want %q in it", shown, want)
	}
}
