package remind

import (
	"context"
	"strings"
	"testing"
	"time"

	"carekeeper/storage"
)

// The agenda saved when the daemon stops (LockSafeAgenda) follows a reload asked for just
// before (Reload: the household learned this device was removed, its people are held) even
// when the engine stopped before its next step: it reminded the held person from the saved
// agenda (TestDaemonLearnsRemovalWhileRunning, failing under load).
func TestSavedAgendaFollowsAPendingReload(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	v := openVault(t)
	dad := addPerson(t, v, "Dad")
	addMed(t, v, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(v, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, v, dad, s); err != nil {
		t.Fatal(err)
	}
	held := false
	clk := &fakeClock{now: time.Date(2026, 6, 1, 7, 0, 0, 0, lon)}
	e := New(v, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return lon },
		HoldPeople: func(*storage.Vault) map[string]bool {
			if held {
				return map[string]bool{dad: true}
			}
			return nil
		}})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.Step(ctx)
	if len(e.LockSafeAgenda()) == 0 {
		t.Fatal("no agenda before the removal")
	}
	held = true
	e.Reload() // no step after it: the daemon stops
	for _, f := range e.LockSafeAgenda() {
		if strings.Contains(f.Tag, dad) {
			t.Errorf("the saved agenda reminds the held person: %s at %s", f.Tag, f.At)
		}
	}
}
