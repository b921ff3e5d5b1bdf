package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// A shared record (Medication, Organization, Location, Device …) reaches a device only if
// the device may see a person who refers to it (issue 14 §2: records a device may not see
// are never sent to it): a device shared only on S gets S's Medication, Organization and
// Location (also through a Location's organization), never L's Device or Medication; when S
// later starts referring to L's Medication, or a shared record S refers to changes, it gets
// that too.
func TestSharedRecordsFollowTheirPeople(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	va, vc := openVault(t), openVault(t)
	cfg := Config{Folder: dir}
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	l, _ := va.AddProfile("Lee", "1980-01-01")
	s, _ := va.AddProfile("Sam", "1990-01-01")
	id := func(typ, n string) storage.ID { return storage.ID{Source: "portal", Type: typ, ID: n} }
	write := func(profile string, rid storage.ID, body string, links ...storage.ID) {
		t.Helper()
		rec, err := storage.NewRecord(profile, rid, []byte(`{"resourceType":"`+rid.Type+`","id":"`+rid.ID+`"`+body+`}`))
		if err != nil {
			t.Fatal(err)
		}
		rec.Meta.Links = links
		if _, err := va.Write(ctx, &storage.Batch{Now: time.Now(), Records: []storage.Record{rec}}); err != nil {
			t.Fatal(err)
		}
	}
	var (
		patL, patS   = id("Patient", "l"), id("Patient", "s")
		devL         = id("Device", "pump")
		medL, medS   = id("Medication", "inj"), id("Medication", "tab")
		reqL, reqS   = id("MedicationRequest", "rl"), id("MedicationRequest", "rs")
		encS, reqS2  = id("Encounter", "es"), id("MedicationRequest", "rs2")
		orgS, orgLoc = id("Organization", "clinic"), id("Organization", "owner")
		loc, orgL    = id("Location", "ward"), id("Organization", "lab")
		encL         = id("Encounter", "el")
	)
	write(l.ID, patL, ``)
	write(storage.SharedProfile, devL, `,"patient":{"reference":"Patient/l"}`, patL)
	write(storage.SharedProfile, medL, `,"code":{"text":"injection"}`)
	write(storage.SharedProfile, orgL, `,"name":"Lab"`)
	write(l.ID, reqL, ``, medL, patL)
	write(l.ID, encL, ``, orgL, patL)
	write(s.ID, patS, ``)
	write(storage.SharedProfile, medS, `,"code":{"text":"tablet"}`)
	write(storage.SharedProfile, orgS, `,"name":"Clinic"`)
	write(storage.SharedProfile, orgLoc, `,"name":"Owner"`)
	write(storage.SharedProfile, loc, `,"name":"Ward"`, orgLoc)
	write(s.ID, reqS, ``, medS, patS)
	write(s.ID, encS, ``, orgS, loc, patS)
	if _, err := ha.Exchange(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}

	code, _, err := ha.Invite(ctx, []household.Grant{{Profile: s.ID, Role: household.RoleView}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var hc *household.Household
	done := make(chan error, 1)
	go func() {
		var err error
		hc, err = Join(ctx, vc, cfg, nil, code, "Tablet", time.Minute, time.Now)
		done <- err
	}()
	for joined := false; !joined; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			joined = true
		case <-time.After(10 * time.Millisecond):
			if _, err := ha.Exchange(ctx, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	round := func() {
		t.Helper()
		for _, h := range []*household.Household{ha, hc, ha, hc} {
			if _, err := h.Exchange(ctx, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	round()
	has := func(rid storage.ID) bool { _, err := vc.Get(rid); return err == nil }
	check := func(when string, want map[storage.ID]bool) {
		t.Helper()
		for rid, w := range want {
			if got := has(rid); got != w {
				t.Errorf("%s: the tablet holds %s/%s: %v, want %v", when, rid.Type, rid.ID, got, w)
			}
		}
	}
	check("after joining", map[storage.ID]bool{
		patS: true, reqS: true, encS: true, medS: true, orgS: true, loc: true, orgLoc: true,
		patL: false, reqL: false, encL: false, devL: false, medL: false, orgL: false,
	})

	// Sam starts referring to Lee's medicine (it does not change itself), and the clinic
	// Sam refers to is renamed (its referrers do not change).
	write(s.ID, reqS2, ``, medL, patS)
	write(storage.SharedProfile, orgS, `,"name":"Clinic North"`)
	round()
	check("after Sam refers to it", map[storage.ID]bool{reqS2: true, medL: true, devL: false, orgL: false})
	if r, err := vc.Get(orgS); err != nil || string(r.Resource) != `{"resourceType":"Organization","id":"clinic","name":"Clinic North"}` {
		t.Errorf("the renamed clinic on the tablet: %s, %v", r.Resource, err)
	}
	for _, rid := range []storage.ID{medL, orgS} {
		if p, _ := vc.ProfileOf(rid); p != storage.SharedProfile {
			t.Errorf("%s/%s on the tablet is filed under %q, want the shared records", rid.Type, rid.ID, p)
		}
	}
}
