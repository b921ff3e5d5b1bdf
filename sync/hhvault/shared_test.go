package hhvault

import (
	"context"
	"testing"
	"time"

	"carekeeper/internal/testutil"
	"carekeeper/storage"
	cksync "carekeeper/sync"
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

	hc := joinWith(t, ha, vc, cfg, household.Grant{Profile: s.ID, Role: household.RoleView})
	round := func() { t.Helper(); exchangeAll(t, ha, hc, ha, hc) }
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

// joinWith joins vault v to the household of admin with grants (admin's exchanges admit it).
func joinWith(t *testing.T, admin *household.Household, v *storage.Vault, cfg Config, grants ...household.Grant) *household.Household {
	t.Helper()
	ctx := context.Background()
	code, _, err := admin.Invite(ctx, grants, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var h *household.Household
	done := make(chan error, 1)
	go func() {
		var err error
		h, err = Join(ctx, v, cfg, nil, code, "Tablet", time.Minute, time.Now)
		done <- err
	}()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return h
		case <-time.After(10 * time.Millisecond):
			if _, err := admin.Exchange(ctx, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func exchangeAll(t *testing.T, hs ...*household.Household) {
	t.Helper()
	for _, h := range hs {
		if _, err := h.Exchange(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// The same through the importer with two Synthea people who both have Devices and
// Medications (filed as shared records): a device shared only on one of them holds exactly the
// shared records that person's records refer to or that refer to that person, and nothing of
// the other person.
func TestImportedSharedRecordsFollowTheirPeople(t *testing.T) {
	ctx := context.Background()
	va, vc := openVault(t), openVault(t)
	cfg := Config{Folder: t.TempDir()}
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"synthea/Lola232_Miramontes145_*.json", "synthea/Sharonda198_Pia232_*.json"} {
		if _, err := cksync.ImportFile(ctx, va, testutil.Fixture(t, f), cksync.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	ps, _ := va.Profiles()
	if len(ps) != 2 {
		t.Fatalf("%d people imported, want 2", len(ps))
	}
	owner := map[storage.ID]string{}
	links := map[storage.ID][]storage.ID{}
	if err := va.Records(ctx, storage.Query{MetaOnly: true}, func(r *storage.Record) error {
		owner[r.ID] = r.Profile
		links[r.ID] = r.Meta.Links
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Who each shared record is about, read directly (the fixtures' shared records refer to
	// no other shared record).
	about := map[storage.ID]map[string]bool{}
	mark := func(sh storage.ID, p string) {
		if about[sh] == nil {
			about[sh] = map[string]bool{}
		}
		about[sh][p] = true
	}
	for id, ls := range links {
		for _, l := range ls {
			switch {
			case owner[id] == storage.SharedProfile && owner[l] != storage.SharedProfile && owner[l] != "":
				mark(id, owner[l])
			case owner[id] != storage.SharedProfile && owner[l] == storage.SharedProfile:
				mark(l, owner[id])
			}
		}
	}
	seen, other := ps[0].ID, ps[1].ID
	count := map[string]map[string]int{seen: {}, other: {}}
	for sh, people := range about {
		for p := range people {
			count[p][sh.Type]++
		}
	}
	for _, p := range []string{seen, other} {
		if count[p]["Device"] == 0 || count[p]["Medication"] == 0 {
			t.Fatalf("a person of the fixtures refers to no shared Device or Medication: %v", count[p])
		}
	}
	hc := joinWith(t, ha, vc, cfg, household.Grant{Profile: seen, Role: household.RoleView})
	exchangeAll(t, ha, hc, ha, hc)

	got := map[storage.ID]string{}
	if err := vc.Records(ctx, storage.Query{MetaOnly: true}, func(r *storage.Record) error {
		got[r.ID] = r.Profile
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for id, p := range owner {
		want := p == seen
		if p == storage.SharedProfile {
			want = len(about[id]) == 0 || about[id][seen]
		}
		if _, has := got[id]; has != want {
			t.Errorf("the tablet holds a %s (%s): %v, want %v", id.Type, map[bool]string{true: "shared", false: "of a person"}[p == storage.SharedProfile], has, want)
		}
	}
}
