package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
	"carekeeper/sync/household"
)

// F512 item 5 (Medicines): on a tablet that only views Dad, Medicines said "Choose a medicine to
// set its times, supply and refill reminder.", offered "Add a medicine by hand…", and a
// medicine opened its times and supply to set. There it now says which computer sets them,
// offers no adding, and a medicine opens its record.
func TestMeds_ADeviceThatOnlyViewsSetsNothing(t *testing.T) {
	ctx := context.Background()
	dir, _ := newVault(t)
	dads, err := storage.Open(dir, []byte(testPass), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer dads.Close()
	dad, _ := dads.AddProfile("Dad", "")
	res := `{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},` +
		`"subject":{"reference":"Patient/p1"},"authoredOn":"2026-01-01","dosageInstruction":` + twiceDaily + `}`
	rec, err := storage.NewRecord(dad.ID, storage.ID{Source: "clinic", Type: "MedicationRequest", ID: "m1"}, []byte(res))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dads.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); err != nil {
		t.Fatal(err)
	}
	cfg := hhvault.Config{Folder: t.TempDir()}
	a, err := hhvault.Create(ctx, dads, cfg, nil, "Family", "Dad's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := a.Invite(ctx, []household.Grant{{Profile: dad.ID, Role: household.RoleView}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	u := unlocked(t)
	joined := make(chan error, 1)
	var hh *household.Household
	go func() {
		var err error
		hh, err = hhvault.Join(ctx, u.vault, cfg, nil, code, "Anna's tablet", time.Minute, time.Now)
		joined <- err
	}()
	for done := false; !done; {
		if _, err := hhvault.Exchange(ctx, dads, a, time.Now()); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-joined:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(100 * time.Millisecond):
		}
	}
	if _, err := hhvault.Exchange(ctx, dads, a, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := hhvault.Exchange(ctx, u.vault, hh, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !u.vault.ViewOnly(dad.ID) {
		t.Fatal("the tablet does not only view Dad")
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	u.householdStatus(live, cfg)
	u.main.loadPeople(dad.ID)
	s := u.shell
	s.restale()
	s.choose(dad.ID)
	u.idle()
	s.show(scMeds)
	u.idle()
	p := s.pages[scMeds].(*medsPage)
	if len(p.rows) == 0 {
		t.Fatalf("no medicine on the tablet: %q", p.frame.sub.Text)
	}
	if p.addBt.Visible() {
		t.Error("a device that only views Dad offers to add a medicine")
	}
	sub := p.frame.sub.Text
	if want := "set on Dad's laptop, which manages Dad."; !strings.Contains(sub, want) || strings.Contains(sub, "Choose a medicine to set") {
		t.Errorf("Medicines says %q, want %q", sub, want)
	}
	p.rows[0].OnTap()
	u.idle()
	if p.edit != nil {
		t.Error("the medicine opened its times and supply to set")
	}
}
