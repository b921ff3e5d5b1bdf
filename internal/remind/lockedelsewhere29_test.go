package remind

import (
	"context"
	"strings"
	"testing"
	"time"
)

// F271: a dose answered on another device of the household (its answer came by exchange into
// the dose log, not this device's reminder state) stayed in this device's agenda: the live one
// would have reminded it, and the locked agenda a restart fires from (reminders-locked.json)
// kept 'Dad — 08:00 medicines' that Dad's laptop had already given.
func TestDoseAnsweredElsewhereLeavesTheAgenda(t *testing.T) {
	ctx := context.Background()
	lon := mustLoc(t, "Europe/London")
	day := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, lon) }
	a, b := openVault(t), openVault(t)
	if err := a.StartChanges(ctx, "dev-a"); err != nil {
		t.Fatal(err)
	}
	if err := b.StartChanges(ctx, "dev-b"); err != nil {
		t.Fatal(err)
	}
	dad := addPerson(t, a, "Dad")
	ref := addMed(t, a, dad, "m1", "Metformin 500 mg", twiceDaily)
	s, _ := LoadSettings(a, dad)
	s.Zone = "Europe/London"
	if err := SaveSettings(ctx, a, dad, s); err != nil {
		t.Fatal(err)
	}
	var ca uint64
	exchange(t, a, b, &ca)
	clk := &fakeClock{now: day(7, 0)}
	e := New(b, newRecorder(), Options{Clock: clk, Device: func() *time.Location { return lon }})
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.Step(ctx)
	at8 := func() bool {
		for _, f := range e.LockSafeAgenda() {
			if f.At.Equal(day(8, 0)) && strings.Contains(f.Tag, dad) {
				return true
			}
		}
		return false
	}
	if !at8() {
		t.Fatal("the 08:00 dose is not in the agenda before it is answered")
	}
	answer(t, a, dad, ref, day(7, 40)) // given on Dad's laptop, before its time
	exchange(t, a, b, &ca)
	e.Reload()
	if at8() {
		t.Error("the 08:00 dose given on another device is still in the agenda a restart reminds from")
	}
	for _, r := range e.Agenda() {
		if r.Kind == KindDose && r.At.Equal(day(8, 0)) {
			t.Errorf("the engine would remind the 08:00 dose given on another device: %s", r.Title)
		}
	}
}
