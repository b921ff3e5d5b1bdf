package app

import (
	"slices"
	"strings"
	"testing"

	"carekeeper/internal/remind"
	"carekeeper/sync/hhvault"

	"fyne.io/fyne/v2/test"
)

// Settings → Household offers to create or join while the vault is in no household.
func TestHousehold_SettingsWithoutOne(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	texts := shownTexts(u.win)
	if !slices.Contains(texts, "Create a household…") || !slices.Contains(texts, "Join with a code…") {
		t.Fatalf("Settings shows %q", texts)
	}
	test.Tap(h.joinBt)
	if h.setup == nil || !h.setup.join {
		t.Fatal("Join with a code… opened no join form")
	}
	// A folder is the default transport: the WebDAV fields wait.
	if h.setup.folder.Disabled() || !h.setup.webdav.Disabled() || !h.setup.password.Disabled() {
		t.Error("the folder is not the transport offered first")
	}
	h.setup.through.SetSelectedIndex(1)
	if !h.setup.folder.Disabled() || h.setup.webdav.Disabled() {
		t.Error("choosing WebDAV does not switch the fields")
	}
}

// People → Sharing and alerts saves the person's alert delay (exchanged with the household)
// and how this computer follows them (kept here).
func TestHousehold_AlertDelayAndMode(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, err := u.vault.AddProfile("Dad", "")
	if err != nil {
		t.Fatal(err)
	}
	u.main.loadPeople(p.ID)
	u.idle()
	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	if !people.shareBt.Visible() {
		t.Fatal("no Sharing and alerts… for the person shown")
	}
	test.Tap(people.shareBt)
	d := people.caregiver
	if d == nil || d.delay.Selected != "After 30 minutes" || d.mode.Selected != "Remind me too" {
		t.Fatalf("dialog %+v", d)
	}
	d.delay.SetSelected("After 45 minutes")
	d.mode.SetSelected("Only if missed")
	d.dialog.Confirm()
	u.idle()
	st, _ := remind.LoadSettings(u.vault, p.ID)
	mode, _ := remind.LoadMode(u.vault, p.ID)
	if st.AlertAfterMinutes != 45 || mode != remind.ModeAlerts {
		t.Errorf("saved delay %d, mode %q", st.AlertAfterMinutes, mode)
	}
}

// Today says how the household is in step, and which device is not heard from.
func TestHousehold_TodayStatusLine(t *testing.T) {
	u := unlocked(t)
	s := u.shell
	p, _ := u.vault.AddProfile("Dad", "")
	u.main.loadPeople(p.ID)
	u.idle()
	u.hh.status.Store(&hhvault.Status{Line: "In step with 2 devices, 1 minute ago", Warnings: []string{"Anna's laptop not seen for 3 days"}})
	u.refreshHousehold()
	s.show(scToday)
	u.idle()
	found := false
	for _, txt := range shownTexts(u.win) {
		if strings.Contains(txt, "In step with 2 devices, 1 minute ago.") && strings.Contains(txt, "Anna's laptop not seen for 3 days.") {
			found = true
		}
	}
	if !found {
		t.Errorf("Today shows no household status: %q", shownTexts(u.win))
	}
}
