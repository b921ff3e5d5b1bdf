package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/internal/remind"
	"carekeeper/storage"
	"carekeeper/sync/hhvault"
)

// F531, the app's part: the household's lines (a person deleted on another device, a dose
// given twice, …) were written on the process's clock (time.Local, fixed when it started),
// not on this computer's as the app has it (the reminders' zone, read again at each use): a
// laptop whose zone changed while CareKeeper ran said them an ocean away from its Today.
func TestHousehold_LinesOnThisComputersClock(t *testing.T) {
	ctx := context.Background()
	u := unlocked(t)
	deleted := time.Date(2026, 12, 5, 22, 6, 0, 0, time.UTC)
	// a zone whose clock is not the process's at that moment
	here, _ := time.LoadLocation("Pacific/Kiritimati")
	if _, off := deleted.In(here).Zone(); func() bool { _, l := deleted.In(time.Local).Zone(); return l == off }() {
		here, _ = time.LoadLocation("America/St_Johns")
	}
	u.rem.opts = remind.Options{Device: func() *time.Location { return here }}
	cfg := hhvault.Config{Folder: t.TempDir()}
	hh, err := hhvault.Create(ctx, u.vault, cfg, u.zoneOnlyEnv, "Family", "Anna's laptop", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	live := hhvault.NewLive(u.vault, hh)
	u.hh.live.Store(live)
	gone := hhvault.DeletedPerson{Name: "Clemente Kreiger", By: "dev2", At: deleted, Learned: time.Now()}
	was := takeNotes
	takeNotes = func(context.Context, *storage.Vault) (householdNotes, error) {
		return householdNotes{deleted: []hhvault.DeletedPerson{gone}}, nil
	}
	defer func() { takeNotes = was }()
	u.householdStatus(live, cfg)
	all := strings.Join(u.hh.status.Load().Warnings, "\n")
	at := deleted.In(here)
	if want := "Clemente Kreiger was deleted on another device of the household on " + at.Format("2 Jan 2006") + " at " + at.Format("15:04"); !strings.Contains(all, want) {
		t.Errorf("the household's lines:\n%s\nwant %q (on %s's clock, not the process's %s)", all, want, here, time.Local)
	}
}
