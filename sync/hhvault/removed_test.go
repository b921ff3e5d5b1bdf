package hhvault

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// When an exchange learns that this device was removed, the vault records when, and the
// people the household shares (another device follows them) — not the device's own people,
// never shared — so the reminders of the shared people are held here (HoldPeople).
func TestRemovalRecorded(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Folder: t.TempDir()}
	va, vb := openVault(t), openVault(t)
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	dad, _ := va.AddProfile("Dad", "1950-01-01")
	mum, _ := va.AddProfile("Mum", "1952-01-01") // not shared with the laptop
	exchangeAll(t, ha)
	hb := joinWith(t, ha, vb, cfg, household.Grant{Profile: dad.ID, Role: household.RoleManage})
	exchangeAll(t, ha, hb, ha, hb)
	anna, _ := vb.AddProfile("Anna", "1980-01-01") // the laptop owner's own
	if _, err := Exchange(ctx, vb, hb, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, ok := LoadRemoval(vb); ok || HoldPeople(vb) != nil {
		t.Fatal("a removal recorded before any")
	}
	before := time.Now()
	if err := ha.Revoke(ctx, hb.DeviceID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	exchangeAll(t, ha)
	_, err = Exchange(ctx, vb, hb, time.Now())
	if !IsRemoved(err) {
		t.Fatalf("the removed device's exchange: %v", err)
	}
	r, ok := LoadRemoval(vb)
	if !ok || !slices.Equal(r.People, []string{dad.ID}) || r.At.Before(before.Add(-time.Second)) || r.At.After(time.Now().Add(time.Second)) {
		t.Fatalf("removal recorded: %+v, %v (Dad %s, Mum %s, Anna %s)", r, ok, dad.ID, mum.ID, anna.ID)
	}
	if h := HoldPeople(vb); !h[dad.ID] || h[anna.ID] || len(h) != 1 {
		t.Errorf("held: %v", h)
	}
	// A change of a person the household shares is refused here: it would never leave this
	// device (F338: a dose answered here was "Recorded" and the devices reminding Dad kept it
	// due). The owner's own person is changed as before.
	for _, c := range []struct {
		who  string
		want error
	}{{dad.ID, storage.ErrNotShared}, {anna.ID, nil}} {
		rec, err := storage.NewRecord(c.who, storage.ID{Source: "manual", Type: "Appointment", ID: "a-" + c.who}, []byte(`{"resourceType":"Appointment","id":"a-`+c.who+`","status":"booked","start":"2026-12-24T10:00:00Z"}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := vb.Write(ctx, &storage.Batch{Records: []storage.Record{rec}}); !errors.Is(err, c.want) {
			t.Errorf("an appointment added on the removed device for %s: %v, want %v", c.who, err, c.want)
		}
	}
	if since, ok := vb.NotShared(dad.ID); !ok || !since.Equal(r.At) {
		t.Errorf("Dad not shared here since %v, %v; removed %v", since, ok, r.At)
	}
	if st := MakeStatus(hb, cfg, LoadLast(vb), time.Now()); !strings.HasPrefix(st.Line, "This device was removed from the household on ") {
		t.Errorf("status line: %q", st.Line)
	}
	if _, ok := LoadRemoval(va); ok {
		t.Error("the device that stays recorded a removal")
	}
	if err := Leave(ctx, vb); err != nil {
		t.Fatal(err)
	}
	if _, ok := LoadRemoval(vb); ok {
		t.Error("the removal outlived leaving the household")
	}
}

// This device was last seen at its last successful exchange, not at its newest segment: an
// exchange with nothing to send said "last seen" hours ago of the device in use. The others
// keep the time of their newest segment or heartbeat.
func TestSelfLastSeenIsTheLastExchange(t *testing.T) {
	seg := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	ok := seg.Add(3 * time.Hour)
	ds := []household.Device{{ID: "a", Name: "Desk", LastSeen: seg, Self: true}, {ID: "b", Name: "Tablet", LastSeen: seg}, {ID: "c", Name: "New"}}
	got := DescribeDevices(ds, Last{OK: ok})
	if got[0].LastSeen != ok.Format(time.RFC3339) || got[1].LastSeen != seg.Format(time.RFC3339) || got[2].LastSeen != "" {
		t.Errorf("last seen: %+v", got)
	}
	if got := DescribeDevices(ds, Last{}); got[0].LastSeen != seg.Format(time.RFC3339) {
		t.Errorf("before any exchange: %+v", got[0])
	}
}
