package app

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F341: a medicine stopped on one computer while its times were set on another before they
// exchanged stayed stopped on both with no reminders, and the household line said nothing.
// Settings → Household says it once, as a dose skipped here and given there (F327).
func TestHousehold_SaysAMedicineStoppedWhileItsTimesWereSetElsewhere(t *testing.T) {
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	grace, err := u.vault.AddProfile("Grace Okafor", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	// The stop and the times set within the minute now is in: a stop a minute before now fell
	// on the day before when the test ran at midnight, and was said with its date (the CI run
	// at 00:00 on 7 Dec).
	stopped := time.Now().UTC().Truncate(time.Minute)
	now := stopped.Add(time.Millisecond)
	last := hhvault.LoadLast(u.vault)
	last.Stopped = []hhvault.StoppedWhileSet{{Person: "Grace Okafor", Profile: grace.ID, Medicine: "Warfarin 5 mg tablet", MedKey: "k",
		StoppedAt: stopped, TimesBy: "bedroom-device", TimesAt: now, Times: "once a day at 19:00", Learned: now}}
	b, _ := json.Marshal(last)
	if err := u.vault.UpdateState(u.ctx, storage.StateOp{Key: hhvault.LastKey, Value: b}); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.idle()
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	shown := strings.Join(strings.Fields(strings.Join(shownTexts(u.win), " ")), " ")
	want := "Warfarin 5 mg tablet for Grace Okafor was stopped on this computer at " + stopped.Local().Format("15:04") +
		" and its times were set to once a day at 19:00 on another device of the household at " + now.Local().Format("15:04") + ", after the stop: it stays stopped, with no reminders"
	if !strings.Contains(shown, want) {
		t.Errorf("Settings says %q\nwant %q", shown, want)
	}
}

// F348, the app's part: a caregiver's laptop joined with an invitation for Dad, holding its
// own Tom, invited another computer of Dad alone ("Invite a device…" offered only the people it
// already managed, though the CLI shares Tom): the invitation now names Tom too, and is made.
func TestHousehold_InviteOffersThePeopleThisComputerMade(t *testing.T) {
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	odir, _ := newVault(t)
	other, err := storage.Open(odir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	dad, err := other.AddProfile("Dad", "1940-01-01")
	if err != nil {
		t.Fatal(err)
	}
	oh, err := hhvault.Create(u.ctx, other, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := oh.Invite(u.ctx, []household.Grant{{Profile: dad.ID, Role: household.RoleManage}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	hh := joinHousehold(u.ctx, t, other, oh, cfg, u.vault, code, "Carer's laptop")
	for i := 0; i < 2; i++ {
		if _, err := hhvault.Exchange(u.ctx, other, oh, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	tom, err := u.vault.AddProfile("Tom", "1990-01-01")
	if err != nil {
		t.Fatal(err)
	}
	grants, err := inviteGrants(u.vault, hh)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range grants {
		got = append(got, g.Profile)
	}
	if !slices.Contains(got, dad.ID) || !slices.Contains(got, tom.ID) || len(got) != 2 {
		t.Fatalf("invitation grants %v, want Dad %s and Tom %s", got, dad.ID, tom.ID)
	}
	if _, _, err := hh.Invite(u.ctx, grants, time.Now()); err != nil {
		t.Fatalf("the invitation: %v", err)
	}
}
