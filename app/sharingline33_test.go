package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"

	"fyne.io/fyne/v2/test"
)

// F392: Sharing's line of who holds the person said who holds them now while other roles were
// chosen: Dad's laptop set to Nothing still read "shared with Dad's laptop (manages everyone)".
// It now follows the roles chosen before Save, and Cancel leaves the sharing as it was.
func TestHousehold_SharingLineFollowsTheRolesChosen(t *testing.T) {
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
	d := people.caregiver
	if d == nil || len(d.roles) != 1 {
		t.Fatalf("Sharing has no role to choose: %+v", d)
	}
	for _, tc := range []struct{ choose, want string }{
		{"Nothing", "Dad is on this computer only: shared with no other device."},
		{"View", "Dad is on this computer and shared with Dad's laptop only."},
		{"Manage", "Dad is on this computer and shared with Dad's laptop (manages everyone) only."},
	} {
		for _, s := range d.roles {
			s.SetSelected(tc.choose)
		}
		u.idle()
		if shown := visibleTexts(u.win.Canvas().Overlays().Top()); !strings.Contains(shown, tc.want) {
			t.Errorf("%s chosen: Sharing says %q, want %q", tc.choose, shown, tc.want)
		}
	}
	for _, s := range d.roles {
		s.SetSelected("View")
	}
	d.dialog.Hide() // Cancel: nothing shared
	u.idle()
	_ = live.Do(func(hh *household.Household) error {
		if got := hhvault.SharedWithWords("Dad", hh.Readers(dad.ID), false); got != "Dad is shared with Dad's laptop (manages everyone) only." {
			t.Errorf("after Cancel: %q", got)
		}
		return nil
	})
}
