package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// The household's news shown once (a person deleted on another computer, a setting replaced,
// …) is marked shown in the vault by hhvault's Take*; their errors were dropped. On a full
// disk the marking failed without a word, the same line came again at every status and was
// added again each time. Now each line shows once, and why it may come back is said.
func TestHousehold_NewsNotMarkedShownIsSaidOnce(t *testing.T) {
	ctx := context.Background()
	u := unlocked(t)
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(ctx, u.vault, cfg, nil, "Family", "Anna's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	gone := hhvault.DeletedPerson{Name: "Clemente Kreiger", By: "dev2", At: time.Now().Add(-time.Hour), Learned: time.Now()}
	was := takeNotes
	takeNotes = func(context.Context, *storage.Vault) (householdNotes, error) {
		return householdNotes{deleted: []hhvault.DeletedPerson{gone}}, storage.ErrDiskFull
	}
	defer func() { takeNotes = was }()
	for range 2 {
		u.householdStatus(live, cfg)
	}
	st := u.hh.status.Load()
	all := strings.Join(st.Warnings, "\n")
	if n := strings.Count(all, "Clemente Kreiger was deleted"); n != 1 {
		t.Errorf("the deletion is said %d times, want once:\n%s", n, all)
	}
	want := "Some of the household's news could not be noted as shown on this computer, so it may be shown again: The disk is full. Free some space, then try again."
	if n := strings.Count(all, want); n != 1 {
		t.Errorf("said %d times, want once %q:\n%s", n, want, all)
	}
}
