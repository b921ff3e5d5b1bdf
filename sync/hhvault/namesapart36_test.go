package hhvault

import (
	"context"
	"slices"
	"testing"
	"time"

	"carekeeper/sync/household"
)

// F469: inviting Kenji's tablet for the son (to manage) and his late father (to view) said
// "Kenji Nakamura will be shared with the new device only." twice: which is which could not be
// seen where a carer decides who may manage whom. The household's lines name people as People
// and 'profile list' do, and say per person whether the new device will manage them or only
// view them (F469's role line: neither the app's invitation nor 'household invite' said it).
func TestInviteLinesTellFatherAndSonApart(t *testing.T) {
	ctx := context.Background()
	v := openVault(t)
	h, err := Create(ctx, v, Config{Folder: t.TempDir()}, nil, "Nakamura home", "Maria's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	sr, err := v.AddProfile("Kenji Nakamura", "1946-02-11")
	if err != nil {
		t.Fatal(err)
	}
	jr, err := v.AddProfile("Kenji Nakamura", "1974-06-30")
	if err != nil {
		t.Fatal(err)
	}
	lines, err := InviteLines(context.Background(), v, h, []household.Grant{{Profile: jr.ID, Role: household.RoleManage}, {Profile: sr.ID, Role: household.RoleView}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Kenji Nakamura (born 1974) will be shared with the new device only. The new device will manage Kenji Nakamura (born 1974): record their doses and change their reminders.",
		"Kenji Nakamura (born 1946) will be shared with the new device only. The new device will only view Kenji Nakamura (born 1946): see their records and get their alerts, not record doses or change reminders.",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("invitation lines %q, want %q", lines, want)
	}
}
