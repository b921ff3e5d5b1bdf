package hhvault

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/household"
)

// A join that was never admitted keeps its keys and request in the vault while its code is
// valid (a retry resumes it); once the code has expired, the next look at the household
// (household status, today, the daemon or the app starting) forgets it. Before, it stayed
// until the next join or create.
func TestExpiredPendingJoinForgotten(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Folder: t.TempDir()}
	va := openVault(t)
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		age     time.Duration // how long ago the invitation was made
		look    func(vb *storage.Vault) error
		dropped bool
	}{
		{"valid, status", time.Minute, func(vb *storage.Vault) error { _, _, err := Open(ctx, vb, nil); return err }, false},
		{"expired, status", 20 * time.Minute, func(vb *storage.Vault) error { _, _, err := Open(ctx, vb, nil); return err }, true},
		{"expired, today", 20 * time.Minute, func(vb *storage.Vault) error { _, _, err := DeviceNames(ctx, vb); return err }, true},
	} {
		made := time.Now().Add(-c.age)
		code, _, err := ha.Invite(ctx, nil, made)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ha.Exchange(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
		vb := openVault(t)
		if _, err := Join(ctx, vb, cfg, nil, code, "Tablet", 0, func() time.Time { return made.Add(time.Second) }); !errors.Is(err, household.ErrNotAdmitted) {
			t.Fatalf("%s: join: %v", c.name, err)
		}
		if b, _ := vb.LoadState(ctx); b == nil {
			t.Fatalf("%s: no pending join kept", c.name)
		}
		if err := c.look(vb); err != nil && !errors.Is(err, ErrNoTransport) {
			t.Fatalf("%s: %v", c.name, err)
		}
		if b, _ := vb.LoadState(ctx); (b == nil) != c.dropped {
			t.Errorf("%s: pending join dropped %v, want %v", c.name, b == nil, c.dropped)
		}
	}
}

// The join exchanged with the household: right after it, the status and the devices say so
// (they said "no exchange has run" and this device "never seen").
func TestJoinIsAnExchange(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Folder: t.TempDir()}
	va, vb := openVault(t), openVault(t)
	ha, err := Create(ctx, va, cfg, nil, "Family", "Desk", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Exchange(ctx, va, ha, time.Now()); err != nil {
		t.Fatal(err)
	}
	hb := joinWith(t, ha, vb, cfg)
	last := LoadLast(vb)
	if last.OK.IsZero() {
		t.Fatal("no exchange recorded by the join")
	}
	st := MakeStatus(hb, cfg, last, time.Now())
	if strings.Contains(st.Line, "no exchange") || st.LastSync == "" {
		t.Errorf("status right after joining: %q (last sync %q)", st.Line, st.LastSync)
	}
	for _, d := range st.Devices {
		if d.Self && d.LastSeen == "" {
			t.Errorf("this device never seen right after joining: %+v", d)
		}
	}
}
