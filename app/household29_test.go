package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// F216, the part left: Mum Smith (born 1 Jan 1950) made on two computers before the household
// shared her stayed two people, without a word when they had no record in common. Settings →
// Household now says it and offers to join them, asked first and never by itself (two people of
// one name and birth date exist, F122); joined, the shared Mum Smith has the records of both and
// this computer's is gone.
func TestHousehold_OffersToJoinTwoPeopleMadeOnTwoComputers(t *testing.T) {
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(u.ctx, u.vault, cfg, nil, "Family", "Kitchen laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	odir, _ := newVault(t)
	other, err := storage.Open(odir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	code, _, err := hh.Invite(u.ctx, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	oh := joinHousehold(u.ctx, t, u.vault, hh, cfg, other, code, "Anna's laptop")
	here, err := u.vault.AddProfile("Mum Smith", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := other.AddProfile("Mum Smith", "1950-01-01")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := storage.NewRecord(here.ID, storage.ID{Source: "clinic", Type: "Condition", ID: "c1"},
		[]byte(`{"resourceType":"Condition","id":"c1","code":{"text":"Asthma"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.vault.Write(u.ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, other, oh, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(u.ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.main.loadPeople("")
	u.idle()
	s := u.shell
	s.restale()
	s.show(scSettings)
	u.idle()
	shown := strings.Join(strings.Fields(strings.Join(shownTexts(u.win), " ")), " ")
	if want := "Mum Smith, shared by Anna's laptop, has the name and birth date of this computer's own Mum Smith (made on both computers before it was shared)."; !strings.Contains(shown, want) {
		t.Errorf("Settings says %q\nwant %q", shown, want)
	}
	h := s.pages[scSettings].(*settingsPage).house
	if len(h.joinBts) != 1 {
		t.Fatalf("join buttons: %d", len(h.joinBts))
	}
	// Asked first: Cancel changes nothing.
	test.Tap(h.joinBts[0])
	if h.joining == nil {
		t.Fatal("joining asks nothing")
	}
	h.joining.Dismiss()
	u.idle()
	if _, err := u.vault.Profile(here.ID); err != nil {
		t.Fatalf("Cancel joined them: %v", err)
	}
	test.Tap(h.joinBts[0])
	h.joining.Confirm()
	u.users.Wait()
	u.idle()
	if _, err := u.vault.Profile(here.ID); err == nil {
		t.Error("this computer's Mum Smith is still here after Join them")
	}
	if got, err := u.vault.Get(rec.ID); err != nil || got.Profile != theirs.ID {
		t.Errorf("her Asthma is with %v (%v), want the shared Mum Smith %s", got, err, theirs.ID)
	}
	if len(h.joinBts) != 0 {
		t.Errorf("still offered to join: %d", len(h.joinBts))
	}
}
