package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2/test"
)

// F392: the app's Sharing dialog and Invite a device… did not say which devices will hold the
// person, as 'share' and 'household invite' do since F379. Anna's laptop, given Dad by Dad's
// laptop: Sharing for Dad says "Dad is on this computer and shared with Dad's laptop (manages everyone) only.", and
// an invitation from Anna's laptop "Dad will be shared with the new device and Dad's laptop
// (manages everyone) only.".
//
// F571: after the invitation Dad has this computer's clock (Reykjavík here): the app's
// reminders take it for a person it manages with none (the CLI's invitation did not give one).
func TestHousehold_SharingAndInviteSayWhoHoldsThePerson(t *testing.T) {
	t.Setenv("TZ", "Atlantic/Reykjavik") // this computer's clock (remind.SystemZone)
	ctx := context.Background()
	dir, _ := newVault(t)
	dads, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dads.Close()
	dad, _ := dads.AddProfile("Dad", "")
	cfg := hhvault.Config{Folder: t.TempDir()}
	a, err := hhvault.Create(ctx, dads, cfg, nil, "Family", "Dad's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := a.Invite(ctx, []household.Grant{{Profile: dad.ID, Role: household.RoleManage}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	u := unlocked(t)
	hh := joinHousehold(ctx, t, dads, a, cfg, u.vault, code, "Anna's laptop")
	if _, err := hhvault.Exchange(ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.main.loadPeople(dad.ID)
	s := u.shell
	s.restale()

	s.show(scPeople)
	u.idle()
	people := s.pages[scPeople].(*peoplePage)
	test.Tap(people.shareBt)
	u.idle()
	shown := visibleTexts(u.win.Canvas().Overlays().Top())
	if want := "Dad is on this computer and shared with Dad's laptop (manages everyone) only."; !strings.Contains(shown, want) {
		t.Errorf("Sharing says %q, want %q", shown, want)
	}
	people.caregiver.dialog.Hide()
	u.idle()

	s.show(scSettings)
	u.idle()
	h := s.pages[scSettings].(*settingsPage).house
	test.Tap(h.inviteBt)
	u.idle()
	if h.invite == nil {
		t.Fatal("no invitation")
	}
	// and whether the new device will manage Dad or only view him (F469's role line).
	want := "Dad will be shared with the new device and Dad's laptop (manages everyone) only. The new device will manage Dad: record their doses and change their reminders."
	if h.invite.holders != want || !strings.Contains(visibleTexts(u.win.Canvas().Overlays().Top()), want) {
		t.Errorf("Invite says %q (shown: %q), want %q", h.invite.holders, visibleTexts(u.win.Canvas().Overlays().Top()), want)
	}
	if set, err := remind.LoadSettings(u.vault, dad.ID); err != nil || set.Zone != "Atlantic/Reykjavik" {
		t.Errorf("after the invitation Dad's clock is %q (%v), want Atlantic/Reykjavik", set.Zone, err)
	}
}
